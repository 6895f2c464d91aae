package nn

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// BatchNorm is torch.nn.BatchNorm2d (on [B,H,W,C]) and BatchNorm1d (on [B,F])
// with PyTorch's semantics, written with plain graph ops so it runs on every
// backend:
//
//   - training (scope.IsTraining): y = (x − μ_B)/√(σ²_B + eps)·weight + bias
//     with the batch mean and biased batch variance over every axis but the
//     channel axis; gradients flow through μ_B and σ²_B. The buffers are
//     updated as running_mean ← (1−momentum)·running_mean + momentum·μ_B and
//     running_var ← (1−momentum)·running_var + momentum·σ²_B·n/(n−1)
//     (unbiased, n = elements per channel).
//   - evaluation: the running statistics replace the batch ones.
//
// Variables: "weight" [C] (init 1), "bias" [C] (init 0), and the
// non-trainable "running_mean" [C] (0) and "running_var" [C] (1).
// num_batches_tracked is not kept (momentum is never None here).
type BatchNorm struct {
	features int
	eps      float64
	momentum float64
	rank     int // 4 for BatchNorm2d, 2 for BatchNorm1d
}

// NewBatchNorm2d returns BatchNorm2d(num_features) with eps=1e-5,
// momentum=0.1, affine=True.
func NewBatchNorm2d(numFeatures int) *BatchNorm {
	return &BatchNorm{features: numFeatures, eps: 1e-5, momentum: 0.1, rank: 4}
}

// NewBatchNorm1d returns BatchNorm1d(num_features) for [B, F] input, same defaults.
func NewBatchNorm1d(numFeatures int) *BatchNorm {
	return &BatchNorm{features: numFeatures, eps: 1e-5, momentum: 0.1, rank: 2}
}

// Eps sets eps.
func (b *BatchNorm) Eps(eps float64) *BatchNorm { b.eps = eps; return b }

// Momentum sets momentum (PyTorch's convention: weight of the new batch).
func (b *BatchNorm) Momentum(m float64) *BatchNorm { b.momentum = m; return b }

// Type returns "BatchNorm2d" or "BatchNorm1d".
func (b *BatchNorm) Type() string {
	if b.rank == 2 {
		return "BatchNorm1d"
	}
	return "BatchNorm2d"
}

// String is PyTorch's repr.
func (b *BatchNorm) String() string {
	return fmt.Sprintf("%s(%d, eps=%g, momentum=%g, affine=True, track_running_stats=True)", b.Type(), b.features, b.eps, b.momentum)
}

// OutputShape returns the input shape ([C,H,W] for 2d, [F] for 1d).
func (b *BatchNorm) OutputShape(in []int) ([]int, error) {
	if len(in) != b.rank-1 || in[0] != b.features {
		return nil, fmt.Errorf("%s: input shape %v, want %d axes starting with %d", b, in, b.rank-1, b.features)
	}
	return append([]int(nil), in...), nil
}

// StateEntries lists weight, bias, running_mean and running_var.
func (b *BatchNorm) StateEntries(in []int) []StateEntry {
	c := []int{b.features}
	return []StateEntry{
		{Name: "weight", TorchShape: c, Shape: c, Trainable: true},
		{Name: "bias", TorchShape: c, Shape: c, Trainable: true},
		{Name: "running_mean", TorchShape: c, Shape: c},
		{Name: "running_var", TorchShape: c, Shape: c},
	}
}

// Params lists weight [C] and bias [C] (the running statistics are buffers).
func (b *BatchNorm) Params(in []int) []Param { return paramsOf(b.StateEntries(in)) }

// MultAdds is torchinfo's count for batch norm: 2·C (weight and bias).
func (b *BatchNorm) MultAdds(in, out []int) int64 {
	return 2 * int64(b.features)
}

// Forward normalises x ([B,H,W,C] or [B,F]).
func (b *BatchNorm) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	if x.Rank() != b.rank || x.Shape().Dimensions[x.Rank()-1] != b.features {
		panicf("%s: input %s, want rank %d with %d channels last", b, x.Shape(), b.rank, b.features)
	}
	g := x.Graph()
	dt := x.DType()
	cs := shapes.Make(dt, b.features)
	bshape := make([]int, x.Rank())
	for i := range bshape {
		bshape[i] = 1
	}
	bshape[x.Rank()-1] = b.features
	rmVar := variable(scope, "running_mean", cs, Zeros, 0, 0).SetTrainable(false)
	rvVar := variable(scope, "running_var", cs, Ones, 0, 0).SetTrainable(false)
	axes := make([]int, x.Rank()-1)
	for i := range axes {
		axes[i] = i
	}
	var mean, inv *graph.Node
	if scope.IsTraining(g) {
		n := x.Shape().Size() / b.features
		if n <= 1 {
			panicf("%s: expected more than 1 value per channel when training, got input %s", b, x.Shape())
		}
		mean = graph.ReduceAndKeep(x, graph.ReduceMean, axes...)
		xc := graph.Sub(x, mean)
		v := graph.ReduceAndKeep(graph.Square(xc), graph.ReduceMean, axes...)
		// 1/√(v+ε) as Reciprocal(Sqrt(·)): GoMLX v0.28.16 still has no gradient
		// for Rsqrt (docs/upstream/002-rsqrt-gradient.md).
		inv = graph.Reciprocal(graph.Sqrt(graph.AddScalar(v, b.eps)))
		m := b.momentum
		sm := graph.StopGradient(graph.Reshape(mean, b.features))
		sv := graph.StopGradient(graph.Reshape(v, b.features))
		rmVar.SetNodeValue(graph.Add(graph.MulScalar(rmVar.NodeValue(g), 1-m), graph.MulScalar(sm, m)))
		rvVar.SetNodeValue(graph.Add(graph.MulScalar(rvVar.NodeValue(g), 1-m), graph.MulScalar(sv, m*float64(n)/float64(n-1))))
		y := graph.Mul(xc, inv)
		return b.affineOut(scope, g, y, cs, bshape)
	}
	mean = graph.Reshape(rmVar.NodeValue(g), bshape...)
	inv = graph.Reshape(graph.Rsqrt(graph.AddScalar(rvVar.NodeValue(g), b.eps)), bshape...)
	return b.affineOut(scope, g, graph.Mul(graph.Sub(x, mean), inv), cs, bshape)
}

