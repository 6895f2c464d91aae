package nn

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Conv2d is torch.nn.Conv2d on channels-last images: [B,H,W,Cin] -> [B,Ho,Wo,Cout].
//
// Variables (in the layer's scope): "weight" [kH, kW, Cin/groups, Cout] and
// "bias" [Cout]. PyTorch's weight is [Cout, Cin/groups, kH, kW]; LoadStateDict
// and StateDict transpose between the two. Output channels are grouped as in
// PyTorch: group j uses input channels [j·Cin/g, (j+1)·Cin/g) and produces
// output channels [j·Cout/g, (j+1)·Cout/g).
//
// Configure with the chained setters, which mirror PyTorch's keyword
// arguments:
//
//	nn.NewConv2d(3, 64, 11).Stride(4).Padding(2)        // AlexNet's first layer
//	nn.NewConv2d(64, 64, 3).Padding(1).Bias(false)
type Conv2d struct {
	in, out  int
	kernel   [2]int
	stride   [2]int
	pad      [4]int // top, bottom, left, right
	dilation [2]int
	groups   int
	affine
	impl Impl
}

// NewConv2d returns Conv2d(in_channels, out_channels, kernel_size) with
// PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, bias=True,
// kaiming-uniform(a=√5) weights and U(±1/√fan_in) bias.
func NewConv2d(inChannels, outChannels, kernelSize int) *Conv2d {
	return &Conv2d{
		in: inChannels, out: outChannels,
		kernel: [2]int{kernelSize, kernelSize}, stride: [2]int{1, 1}, dilation: [2]int{1, 1},
		groups: 1, affine: torchAffine(),
	}
}

// Kernel sets a per-axis kernel size (kernel_size=(kH, kW)).
func (c *Conv2d) Kernel(kH, kW int) *Conv2d { c.kernel = [2]int{kH, kW}; return c }

// Stride sets stride=s (one value) or stride=(sH, sW) (two values).
func (c *Conv2d) Stride(s ...int) *Conv2d { c.stride = pair(s, c.stride); return c }

// Padding sets symmetric zero padding: padding=p (one value) or
// padding=(pH, pW) (two values). See PaddingSides for asymmetric padding.
func (c *Conv2d) Padding(p ...int) *Conv2d {
	hw := pair(p, [2]int{c.pad[0], c.pad[2]})
	c.pad = [4]int{hw[0], hw[0], hw[1], hw[1]}
	return c
}

// PaddingSides sets zero padding per side (as torch.nn.ZeroPad2d before the conv).
func (c *Conv2d) PaddingSides(top, bottom, left, right int) *Conv2d {
	c.pad = [4]int{top, bottom, left, right}
	return c
}

// Dilation sets dilation=d (one value) or dilation=(dH, dW) (two values).
func (c *Conv2d) Dilation(d ...int) *Conv2d { c.dilation = pair(d, c.dilation); return c }

// Groups sets groups=g; in and out channels must be divisible by g.
func (c *Conv2d) Groups(g int) *Conv2d { c.groups = g; return c }

// Bias sets bias=true/false.
func (c *Conv2d) Bias(use bool) *Conv2d { c.bias = use; return c }

// Init sets the weight and bias initialisers (a zero Init keeps the current one),
// e.g. Init(nn.XavierUniform, nn.Zeros) for LeNet-1.
func (c *Conv2d) Init(weight, bias Init) *Conv2d { c.setInit(weight, bias); return c }

// Impl forces a formulation for this layer (default ImplAuto).
func (c *Conv2d) Impl(i Impl) *Conv2d { c.impl = i; return c }

// Type returns "Conv2d".
func (c *Conv2d) Type() string { return "Conv2d" }

