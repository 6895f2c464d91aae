package nn

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Init initialises one parameter tensor. It receives the parameter's GoMLX
// shape and the fan-in / fan-out that PyTorch's
// torch.nn.init._calculate_fan_in_and_fan_out computes for the parameter's
// PyTorch shape (conv weight [Cout, Cin/groups, kH, kW]: fan_in =
// Cin/groups·kH·kW, fan_out = Cout·kH·kW; linear weight [out, in]: fan_in =
// in, fan_out = out; biases get the fan-in of their layer's weight).
//
// Random initialisers draw from the Store's RNG (Store.RandomUniform), so a
// seed set with store.SetParam(model.ParamInitialSeed, int64(seed)) before the
// first graph runs reproduces the weights.
//
// Name says which initialiser it is, with its arguments, in torch.nn.init's
// terms ("normal_(mean=0, std=0.01)"): a layer's description
// (models.Describe) prints it, so two networks whose layers draw their
// weights differently — another function, or the same one with other
// arguments — describe differently. An Init of one's own needs a Name that
// says what it draws:
//
//	nn.Init{Name: "lecun_uniform(±2.4/fan_in)", Fn: func(store *model.Store, g *graph.Graph, shape shapes.Shape, fanIn, _ int) *graph.Node { … }}
type Init struct {
	Name string
	Fn   func(store *model.Store, g *graph.Graph, shape shapes.Shape, fanIn, fanOut int) *graph.Node
}

// String is the initialiser's Name.
func (i Init) String() string { return i.Name }

// affine is what Linear and Conv2d share: whether they add a bias, and the
// initialisers of their weight and bias.
type affine struct {
	bias       bool
	weightInit Init
	biasInit   Init
}

// torchAffine is PyTorch's default for Linear and Conv2d: a bias,
// KaimingUniform weights and a BiasUniform bias.
func torchAffine() affine {
	return affine{bias: true, weightInit: KaimingUniform, biasInit: BiasUniform}
}

// setInit replaces the initialisers that are set (a zero Init keeps the
// current one).
func (a *affine) setInit(weight, bias Init) {
	if weight.Fn != nil {
		a.weightInit = weight
	}
	if bias.Fn != nil {
		a.biasInit = bias
	}
}

// KaimingUniform is PyTorch's default for Conv2d and Linear weights:
// kaiming_uniform_(w, a=√5), i.e. U(-b, b) with b = gain·√(3/fan_in),
// gain = √(2/(1+a²)) = √(1/3), so b = 1/√fan_in.
var KaimingUniform = Init{Name: "kaiming_uniform_(a=√5)", Fn: func(store *model.Store, g *graph.Graph, shape shapes.Shape, fanIn, _ int) *graph.Node {
	return uniform(store, g, shape, 1/math.Sqrt(float64(max(fanIn, 1))))
}}

// BiasUniform is PyTorch's default for Conv2d and Linear biases:
// U(-1/√fan_in, 1/√fan_in) (0 bound when fan_in is 0).
var BiasUniform = Init{Name: "uniform_(±1/√fan_in)", Fn: func(store *model.Store, g *graph.Graph, shape shapes.Shape, fanIn, _ int) *graph.Node {
	if fanIn <= 0 {
		return graph.Zeros(g, shape)
	}
	return uniform(store, g, shape, 1/math.Sqrt(float64(fanIn)))
}}

// KaimingNormalFanIn is torch.nn.init.kaiming_normal_(w, mode="fan_in",
// nonlinearity="relu"): N(0, 2/fan_in), He et al. 2015's initialisation for
// ReLU networks, which keeps the forward signal's variance layer after layer.
var KaimingNormalFanIn = Init{Name: "kaiming_normal_(mode=fan_in, nonlinearity=relu)", Fn: func(store *model.Store, g *graph.Graph, shape shapes.Shape, fanIn, _ int) *graph.Node {
	return graph.MulScalar(store.RandomNormal(g, shape), math.Sqrt(2/float64(max(fanIn, 1))))
}}