func (b *BatchNorm) affineOut(scope *model.Scope, g *graph.Graph, y *graph.Node, cs shapes.Shape, bshape []int) *graph.Node {
	w := variable(scope, "weight", cs, Ones, 0, 0).NodeValue(g)
	bias := variable(scope, "bias", cs, Zeros, 0, 0).NodeValue(g)
	return graph.Add(graph.Mul(y, graph.Reshape(w, bshape...)), graph.Reshape(bias, bshape...))
}

// LocalResponseNorm is torch.nn.LocalResponseNorm(size, alpha, beta, k) across
// channels: b_c = a_c / (k + alpha/size · Σ_{c'} a_{c'}²)^beta, the sum over
// channels c−⌊size/2⌋ … c+⌊(size−1)/2⌋ (zero outside), as in AlexNet (2012).
type LocalResponseNorm struct {
	size              int
	alpha, beta, kval float64
}

// NewLocalResponseNorm returns LocalResponseNorm(size) with PyTorch's
// defaults alpha=1e-4, beta=0.75, k=1. AlexNet-2012 uses size 5, k=2.
func NewLocalResponseNorm(size int) *LocalResponseNorm {
	return &LocalResponseNorm{size: size, alpha: 1e-4, beta: 0.75, kval: 1}
}

// Alpha sets alpha.
func (l *LocalResponseNorm) Alpha(a float64) *LocalResponseNorm { l.alpha = a; return l }

// Beta sets beta.
func (l *LocalResponseNorm) Beta(b float64) *LocalResponseNorm { l.beta = b; return l }

// K sets k.
func (l *LocalResponseNorm) K(k float64) *LocalResponseNorm { l.kval = k; return l }

// Type returns "LocalResponseNorm".
func (l *LocalResponseNorm) Type() string { return "LocalResponseNorm" }

// String is PyTorch's repr.
func (l *LocalResponseNorm) String() string {
	return fmt.Sprintf("LocalResponseNorm(%d, alpha=%g, beta=%g, k=%g)", l.size, l.alpha, l.beta, l.kval)
}

// OutputShape returns the input shape.
func (l *LocalResponseNorm) OutputShape(in []int) ([]int, error) {
	if l.size <= 0 {
		return nil, fmt.Errorf("%s: size must be positive", l)
	}
	if len(in) < 1 {
		return nil, fmt.Errorf("%s: input shape %v has no channel axis", l, in)
	}
	return append([]int(nil), in...), nil
}

// Params returns nil.
func (l *LocalResponseNorm) Params(in []int) []Param { return nil }

// MultAdds returns 0, as torchinfo does.
func (l *LocalResponseNorm) MultAdds(in, out []int) int64 { return 0 }

// Forward normalises x across its last (channel) axis.
func (l *LocalResponseNorm) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	if l.size <= 0 {
		panicf("%s: size must be positive", l)
	}
	g := x.Graph()
	r := x.Rank()
	c := x.Shape().Dimensions[r-1]
	sq := graph.Square(x)
	pads := make([]compute.PadAxis, r)
	pads[r-1] = compute.PadAxis{Start: l.size / 2, End: (l.size - 1) / 2}
	sq = graph.Pad(sq, graph.ScalarZero(g, x.DType()), pads...)
	var sum *graph.Node
	for i := range l.size {
		spec := make([]graph.SliceAxisSpec, r)
		for a := range r - 1 {
			spec[a] = graph.AxisRange()
		}
		spec[r-1] = graph.AxisRange(i, i+c)
		s := graph.Slice(sq, spec...)
		if sum == nil {
			sum = s
		} else {
			sum = graph.Add(sum, s)
		}
	}
	div := graph.Pow(graph.AddScalar(graph.MulScalar(sum, l.alpha/float64(l.size)), l.kval), graph.Scalar(g, x.DType(), l.beta))
	return graph.Div(x, div)
}
