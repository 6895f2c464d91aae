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
	in, out    int
	kernel     [2]int
	stride     [2]int
	pad        [4]int // top, bottom, left, right
	dilation   [2]int
	groups     int
	bias       bool
	weightInit Init
	biasInit   Init
	impl       Impl
}

// NewConv2d returns Conv2d(in_channels, out_channels, kernel_size) with
// PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, bias=True,
// kaiming-uniform(a=√5) weights and U(±1/√fan_in) bias.
func NewConv2d(inChannels, outChannels, kernelSize int) *Conv2d {
	return &Conv2d{
		in: inChannels, out: outChannels,
		kernel: [2]int{kernelSize, kernelSize}, stride: [2]int{1, 1}, dilation: [2]int{1, 1},
		groups: 1, bias: true, weightInit: KaimingUniform, biasInit: BiasUniform,
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

// Init sets the weight and bias initialisers (nil keeps the current one),
// e.g. Init(nn.XavierUniform, nn.Zeros) for LeNet-1.
func (c *Conv2d) Init(weight, bias Init) *Conv2d {
	if weight != nil {
		c.weightInit = weight
	}
	if bias != nil {
		c.biasInit = bias
	}
	return c
}

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

// MultAdds is torchinfo's count: weight.numel()·Ho·Wo, plus Cout·Ho·Wo for the bias.
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
	if resolveImpl(c.impl, g) == ImplNative {
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

// native uses graph.Convolve. GoMLX refuses strides together with
// dilations, so that case convolves with stride 1 and subsamples.
func (c *Conv2d) native(x, w *graph.Node) *graph.Node {
	conv := graph.Convolve(x, w).PaddingPerDim([][2]int{{c.pad[0], c.pad[1]}, {c.pad[2], c.pad[3]}}).ChannelGroupCount(c.groups)
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
// plus one matrix product, the formulation ImplFast uses. x is [B,H,W,Cin],
// w is [kH,kW,Cin/groups,Cout]; pad is (top, bottom, left, right). The result
// is [B,Ho,Wo,Cout], without bias.
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
	var cols *graph.Node
	if kh == 1 && kw == 1 && stride == [2]int{1, 1} {
		cols = x
	} else {
		patches := make([]*graph.Node, 0, kh*kw)
		for dy := range kh {
			y0 := dy * dilation[0]
			for dx := range kw {
				x0 := dx * dilation[1]
				patches = append(patches, graph.Slice(x, graph.AxisRange(),
					graph.AxisRange(y0, y0+stride[0]*(ho-1)+1).Stride(stride[0]),
					graph.AxisRange(x0, x0+stride[1]*(wo-1)+1).Stride(stride[1]),
					graph.AxisRange()))
			}
		}
		if len(patches) == 1 {
			cols = patches[0]
		} else {
			cols = graph.Concatenate(patches, -1) // [B, Ho, Wo, kH·kW·Cin], order (dy, dx, cin)
		}
	}
	n := b * ho * wo
	if groups == 1 {
		cols = graph.Reshape(cols, n, kh*kw*cin)
		y := graph.Dot(cols, graph.Reshape(w, kh*kw*cin, cout)).Product()
		return graph.Reshape(y, b, ho, wo, cout)
	}
	cg, og := cin/groups, cout/groups
	cols = graph.Reshape(cols, n, kh*kw, groups, cg)
	k := graph.Reshape(w, kh*kw, cg, groups, og)
	y := graph.DotGeneral(cols, []int{1, 3}, []int{2}, k, []int{0, 1}, []int{2}) // [G, N, Cout/G]
	y = graph.TransposeAllAxes(y, 1, 0, 2)
	return graph.Reshape(y, b, ho, wo, cout)
}

// padSpatial pads H and W of [B,H,W,C] with fill; pad is (top, bottom, left, right).
// It gives a PadAxis for every axis (fewer breaks the gradient).
func padSpatial(x *graph.Node, pad [4]int, fill *graph.Node) *graph.Node {
	return graph.Pad(x, fill, compute.PadAxis{}, compute.PadAxis{Start: pad[0], End: pad[1]},
		compute.PadAxis{Start: pad[2], End: pad[3]}, compute.PadAxis{})
}

// pair expands one value to (v, v), takes two values as (h, w), and keeps def otherwise.
func pair(v []int, def [2]int) [2]int {
	switch len(v) {
	case 1:
		return [2]int{v[0], v[0]}
	case 2:
		return [2]int{v[0], v[1]}
	}
	return def
}
