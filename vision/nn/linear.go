package nn

import (
	"fmt"

	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Linear is torch.nn.Linear: y = x·Wᵀ + b on the last axis.
//
// Variables: "weight" [in, out] (PyTorch stores [out, in]; LoadStateDict and
// StateDict transpose) and "bias" [out].
type Linear struct {
	in, out int
	affine
}

// NewLinear returns Linear(in_features, out_features) with bias=True,
// kaiming-uniform(a=√5) weights and U(±1/√in) bias, PyTorch's defaults.
func NewLinear(inFeatures, outFeatures int) *Linear {
	return &Linear{in: inFeatures, out: outFeatures, affine: torchAffine()}
}

// Bias sets bias=true/false.
func (l *Linear) Bias(use bool) *Linear { l.bias = use; return l }

// Init sets the weight and bias initialisers (a zero Init keeps the current one).
func (l *Linear) Init(weight, bias Init) *Linear { l.setInit(weight, bias); return l }

// Type returns "Linear".
func (l *Linear) Type() string { return "Linear" }

// String is PyTorch's repr.
func (l *Linear) String() string {
	return fmt.Sprintf("Linear(in_features=%d, out_features=%d, bias=%v)", l.in, l.out, pyBool(l.bias))
}

// OutputShape maps [..., in] to [..., out].
func (l *Linear) OutputShape(in []int) ([]int, error) {
	if l.in <= 0 || l.out <= 0 {
		return nil, fmt.Errorf("%s: features must be positive", l)
	}
	if len(in) == 0 || in[len(in)-1] != l.in {
		return nil, fmt.Errorf("%s: input shape %v, want [..., %d] (flatten images first)", l, in, l.in)
	}
	out := append([]int(nil), in...)
	out[len(out)-1] = l.out
	return out, nil
}

// StateEntries lists "weight" (and "bias").
func (l *Linear) StateEntries(in []int) []StateEntry {
	e := []StateEntry{{Name: "weight", TorchShape: []int{l.out, l.in}, Shape: []int{l.in, l.out}, Perm: []int{1, 0}, Trainable: true}}
	if l.bias {
		e = append(e, StateEntry{Name: "bias", TorchShape: []int{l.out}, Shape: []int{l.out}, Trainable: true})
	}
	return e
}

// Params lists weight [out, in] and bias [out].
func (l *Linear) Params(in []int) []Param { return paramsOf(l.StateEntries(in)) }

// MultAdds is (in·out + out) per row with a bias, in·out without: torchinfo
// counts every parameter of a Linear once per row.
func (l *Linear) MultAdds(in, out []int) int64 {
	rows := int64(1)
	for _, d := range in[:max(len(in)-1, 0)] {
		rows *= int64(d)
	}
	per := int64(l.in) * int64(l.out)
	if l.bias {
		per += int64(l.out)
	}
	return rows * per
}

// Forward computes x·W + b for x [..., in].
func (l *Linear) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	d := x.Shape().Dimensions
	if x.Rank() < 1 || d[len(d)-1] != l.in {
		panicf("%s: input %s, want [..., %d] (flatten images first)", l, x.Shape(), l.in)
	}
	g := x.Graph()
	w := variable(scope, "weight", shapes.Make(x.DType(), l.in, l.out), l.weightInit, l.in, l.out).NodeValue(g)
	y := graph.DotGeneral(x, []int{x.Rank() - 1}, nil, w, []int{0}, nil)
	if l.bias {
		b := variable(scope, "bias", shapes.Make(x.DType(), l.out), l.biasInit, l.in, l.out).NodeValue(g)
		y = graph.Add(y, graph.ExpandLeftToRank(b, y.Rank()))
	}
	return y
}

// Flatten is torch.nn.Flatten() (start_dim=1): [B, ...] -> [B, F]. A
// channels-last image [B,H,W,C] is first transposed to [B,C,H,W], so the
// features come in PyTorch's order and a PyTorch Linear that follows loads
// unchanged.
type Flatten struct{}

// NewFlatten returns Flatten().
func NewFlatten() *Flatten { return &Flatten{} }

// Type returns "Flatten".
func (f *Flatten) Type() string { return "Flatten" }

// String is PyTorch's repr.
func (f *Flatten) String() string { return "Flatten(start_dim=1, end_dim=-1)" }

// OutputShape maps [C,H,W] (or any shape) to [C·H·W].
func (f *Flatten) OutputShape(in []int) ([]int, error) {
	n := 1
	for _, d := range in {
		if d <= 0 {
			return nil, fmt.Errorf("Flatten: input shape %v has a non-positive dimension", in)
		}
		n *= d
	}
	return []int{n}, nil
}

// Params returns nil.
func (f *Flatten) Params(in []int) []Param { return nil }

// MultAdds returns 0.
func (f *Flatten) MultAdds(in, out []int) int64 { return 0 }

// Forward flattens x; rank-4 input is taken as [B,H,W,C] and flattened in
// (C, H, W) order.
func (f *Flatten) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	if x.Rank() < 2 {
		panicf("Flatten: input %s, want at least [B, F]", x.Shape())
	}
	if x.Rank() == 2 {
		return x
	}
	if x.Rank() == 4 {
		d := x.Shape().Dimensions
		if d[1] != 1 || d[2] != 1 { // 1×1 maps need no transpose
			x = graph.TransposeAllAxes(x, 0, 3, 1, 2)
		}
	}
	return graph.Reshape(x, x.Shape().Dimensions[0], -1)
}

// pyBool prints a bool as Python does.
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