// KaimingNormalFanOut is torch.nn.init.kaiming_normal_(w, mode="fan_out",
// nonlinearity="relu"): N(0, 2/fan_out), which keeps the backward signal's
// variance (torchvision's VGG initialises its convolutions so).
var KaimingNormalFanOut = Init{Name: "kaiming_normal_(mode=fan_out, nonlinearity=relu)", Fn: func(store *model.Store, g *graph.Graph, shape shapes.Shape, _, fanOut int) *graph.Node {
	return graph.MulScalar(store.RandomNormal(g, shape), math.Sqrt(2/float64(max(fanOut, 1))))
}}

// XavierUniform is torch.nn.init.xavier_uniform_ (gain 1):
// U(-b, b) with b = √(6/(fan_in+fan_out)).
var XavierUniform = Init{Name: "xavier_uniform_(gain=1)", Fn: func(store *model.Store, g *graph.Graph, shape shapes.Shape, fanIn, fanOut int) *graph.Node {
	return uniform(store, g, shape, math.Sqrt(6/float64(max(fanIn+fanOut, 1))))
}}

// Zeros initialises with 0 (torch.nn.init.zeros_).
var Zeros = Init{Name: "zeros_", Fn: func(_ *model.Store, g *graph.Graph, shape shapes.Shape, _, _ int) *graph.Node {
	return graph.Zeros(g, shape)
}}

// Ones initialises with 1 (torch.nn.init.ones_).
var Ones = Init{Name: "ones_", Fn: func(_ *model.Store, g *graph.Graph, shape shapes.Shape, _, _ int) *graph.Node {
	return graph.Ones(g, shape)
}}

// Uniform returns an initialiser drawing from U(lo, hi) (torch.nn.init.uniform_).
func Uniform(lo, hi float64) Init {
	return Init{Name: fmt.Sprintf("uniform_(a=%g, b=%g)", lo, hi), Fn: func(store *model.Store, g *graph.Graph, shape shapes.Shape, _, _ int) *graph.Node {
		u := store.RandomUniform(g, shape) // [0, 1)
		return graph.AddScalar(graph.MulScalar(u, hi-lo), lo)
	}}
}

// Normal returns an initialiser drawing from N(mean, std²) (torch.nn.init.normal_).
func Normal(mean, std float64) Init {
	return Init{Name: fmt.Sprintf("normal_(mean=%g, std=%g)", mean, std), Fn: func(store *model.Store, g *graph.Graph, shape shapes.Shape, _, _ int) *graph.Node {
		return graph.AddScalar(graph.MulScalar(store.RandomNormal(g, shape), std), mean)
	}}
}

// Constant returns an initialiser filling with v (torch.nn.init.constant_).
func Constant(v float64) Init {
	return Init{Name: fmt.Sprintf("constant_(val=%g)", v), Fn: func(_ *model.Store, g *graph.Graph, shape shapes.Shape, _, _ int) *graph.Node {
		return graph.AddScalar(graph.Zeros(g, shape), v)
	}}
}

// uniform draws U(-bound, bound) with the store's RNG.
func uniform(store *model.Store, g *graph.Graph, shape shapes.Shape, bound float64) *graph.Node {
	u := store.RandomUniform(g, shape) // [0, 1)
	return graph.AddScalar(graph.MulScalar(u, 2*bound), -bound)
}

// variable creates (or reuses) the variable name in scope with the given
// GoMLX shape, initialised with init(fanIn, fanOut).
func variable(scope *model.Scope, name string, shape shapes.Shape, init Init, fanIn, fanOut int) *model.Variable {
	store := scope.Store()
	vi := func(g *graph.Graph, s shapes.Shape) *graph.Node { return init.Fn(store, g, s, fanIn, fanOut) }
	return scope.WithInitializer(vi).VariableWithShape(name, shape)
}
