package nn

import (
	"github.com/gomlx/gomlx/support/exceptions"
)

// StateEntry describes one tensor of a layer's state (parameter or buffer),
// in both layouts.
type StateEntry struct {
	Name       string // PyTorch name within the layer: "weight", "bias", "running_mean" ...
	TorchShape []int  // PyTorch shape
	Shape      []int  // GoMLX variable shape (also the variable's name within the layer's scope is Name)
	// Perm maps layouts: GoMLX axis i is PyTorch axis Perm[i] (nil: same layout).
	// Conv2d weight: Perm [2,3,1,0] ([Cout,Cin/g,kH,kW] -> [kH,kW,Cin/g,Cout]);
	// Linear weight: Perm [1,0] ([out,in] -> [in,out]).
	Perm      []int
	Trainable bool // false for buffers such as BatchNorm's running statistics
}

// Stateful is implemented by layers that own tensors: it drives Params,
// LoadStateDict and StateDict.
type Stateful interface {
	// StateEntries lists the layer's own tensors for an input shape (PyTorch
	// order, no batch axis), parameters first, then buffers.
	StateEntries(in []int) []StateEntry
}

// paramsOf keeps the trainable entries as Params.
func paramsOf(entries []StateEntry) []Param {
	var ps []Param
	for _, e := range entries {
		if e.Trainable {
			ps = append(ps, Param{Name: e.Name, Shape: e.TorchShape, Trainable: true})
		}
	}
	return ps
}

// panicf reports an error while a graph is built; GoMLX's Exec and Trainer
// turn it into an error returned to the caller.
func panicf(format string, args ...any) {
	exceptions.Panicf("nn: "+format, args...)
}
