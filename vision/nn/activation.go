package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Func is a parameter-free element-wise (or shape-preserving) layer given by a
// graph function, shown in summaries under its own type name. ReLU, Tanh and
// Sigmoid are Funcs; so is ScaledTanh.
//
//	nn.NewFunc("ScaledTanh", func(x *graph.Node) *graph.Node { ... })
type Func struct {
	name string
	fn   func(x *graph.Node) *graph.Node
}

// NewFunc returns a layer named typeName that applies fn. fn must keep the
// shape of its input (OutputShape returns the input shape).
func NewFunc(typeName string, fn func(x *graph.Node) *graph.Node) *Func {
	return &Func{name: typeName, fn: fn}
}

// Type returns the name given to NewFunc, e.g. "ReLU".
func (f *Func) Type() string { return f.name }

// String returns "<name>()".
func (f *Func) String() string { return f.name + "()" }

// OutputShape returns the input shape.
func (f *Func) OutputShape(in []int) ([]int, error) {
	if f.fn == nil {
		return nil, fmt.Errorf("%s: no function given", f.name)
	}
	return append([]int(nil), in...), nil
}

// Params returns nil.
func (f *Func) Params(in []int) []Param { return nil }

// MultAdds returns 0, as torchinfo does for activations.
func (f *Func) MultAdds(in, out []int) int64 { return 0 }

// Forward applies the function.
func (f *Func) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	if f.fn == nil {
		panicf("%s: no function given", f.name)
	}
	return f.fn(x)
}

// NewReLU returns ReLU(): max(x, 0).
func NewReLU() *Func {
	return NewFunc("ReLU", func(x *graph.Node) *graph.Node { return graph.Max(x, graph.ScalarZero(x.Graph(), x.DType())) })
}

// NewTanh returns Tanh(): graph.Tanh. (Up to GoMLX v0.28.8 the Go backend
// used a hand-written FastTanh, 1 − 2/(1 + e^{2x}); with compute v0.1.14's
// Go backend graph.Tanh is faster: LeNet-5 steps 0.95× the CPU time.)
func NewTanh() *Func { return NewFunc("Tanh", graph.Tanh) }

// withGradient returns value (computed from StopGradient(x)) with the
// gradient w.r.t. x given by grad(v), v being the gradient w.r.t. the result.
func withGradient(x, value *graph.Node, grad func(v *graph.Node) *graph.Node) *graph.Node {
	return withGradients([]*graph.Node{x}, value, func(v *graph.Node) []*graph.Node { return []*graph.Node{grad(v)} })
}

// withGradients returns value, computed from StopGradient copies of inputs,
// with custom gradients: grads(v) returns the gradients w.r.t. inputs given v,
// the gradient w.r.t. the result. It uses GoMLX's IdentityWithCustomGradient
// twice: on the result, to capture v, and on each input, to hand out its
// gradient (inputs are identities created after value's nodes, so the reverse
// pass visits them after the result). A zero-valued scalar link per input
// (Where(false, input[0], 0)) keeps the inputs on the differentiated path; the
// gradients arriving through the links are discarded (dead code).
func withGradients(inputs []*graph.Node, value *graph.Node, grads func(v *graph.Node) []*graph.Node) *graph.Node {
	return withGradientsLinked(inputs, func(link *graph.Node) *graph.Node { return graph.Add(value, graph.ConvertDType(link, value.DType())) }, grads)
}

// withGradientsLinked is withGradients where build makes the value from the
// zero-valued scalar link (of the inputs' dtype), which it must use — e.g.
// added to a scalar constant of the last operation — so that the value
// depends on it without an extra pass over the tensor. Nodes build creates
// from the inputs must be cut from the gradient (StopGradient).
func withGradientsLinked(inputs []*graph.Node, build func(link *graph.Node) *graph.Node, grads func(v *graph.Node) []*graph.Node) *graph.Node {
	g := inputs[0].Graph()
	var captured *graph.Node
	var results []*graph.Node
	var link *graph.Node
	for i, in := range inputs {
		xi := graph.IdentityWithCustomGradient(in, func(_, _ *graph.Node) *graph.Node {
			if captured == nil {
				panicf("internal error: custom gradient not captured")
			}
			if results == nil {
				results = grads(captured)
			}
			return results[i]
		})
		first := xi
		if xi.Rank() > 0 {
			spec := make([]graph.SliceAxisSpec, xi.Rank())
			for a := range spec {
				spec[a] = graph.AxisRange(0, 1)
			}
			first = graph.Reshape(graph.Slice(xi, spec...))
		}
		l := graph.Where(graph.Const(g, false), first, graph.ScalarZero(g, in.DType()))
		if link == nil {
			link = l
		} else {
			link = graph.Add(link, graph.ConvertDType(l, link.DType()))
		}
	}
	value := build(link)
	return graph.IdentityWithCustomGradient(value, func(_, v *graph.Node) *graph.Node {
		captured, results = v, nil // a new gradient pass: recompute
		return v
	})
}

// NewSigmoid returns Sigmoid(): 1/(1+e^−x).
func NewSigmoid() *Func { return NewFunc("Sigmoid", graph.Sigmoid) }

// NewScaledTanh returns LeCun's squashing function 1.7159·tanh(2x/3)
// (LeNet-5, 1998, appendix A), typed "ScaledTanh".
func NewScaledTanh() *Func {
	return NewFunc("ScaledTanh", func(x *graph.Node) *graph.Node {
		return graph.MulScalar(graph.Tanh(graph.MulScalar(x, 2.0/3.0)), 1.7159)
	})
}

// Dropout is torch.nn.Dropout(p): in training each element is zeroed with
// probability p and the kept ones are scaled by 1/(1−p); in evaluation it is
// the identity. Training is the graph's flag (scope.IsTraining), which
// GoMLX's Trainer sets. The mask is drawn from the Store's RNG.
type Dropout struct{ p float64 }

// NewDropout returns Dropout(p); PyTorch's default is p=0.5.
func NewDropout(p float64) *Dropout { return &Dropout{p: p} }

// Type returns "Dropout".
func (d *Dropout) Type() string { return "Dropout" }

// String is PyTorch's repr.
func (d *Dropout) String() string { return fmt.Sprintf("Dropout(p=%g, inplace=False)", d.p) }

// OutputShape returns the input shape.
func (d *Dropout) OutputShape(in []int) ([]int, error) {
	if d.p < 0 || d.p > 1 {
		return nil, fmt.Errorf("%s: p must be in [0, 1]", d)
	}
	return append([]int(nil), in...), nil
}

// Params returns nil.
func (d *Dropout) Params(in []int) []Param { return nil }

// MultAdds returns 0.
func (d *Dropout) MultAdds(in, out []int) int64 { return 0 }

// Forward applies dropout in training and the identity otherwise.
func (d *Dropout) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	if d.p < 0 || d.p > 1 {
		panicf("%s: p must be in [0, 1]", d)
	}
	g := x.Graph()
	if !scope.IsTraining(g) || d.p == 0 {
		return x
	}
	if d.p == 1 {
		return graph.ZerosLike(x)
	}
	u := scope.RandomUniform(g, x.Shape()) // [0, 1)
	keep := graph.GreaterOrEqual(u, graph.Scalar(g, x.DType(), d.p))
	return graph.Where(keep, graph.MulScalar(x, 1/(1-d.p)), graph.ZerosLike(x))
}