// String is PyTorch's repr, e.g. "Conv2d(3, 64, kernel_size=(11, 11), stride=(4, 4), padding=(2, 2))".
func (c *Conv2d) String() string {
	s := fmt.Sprintf("Conv2d(%d, %d, kernel_size=(%d, %d), stride=(%d, %d)", c.in, c.out, c.kernel[0], c.kernel[1], c.stride[0], c.stride[1])
	if c.pad != [4]int{} {
		if c.pad[0] == c.pad[1] && c.pad[2] == c.pad[3] {
			s += fmt.Sprintf(", padding=(%d, %d)", c.pad[0], c.pad[2])
		} else {
			s += fmt.Sprintf(", padding=(top=%d, bottom=%d, left=%d, right=%d)", c.pad[0], c.pad[1], c.pad[2], c.pad[3])
		}
	}
	if c.dilation != [2]int{1, 1} {
		s += fmt.Sprintf(", dilation=(%d, %d)", c.dilation[0], c.dilation[1])
	}
	if c.groups != 1 {
		s += fmt.Sprintf(", groups=%d", c.groups)
	}
	if !c.bias {
		s += ", bias=False"
	}
	return s + ")"
}

// validate checks the configuration.
func (c *Conv2d) validate() error {
	switch {
	case c.in <= 0 || c.out <= 0:
		return fmt.Errorf("%s: channels must be positive", c)
	case c.kernel[0] <= 0 || c.kernel[1] <= 0 || c.stride[0] <= 0 || c.stride[1] <= 0 || c.dilation[0] <= 0 || c.dilation[1] <= 0:
		return fmt.Errorf("%s: kernel_size, stride and dilation must be positive", c)
	case c.pad[0] < 0 || c.pad[1] < 0 || c.pad[2] < 0 || c.pad[3] < 0:
		return fmt.Errorf("%s: padding must be >= 0", c)
	case c.groups <= 0 || c.in%c.groups != 0 || c.out%c.groups != 0:
		return fmt.Errorf("%s: in_channels %d and out_channels %d must be divisible by groups %d", c, c.in, c.out, c.groups)
	}
	return nil
}

// OutputShape maps [Cin, H, W] to [Cout, Ho, Wo] with
// Ho = ⌊(H + pad_top + pad_bottom − dilation·(kH−1) − 1)/stride⌋ + 1.
func (c *Conv2d) OutputShape(in []int) ([]int, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	if len(in) != 3 || in[0] != c.in {
		return nil, fmt.Errorf("%s: input shape %v, want [%d, H, W]", c, in, c.in)
	}
	ho := convOut(in[1], c.kernel[0], c.stride[0], c.pad[0]+c.pad[1], c.dilation[0])
	wo := convOut(in[2], c.kernel[1], c.stride[1], c.pad[2]+c.pad[3], c.dilation[1])
	if ho <= 0 || wo <= 0 {
		return nil, fmt.Errorf("%s: input shape %v is too small (output %dx%d)", c, in, ho, wo)
	}
	return []int{c.out, ho, wo}, nil
}

func convOut(n, k, s, padTotal, d int) int {
	span := n + padTotal - d*(k-1) - 1
	if span < 0 {
		return 0
	}
	return span/s + 1
}

// fans returns PyTorch's fan_in and fan_out of the weight.
func (c *Conv2d) fans() (int, int) {
	rf := c.kernel[0] * c.kernel[1]
	return c.in / c.groups * rf, c.out * rf
}

// StateEntries lists "weight" (and "bias").
func (c *Conv2d) StateEntries(in []int) []StateEntry {
	kh, kw, cig := c.kernel[0], c.kernel[1], c.in/max(c.groups, 1)
	e := []StateEntry{{Name: "weight", TorchShape: []int{c.out, cig, kh, kw}, Shape: []int{kh, kw, cig, c.out}, Perm: []int{2, 3, 1, 0}, Trainable: true}}
	if c.bias {
		e = append(e, StateEntry{Name: "bias", TorchShape: []int{c.out}, Shape: []int{c.out}, Trainable: true})
	}
	return e
}

// Params lists weight [Cout, Cin/groups, kH, kW] and bias [Cout].
func (c *Conv2d) Params(in []int) []Param { return paramsOf(c.StateEntries(in)) }

// MultAdds is torchinfo's count: weight.Numel()·Ho·Wo, plus Cout·Ho·Wo for the bias.
func (c *Conv2d) MultAdds(in, out []int) int64 {
	if len(out) != 3 {
		return 0
	}
	hw := int64(out[1]) * int64(out[2])
	n := int64(c.out) * int64(c.in/max(c.groups, 1)) * int64(c.kernel[0]*c.kernel[1]) * hw
	if c.bias {
		n += int64(c.out) * hw
	}
	return n
}

