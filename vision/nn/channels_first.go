package nn

import (
	"github.com/gomlx/compute"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Channels-first runs (ImplFast only).
//
// The fast convolution (conv2dUnitStrideCF) works on channels-first images
// and produces Yᵀ [Cout, B·Ho·Wo]; on channels-last tensors every
// convolution pays a transpose of its input and of its output, and the same
// again in the backward pass. A Sequential therefore runs a stretch of
// children that can work channels-first — stride-1 ungrouped convolutions,
// element-wise activations, Dropout, max/avg pooling and Flatten — on
// [C, B, H, W] activations, converting once where the stretch starts (at a
// convolution) and once where it ends. The results are the same; only the
// layout of the intermediate activations changes.

// cfLayer is a layer that can also run on channels-first activations.
type cfLayer interface {
	// canCF reports whether the layer can take x [C,B,H,W] channels-first.
	canCF(x *graph.Node) bool
	// forwardCF is Forward on x [C,B,H,W]; it returns [C',B,H',W'], or, when
	// leavesCF, a tensor in the layer's ordinary output layout.
	forwardCF(scope *model.Scope, x *graph.Node) (y *graph.Node, leavesCF bool)
}

// toChannelsFirst turns [B,H,W,C] into [C,B,H,W] (a reshape when C = 1).
func toChannelsFirst(x *graph.Node) *graph.Node {
	d := x.Shape().Dimensions
	if d[3] == 1 {
		return graph.Reshape(x, 1, d[0], d[1], d[2])
	}
	return graph.TransposeAllAxes(x, 3, 0, 1, 2)
}

// toChannelsLast turns [C,B,H,W] into [B,H,W,C] (a reshape when C = 1).
func toChannelsLast(x *graph.Node) *graph.Node {
	d := x.Shape().Dimensions
	if d[0] == 1 {
		return graph.Reshape(x, d[1], d[2], d[3], 1)
	}
	return graph.TransposeAllAxes(x, 1, 2, 3, 0)
}

// canCF: stride-1, ungrouped convolutions with the fast formulation.
func (c *Conv2d) canCF(x *graph.Node) bool {
	return x.Rank() == 4 && x.Shape().Dimensions[0] == c.in && c.cfOK(x.Graph(), x.Shape().Dimensions[3])
}

// cfOK reports whether the configuration has a channels-first formulation on
// g for images w wide, and the channels-last row-Toeplitz one isn't better.
func (c *Conv2d) cfOK(g *graph.Graph, w int) bool {
	if c.toeplitz(w) {
		return false
	}
	return unitStrideT && c.validate() == nil && c.groups == 1 && c.stride == [2]int{1, 1} && resolveImpl(c.impl, g, false) == ImplFast
}

func (c *Conv2d) forwardCF(scope *model.Scope, x *graph.Node) (*graph.Node, bool) {
	g := x.Graph()
	fanIn, fanOut := c.fans()
	kh, kw := c.kernel[0], c.kernel[1]
	w := variable(scope, "weight", shapes.Make(x.DType(), kh, kw, c.in, c.out), c.weightInit, fanIn, fanOut).NodeValue(g)
	if c.pad != [4]int{} {
		x = graph.Pad(x, graph.ScalarZero(g, x.DType()), compute.PadAxis{}, compute.PadAxis{},
			compute.PadAxis{Start: c.pad[0], End: c.pad[1]}, compute.PadAxis{Start: c.pad[2], End: c.pad[3]})
	}
	d := x.Shape().Dimensions
	ho, wo := d[2]-c.dilation[0]*(kh-1), d[3]-c.dilation[1]*(kw-1)
	if ho <= 0 || wo <= 0 {
		panicf("%s: input %dx%d is too small", c, d[2], d[3])
	}
	yt := conv2dUnitStrideCF(graph.Reshape(x, d[0]*d[1], d[2], d[3]), w, c.in, c.dilation)
	y := graph.Reshape(yt, c.out, d[1], ho, wo)
	if c.bias {
		b := variable(scope, "bias", shapes.Make(x.DType(), c.out), c.biasInit, fanIn, fanOut).NodeValue(g)
		y = graph.Add(y, graph.Reshape(b, c.out, 1, 1, 1))
	}
	return y, false
}

// canCF: the package's element-wise activations (not arbitrary NewFunc functions).
func (f *Func) canCF(x *graph.Node) bool { return f.elementwise && f.fn != nil }

func (f *Func) forwardCF(scope *model.Scope, x *graph.Node) (*graph.Node, bool) {
	return f.fn(x), false
}

// canCF: Dropout is element-wise.
func (d *Dropout) canCF(x *graph.Node) bool { return true }

func (d *Dropout) forwardCF(scope *model.Scope, x *graph.Node) (*graph.Node, bool) {
	return d.Forward(scope, x), false
}

// poolCF pools every (channel, image) plane of x [C,B,H,W] as a one-channel
// image of a batch of C·B.
func poolCF(x *graph.Node, forward func(x *graph.Node) *graph.Node) *graph.Node {
	d := x.Shape().Dimensions
	y := forward(graph.Reshape(x, d[0]*d[1], d[2], d[3], 1))
	yd := y.Shape().Dimensions
	return graph.Reshape(y, d[0], d[1], yd[1], yd[2])
}

func (m *MaxPool2d) canCF(x *graph.Node) bool { return x.Rank() == 4 }

func (m *MaxPool2d) forwardCF(scope *model.Scope, x *graph.Node) (*graph.Node, bool) {
	return poolCF(x, func(x *graph.Node) *graph.Node { return m.Forward(scope, x) }), false
}

func (m *AvgPool2d) canCF(x *graph.Node) bool { return x.Rank() == 4 }

func (m *AvgPool2d) forwardCF(scope *model.Scope, x *graph.Node) (*graph.Node, bool) {
	return poolCF(x, func(x *graph.Node) *graph.Node { return m.Forward(scope, x) }), false
}

// canCF: Flatten ends a channels-first run with PyTorch's (C, H, W) order.
func (f *Flatten) canCF(x *graph.Node) bool { return x.Rank() == 4 }

func (f *Flatten) forwardCF(scope *model.Scope, x *graph.Node) (*graph.Node, bool) {
	d := x.Shape().Dimensions
	if d[2] == 1 && d[3] == 1 {
		return graph.TransposeAllAxes(graph.Reshape(x, d[0], d[1]), 1, 0), true
	}
	return graph.Reshape(graph.TransposeAllAxes(x, 1, 0, 2, 3), d[1], d[0]*d[2]*d[3]), true
}