// Forward computes the convolution of x [B, H, W, Cin].
func (c *Conv2d) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	if err := c.validate(); err != nil {
		panicf("%v", err)
	}
	if x.Rank() != 4 || x.Shape().Dimensions[3] != c.in {
		panicf("%s: input %s, want [B, H, W, %d] (channels-last)", c, x.Shape(), c.in)
	}
	g := x.Graph()
	fanIn, fanOut := c.fans()
	kh, kw := c.kernel[0], c.kernel[1]
	w := variable(scope, "weight", shapes.Make(x.DType(), kh, kw, c.in/c.groups, c.out), c.weightInit, fanIn, fanOut).NodeValue(g)
	var y *graph.Node
	if resolveImpl(c.impl, scope, g, c.toeplitz(x.Shape().Dimensions[2])) == ImplNative {
		y = c.native(x, w)
	} else {
		y = Conv2dIm2Col(x, w, c.stride, c.pad, c.dilation, c.groups)
	}
	if c.bias {
		b := variable(scope, "bias", shapes.Make(x.DType(), c.out), c.biasInit, fanIn, fanOut).NodeValue(g)
		y = graph.Add(y, graph.Reshape(b, 1, 1, 1, c.out))
	}
	return y
}

// toeplitz reports whether the fast formulation of this convolution, for
// images w wide, is the row-Toeplitz product (conv2dRowToeplitz).
func (c *Conv2d) toeplitz(w int) bool {
	return c.groups == 1 && c.stride == [2]int{1, 1} && c.dilation == [2]int{1, 1} &&
		useRowToeplitz(w+c.pad[2]+c.pad[3], c.kernel[0], c.kernel[1], c.in/c.groups, c.out)
}

// native uses graph.Convolve, working around two limits GoMLX still has in
// v0.28.16 (reproducers: docs/upstream/001 and 003, vision/nn/upstream):
//   - Convolve's gradient w.r.t. the input is wrong for even kernel sizes (its
//     reverse convolution pads (k−1)/2·2 instead of k−1) and panics for some
//     asymmetric paddings. So the padding is done with graph.Pad, and an even
//     kernel gets one more zero row/column at its end (with the input padded
//     by one more dilation step), which leaves outputs unchanged and makes
//     every kernel odd;
//   - strides together with dilations are refused, so that case convolves
//     with stride 1 and subsamples.
func (c *Conv2d) native(x, w *graph.Node) *graph.Node {
	pad := c.pad
	zero := graph.ScalarZero(x.Graph(), x.DType())
	var kpad [2]int
	for a := range 2 {
		if w.Shape().Dimensions[a]%2 == 0 {
			kpad[a] = 1
			pad[1+2*a] += c.dilation[a]
		}
	}
	if kpad != [2]int{} {
		w = graph.Pad(w, zero, compute.PadAxis{End: kpad[0]}, compute.PadAxis{End: kpad[1]}, compute.PadAxis{}, compute.PadAxis{})
	}
	if pad != [4]int{} {
		x = padSpatial(x, pad, zero)
	}
	conv := graph.Convolve(x, w).NoPadding().ChannelGroupCount(c.groups)
	dilated := c.dilation != [2]int{1, 1}
	strided := c.stride != [2]int{1, 1}
	if dilated {
		conv = conv.DilationPerAxis(c.dilation[0], c.dilation[1])
	}
	if !dilated || !strided {
		return conv.StridePerAxis(c.stride[0], c.stride[1]).Done()
	}
	y := conv.Done()
	return graph.Slice(y, graph.AxisRange(), graph.AxisRange().Stride(c.stride[0]), graph.AxisRange().Stride(c.stride[1]), graph.AxisRange())
}

// Conv2dIm2Col is a channels-last 2D convolution written as patch extraction
// plus matrix products, the formulation ImplFast uses. x is [B,H,W,Cin], w is
// [kH,kW,Cin/groups,Cout]; pad is (top, bottom, left, right). The result is
// [B,Ho,Wo,Cout], without bias. Paths, fastest first on the Go backend:
//   - 1×1 kernels and windows covering the whole input need no extraction;
//   - stride 1, groups 1, no dilation, small images (LeNet): conv2dRowToeplitz
//     (one product with a row-Toeplitz kernel, all channels-last);
//   - stride 1, groups 1: conv2dUnitStride (patches of the channels-first
//     image, custom gradients, no large transposes);
//   - otherwise strided slices concatenated into [N, K] (one Cin=1 variant
//     stacks them as [K, N]), a product per group, and GoMLX's automatic
//     gradient (with col2im for the patches when strides are 1).
func Conv2dIm2Col(x, w *graph.Node, stride [2]int, pad [4]int, dilation [2]int, groups int) *graph.Node {
	d := x.Shape().Dimensions
	b, cin := d[0], d[3]
	wd := w.Shape().Dimensions
	kh, kw, cout := wd[0], wd[1], wd[3]
	if pad != [4]int{} {
		x = padSpatial(x, pad, graph.ScalarZero(x.Graph(), x.DType()))
	}
	hp, wp := x.Shape().Dimensions[1], x.Shape().Dimensions[2]
	ho := convOut(hp, kh, stride[0], 0, dilation[0])
	wo := convOut(wp, kw, stride[1], 0, dilation[1])
	k := kh * kw * cin
	// cols holds one row of k = kH·kW·Cin patch values, ordered (dy, dx, cin)
	// like the reshaped kernel, per output position.
	var cols *graph.Node
	switch {
	case kh == 1 && kw == 1 && stride == [2]int{1, 1}:
		cols = x
	case ho == 1 && wo == 1 && hp == kh && wp == kw && dilation == [2]int{1, 1}:
		cols = x // the window is the whole (padded) input
	case groups == 1 && stride == [2]int{1, 1} && dilation == [2]int{1, 1} && useRowToeplitz(wp, kh, kw, cin, cout):
		return conv2dRowToeplitz(x, w)
	case groups == 1 && stride == [2]int{1, 1} && unitStrideT:
		return conv2dUnitStride(x, w, dilation)
	case cin == 1 && groups == 1 && stride[1] == 1:
		// One input channel: stack the kH·kW shifted images on a new leading
		// axis, which gives colsᵀ [K, N] with whole-block copies, and compute
		// Yᵀ = Wᵀ·colsᵀ in the layout the Go backend's matmul takes directly.
		colsT := extractPatches(x, kh, kw, ho, wo, stride, dilation, true)
		wt := graph.TransposeAllAxes(graph.Reshape(w, k, cout), 1, 0)
		yt := graph.DotGeneral(wt, []int{1}, nil, colsT, []int{0}, nil) // [Cout, N]
		return graph.Reshape(graph.TransposeAllAxes(yt, 1, 0), b, ho, wo, cout)
	default:
		cols = extractPatches(x, kh, kw, ho, wo, stride, dilation, false)
	}
	n := b * ho * wo
	if groups == 1 {
		cols = graph.Reshape(cols, n, k)
		wm := graph.Reshape(w, k, cout)
		// Computed as Yᵀ = Wᵀ·colsᵀ, [Cout, N]: on the Go backend this puts
		// every product of the forward and backward passes in a layout its
		// matmul takes without transposing the large patch matrix (the
		// weight gradient dYᵀ·cols contracts N, the leading axis of cols).
		yt := graph.DotGeneral(graph.TransposeAllAxes(wm, 1, 0), []int{1}, nil, cols, []int{1}, nil)
		return graph.Reshape(graph.TransposeAllAxes(yt, 1, 0), b, ho, wo, cout)
	}
	cg, og := cin/groups, cout/groups
	cols = graph.Reshape(cols, n, kh*kw, groups, cg)
	wg := graph.Reshape(w, kh*kw, cg, groups, og)
	y := graph.DotGeneral(cols, []int{1, 3}, []int{2}, wg, []int{0, 1}, []int{2}) // [G, N, Cout/G]
	return graph.Reshape(graph.TransposeAllAxes(y, 1, 0, 2), b, ho, wo, cout)
}

// padSpatial pads H and W of [B,H,W,C] with fill; pad is (top, bottom, left, right).
// It gives a PadAxis for every axis (fewer breaks the gradient).
func padSpatial(x *graph.Node, pad [4]int, fill *graph.Node) *graph.Node {
	return graph.Pad(x, fill, compute.PadAxis{}, compute.PadAxis{Start: pad[0], End: pad[1]},
		compute.PadAxis{Start: pad[2], End: pad[3]}, compute.PadAxis{})
}

// pair expands one value to (v, v) and takes two values as (h, w); no value
// keeps def, and more than two give (-1, -1), which validation reports.
func pair(v []int, def [2]int) [2]int {
	switch len(v) {
	case 0:
		return def
	case 1:
		return [2]int{v[0], v[0]}
	case 2:
		return [2]int{v[0], v[1]}
	}
	return [2]int{-1, -1}
}

// im2colFlat selects the flat-shift patch extraction for stride-1 convolutions.
var im2colFlat = false

// extractPatches returns the patches of x [B,H,W,C] (already padded) for a
// kH×kW window: [B, Ho, Wo, kH·kW·C] ordered (dy, dx, c), or, when
// transposed (C must be 1), [kH·kW, B·Ho·Wo].
//
// With unit strides its gradient is computed by col2im (below), through
// withGradient, instead of GoMLX's Slice gradient, which pads every patch's
// gradient to the full input size with the Go backend's slow Pad.
func extractPatches(x *graph.Node, kh, kw, ho, wo int, stride, dilation [2]int, transposed bool) *graph.Node {
	d := x.Shape().Dimensions
	b, cin := d[0], d[3]
	build := func(x *graph.Node) *graph.Node {
		patches := make([]*graph.Node, 0, kh*kw)
		rows := graph.AxisRange(0, stride[0]*(ho-1)+1).Stride(stride[0])
		for dy := range kh {
			y0 := dy * dilation[0]
			rows = graph.AxisRange(y0, y0+stride[0]*(ho-1)+1).Stride(stride[0])
			for dx := range kw {
				x0 := dx * dilation[1]
				var p *graph.Node
				switch {
				case stride[1] == 1:
					// Unit stride along W: on [B, H, W·C] a patch row is one
					// contiguous run of Wo·C values.
					x3 := graph.Reshape(x, b, d[1], d[2]*cin)
					p = graph.Slice(x3, graph.AxisRange(), rows, graph.AxisRange(x0*cin, (x0+wo)*cin))
				default:
					p = graph.Slice(x, graph.AxisRange(), rows, graph.AxisRange(x0, x0+stride[1]*(wo-1)+1).Stride(stride[1]), graph.AxisRange())
				}
				if transposed {
					patches = append(patches, graph.Reshape(p, 1, b*ho*wo))
				} else {
					patches = append(patches, graph.Reshape(p, b, ho, wo, cin))
				}
			}
		}
		if len(patches) == 1 {
			return patches[0]
		}
		if transposed {
			return graph.Concatenate(patches, 0)
		}
		return graph.Concatenate(patches, -1)
	}
	if stride != [2]int{1, 1} || !col2imGradient {
		return build(x)
	}
	return withGradient(x, build(graph.StopGradient(x)), func(v *graph.Node) *graph.Node {
		return col2im(v, b, ho, wo, cin, kh, kw, dilation, transposed)
	})
}

// col2im is the adjoint of extractPatches with unit strides: it adds each
// patch gradient back at its (dy, dx) offset, building the shifted copies by
// concatenating zero blocks (cheap copies) rather than padding.
func col2im(g *graph.Node, b, ho, wo, cin, kh, kw int, dilation [2]int, transposed bool) *graph.Node {
	dt := g.DType()
	gr := g.Graph()
	zeros := func(dims ...int) *graph.Node { return graph.Zeros(gr, shapes.Make(dt, dims...)) }
	wp := wo + (kw-1)*dilation[1]
	var acc *graph.Node
	for dy := range kh {
		var row *graph.Node
		for dx := range kw {
			j := dy*kw + dx
			var p *graph.Node
			if transposed {
				p = graph.Reshape(graph.Slice(g, graph.AxisRange(j, j+1), graph.AxisRange()), b, ho, wo, 1)
			} else {
				p = graph.Slice(g, graph.AxisRange(), graph.AxisRange(), graph.AxisRange(), graph.AxisRange(j*cin, (j+1)*cin))
			}
			p = zeroPad(p, 2, dx*dilation[1], (kw-1-dx)*dilation[1], func(n int) *graph.Node { return zeros(b, ho, n, cin) })
			row = addTo(row, p)
		}
		row = zeroPad(row, 1, dy*dilation[0], (kh-1-dy)*dilation[0], func(n int) *graph.Node { return zeros(b, n, wp, cin) })
		acc = addTo(acc, row)
	}
	return acc
}

// col2imGradient turns on the col2im gradient of extractPatches (switch kept
// for A/B benchmarks; the tests cover the default).
var col2imGradient = true

// unitStrideT selects conv2dUnitStride for stride-1, ungrouped convolutions
// (switch kept for A/B benchmarks; the tests cover the default).
var unitStrideT = true

// conv2dUnitStride is the stride-1, groups-1 convolution of the padded x
// [B,H,W,Cin] with w [kH,kW,Cin,Cout]: conv2dUnitStrideCF on the
// channels-first image, and the result transposed back to [B,Ho,Wo,Cout]
// (GoMLX differentiates both transposes).
func conv2dUnitStride(x, w *graph.Node, dilation [2]int) *graph.Node {
	d := x.Shape().Dimensions
	b, hp, wp, cin := d[0], d[1], d[2], d[3]
	wd := w.Shape().Dimensions
	kh, kw, cout := wd[0], wd[1], wd[3]
	ho, wo := hp-dilation[0]*(kh-1), wp-dilation[1]*(kw-1)
	yt := conv2dUnitStrideCF(channelsFirst(x), w, cin, dilation) // [Cout, N]
	return graph.Reshape(graph.TransposeAllAxes(yt, 1, 0), b, ho, wo, cout)
}

// conv2dUnitStrideCF is the stride-1, groups-1 convolution of the padded,
// channels-first image xc [Cin·B, H, W] with w [kH,kW,Cin,Cout], computed in
// the layouts the Go backend's matmul takes without transposing anything
// large. It returns Yᵀ [Cout, N], N = B·Ho·Wo ordered (b, y, x):
//
//	forward   colsᵀ [K, N] (patches of xc, stacked),  Yᵀ = Wᵀ·colsᵀ
//	backward  dWᵀ = dYᵀ·cols, dcolsᵀ = W·dYᵀ, dxc = col2im(dcolsᵀ)
//
// with the gradients given through withGradients (K = kH·kW·Cin).
func conv2dUnitStrideCF(xc, w *graph.Node, cin int, dilation [2]int) *graph.Node {
	d := xc.Shape().Dimensions
	b, hp, wp := d[0]/cin, d[1], d[2]
	wd := w.Shape().Dimensions
	kh, kw, cout := wd[0], wd[1], wd[3]
	ho, wo := hp-dilation[0]*(kh-1), wp-dilation[1]*(kw-1)
	k, n := kh*kw*cin, b*ho*wo
	if ho == 1 && wo == 1 && dilation == [2]int{1, 1} {
		// The window is the whole image: colsᵀ is xc transposed to
		// [kH, kW, Cin, B] (small), and GoMLX's gradients are cheap.
		colsT := graph.Reshape(graph.TransposeAllAxes(graph.Reshape(xc, cin, b, kh, kw), 2, 3, 0, 1), k, n)
		return graph.DotGeneral(graph.TransposeAllAxes(graph.Reshape(w, k, cout), 1, 0), []int{1}, nil, colsT, []int{0}, nil)
	}
	wm := graph.Reshape(graph.StopGradient(w), k, cout)
	xs := graph.StopGradient(xc)
	patches := make([]*graph.Node, 0, kh*kw)
	for dy := range kh {
		y0 := dy * dilation[0]
		for dx := range kw {
			x0 := dx * dilation[1]
			p := xs
			if ho != hp || wo != wp {
				p = graph.Slice(xs, graph.AxisRange(), graph.AxisRange(y0, y0+ho), graph.AxisRange(x0, x0+wo))
			}
			patches = append(patches, graph.Reshape(p, cin, n))
		}
	}
	colsT := patches[0]
	if len(patches) > 1 {
		colsT = graph.Concatenate(patches, 0) // [K, N], K ordered (dy, dx, cin)
	}
	yt := graph.DotGeneral(graph.TransposeAllAxes(wm, 1, 0), []int{1}, nil, colsT, []int{0}, nil) // [Cout, N]
	return withGradients([]*graph.Node{xc, w}, yt, func(dyt *graph.Node) []*graph.Node {
		dwt := graph.DotGeneral(dyt, []int{1}, nil, colsT, []int{1}, nil) // [Cout, K]
		dw := graph.Reshape(graph.TransposeAllAxes(dwt, 1, 0), kh, kw, cin, cout)
		dcolsT := graph.DotGeneral(wm, []int{1}, nil, dyt, []int{0}, nil) // [K, N]
		zeros := func(dims ...int) *graph.Node { return graph.Zeros(xc.Graph(), shapes.Make(xc.DType(), dims...)) }
		var acc *graph.Node
		for dy := range kh {
			var row *graph.Node
			for dx := range kw {
				j := dy*kw + dx
				p := dcolsT
				if kh*kw > 1 {
					p = graph.Slice(dcolsT, graph.AxisRange(j*cin, (j+1)*cin), graph.AxisRange())
				}
				p = graph.Reshape(p, cin*b, ho, wo)
				p = concatZeros(p, 2, dx*dilation[1], (kw-1-dx)*dilation[1], zeros)
				if row == nil {
					row = p
				} else {
					row = graph.Add(row, p)
				}
			}
			row = concatZeros(row, 1, dy*dilation[0], (kh-1-dy)*dilation[0], zeros)
			if acc == nil {
				acc = row
			} else {
				acc = graph.Add(acc, row)
			}
		}
		return []*graph.Node{acc, dw}
	})
}

// channelsFirst turns [B,H,W,C] into [C·B, H, W].
func channelsFirst(x *graph.Node) *graph.Node {
	d := x.Shape().Dimensions
	if d[3] != 1 {
		x = graph.TransposeAllAxes(x, 3, 0, 1, 2)
	}
	return graph.Reshape(x, d[3]*d[0], d[1], d[2])
}

// channelsLast turns [C·B, H, W] into [B,H,W,C].
func channelsLast(x *graph.Node, c int) *graph.Node {
	d := x.Shape().Dimensions
	x = graph.Reshape(x, c, d[0]/c, d[1], d[2])
	if c == 1 {
		return graph.Reshape(x, d[0], d[1], d[2], 1)
	}
	return graph.TransposeAllAxes(x, 1, 2, 3, 0)
}

// concatZeros surrounds x with before/after zero blocks along axis, by
// concatenation (a block copy on the Go backend, unlike Pad).
func concatZeros(x *graph.Node, axis, before, after int, zeros func(dims ...int) *graph.Node) *graph.Node {
	parts := make([]*graph.Node, 0, 3)
	block := func(size int) *graph.Node {
		dims := append([]int(nil), x.Shape().Dimensions...)
		dims[axis] = size
		return zeros(dims...)
	}
	if before > 0 {
		parts = append(parts, block(before))
	}
	parts = append(parts, x)
	if after > 0 {
		parts = append(parts, block(after))
	}
	if len(parts) == 1 {
		return x
	}
	return graph.Concatenate(parts, axis)
}

// zeroPad surrounds x with before and after zeros along axis; block(n)
// makes a block of zeros n wide along that axis.
func zeroPad(x *graph.Node, axis, before, after int, block func(n int) *graph.Node) *graph.Node {
	if before == 0 && after == 0 {
		return x
	}
	parts := make([]*graph.Node, 0, 3)
	if before > 0 {
		parts = append(parts, block(before))
	}
	parts = append(parts, x)
	if after > 0 {
		parts = append(parts, block(after))
	}
	return graph.Concatenate(parts, axis)
}

// addTo is acc + x, or x when acc is nil (the first term of a sum).
func addTo(acc, x *graph.Node) *graph.Node {
	if acc == nil {
		return x
	}
	return graph.Add(acc, x)
}
