package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// pool2d holds what MaxPool2d and AvgPool2d share.
type pool2d struct {
	kernel, stride, pad [2]int
	ceil                bool
	impl                Impl
}

// outSize is PyTorch's pooling output size along one axis (torch's
// pooling_output_shape): ⌊ or ⌈(n + 2p − k)/s⌉ + 1, and in ceil mode the last
// window must start inside the input or the left padding.
func poolOut(n, k, s, p int, ceil bool) int {
	num := n + 2*p - k
	if num < 0 {
		return 0
	}
	o := num/s + 1
	if ceil && num%s != 0 {
		o++
		if (o-1)*s >= n+p {
			o--
		}
	}
	return o
}

// setKernel sets a kH×kW window and the same stride.
func (p *pool2d) setKernel(kH, kW int) { p.kernel, p.stride = [2]int{kH, kW}, [2]int{kH, kW} }

// Params returns nil: pooling has no parameters.
func (p *pool2d) Params(in []int) []Param { return nil }

// MultAdds returns 0, as torchinfo does for pooling.
func (p *pool2d) MultAdds(in, out []int) int64 { return 0 }

func (p *pool2d) validate(name string) error {
	for a := range 2 {
		if p.kernel[a] <= 0 || p.stride[a] <= 0 || p.pad[a] < 0 {
			return fmt.Errorf("%s: kernel_size and stride must be positive and padding >= 0", name)
		}
		if p.pad[a] > p.kernel[a]/2 {
			return fmt.Errorf("%s: padding should be at most half of kernel_size (PyTorch's rule)", name)
		}
	}
	return nil
}

func (p *pool2d) outputShape(name string, in []int) ([]int, error) {
	if err := p.validate(name); err != nil {
		return nil, err
	}
	if len(in) != 3 {
		return nil, fmt.Errorf("%s: input shape %v, want [C, H, W]", name, in)
	}
	ho := poolOut(in[1], p.kernel[0], p.stride[0], p.pad[0], p.ceil)
	wo := poolOut(in[2], p.kernel[1], p.stride[1], p.pad[1], p.ceil)
	if ho <= 0 || wo <= 0 {
		return nil, fmt.Errorf("%s: input shape %v is too small (output %dx%d)", name, in, ho, wo)
	}
	return []int{in[0], ho, wo}, nil
}

func (p *pool2d) repr(name string, extra string) string {
	return fmt.Sprintf("%s(kernel_size=(%d, %d), stride=(%d, %d), padding=(%d, %d), ceil_mode=%s%s)",
		name, p.kernel[0], p.kernel[1], p.stride[0], p.stride[1], p.pad[0], p.pad[1], pyBool(p.ceil), extra)
}

// prepare pads x [B,H,W,C] with fill so that the windows of the Ho×Wo outputs
// are exactly the k×k windows of the result with stride s and no padding; it
// crops rows/columns no window reaches.
func (p *pool2d) prepare(x *graph.Node, fill *graph.Node) (xp *graph.Node, ho, wo int) {
	d := x.Shape().Dimensions
	ho = poolOut(d[1], p.kernel[0], p.stride[0], p.pad[0], p.ceil)
	wo = poolOut(d[2], p.kernel[1], p.stride[1], p.pad[1], p.ceil)
	needH := (ho-1)*p.stride[0] + p.kernel[0]
	needW := (wo-1)*p.stride[1] + p.kernel[1]
	endH := needH - d[1] - p.pad[0]
	endW := needW - d[2] - p.pad[1]
	xp = x
	if endH < 0 || endW < 0 { // floor mode: trailing rows/columns no window reaches
		xp = graph.Slice(xp, graph.AxisRange(), graph.AxisRange(0, d[1]+min(endH, 0)), graph.AxisRange(0, d[2]+min(endW, 0)), graph.AxisRange())
	}
	if p.pad[0] > 0 || p.pad[1] > 0 || endH > 0 || endW > 0 {
		xp = padSpatial(xp, [4]int{p.pad[0], max(endH, 0), p.pad[1], max(endW, 0)}, fill)
	}
	return xp, ho, wo
}

// windows reduces the k×k windows (stride s) of xp, which prepare sized
// exactly, with reduce ("max" or "sum").
func (p *pool2d) windows(xp *graph.Node, ho, wo int, reduce string, impl Impl) *graph.Node {
	k, s := p.kernel, p.stride
	d := xp.Shape().Dimensions
	if impl == ImplNative {
		var b *graph.PoolBuilder
		if reduce == "max" {
			b = graph.MaxPool(xp)
		} else {
			b = graph.SumPool(xp)
		}
		return b.WindowPerAxis(k[0], k[1]).StridePerAxis(s[0], s[1]).NoPadding().Done()
	}
	if k == s && d[3] == 1 {
		return windowsPlanes(xp, ho, wo, k, reduce)
	}
	if k == s { // non-overlapping windows tile xp exactly: Reshape + Reduce
		r := graph.Reshape(xp, d[0], ho, k[0], wo, k[1], d[3])
		if reduce == "max" {
			return graph.ReduceMax(r, 2, 4)
		}
		return graph.ReduceSum(r, 2, 4)
	}
	var acc *graph.Node
	for dy := range k[0] {
		for dx := range k[1] {
			sl := graph.Slice(xp, graph.AxisRange(),
				graph.AxisRange(dy, dy+s[0]*(ho-1)+1).Stride(s[0]),
				graph.AxisRange(dx, dx+s[1]*(wo-1)+1).Stride(s[1]),
				graph.AxisRange())
			switch {
			case acc == nil:
				acc = sl
			case reduce == "max":
				acc = graph.Max(acc, sl)
			default:
				acc = graph.Add(acc, sl)
			}
		}
	}
	return acc
}

// windowsPlanes reduces the non-overlapping k×k windows of one-channel
// images xp [N, ho·kH, wo·kW, 1].
// The Go backend's Reduce walks its input with a per-element iterator that is
// slow when the innermost axis is tiny, so the rows are reduced first with
// the long W axis innermost, then the columns: a product with the [W, wo]
// 0/1 window matrix for sums, a reduction of kW-element runs for max.
func windowsPlanes(xp *graph.Node, ho, wo int, k [2]int, reduce string) *graph.Node {
	n, w := xp.Shape().Dimensions[0], wo*k[1]
	r := graph.Reshape(xp, n*ho, k[0], w)
	if reduce == "max" {
		r = graph.ReduceMax(graph.Reshape(graph.ReduceMax(r, 1), n*ho*wo, k[1]), 1)
		return graph.Reshape(r, n, ho, wo, 1)
	}
	m := make([]float32, w*wo)
	for j := range w {
		m[j*wo+j/k[1]] = 1
	}
	pw := graph.ConvertDType(graph.ConstTensor(xp.Graph(), tensors.FromFlatDataAndDimensions(m, w, wo)), xp.DType())
	r = graph.DotGeneral(graph.ReduceSum(r, 1), []int{1}, nil, pw, []int{0}, nil) // [n·ho, wo]
	return graph.Reshape(r, n, ho, wo, 1)
}

// MaxPool2d is torch.nn.MaxPool2d on [B,H,W,C] (padding is -inf, as in PyTorch).
//
//	nn.NewMaxPool2d(3).Stride(2)   // AlexNet
type MaxPool2d struct{ pool2d }

// NewMaxPool2d returns MaxPool2d(kernel_size) with stride = kernel_size,
// padding 0, ceil_mode=False.
func NewMaxPool2d(kernelSize int) *MaxPool2d {
	k := [2]int{kernelSize, kernelSize}
	return &MaxPool2d{pool2d{kernel: k, stride: k}}
}

// Kernel sets a per-axis kernel (and the stride too, unless Stride is called after).
func (m *MaxPool2d) Kernel(kH, kW int) *MaxPool2d { m.setKernel(kH, kW); return m }

// Stride sets stride=s or (sH, sW).
func (m *MaxPool2d) Stride(s ...int) *MaxPool2d { m.stride = pair(s, m.stride); return m }

// Padding sets padding=p or (pH, pW).
func (m *MaxPool2d) Padding(p ...int) *MaxPool2d { m.pad = pair(p, m.pad); return m }

// CeilMode sets ceil_mode.
func (m *MaxPool2d) CeilMode(ceil bool) *MaxPool2d { m.ceil = ceil; return m }

// Impl forces a formulation for this layer.
func (m *MaxPool2d) Impl(i Impl) *MaxPool2d { m.impl = i; return m }

// Type returns "MaxPool2d".
func (m *MaxPool2d) Type() string { return "MaxPool2d" }

// String is a PyTorch-like repr.
func (m *MaxPool2d) String() string { return m.repr("MaxPool2d", "") }

// OutputShape maps [C,H,W] to [C,Ho,Wo] (PyTorch's formula, floor or ceil).
func (m *MaxPool2d) OutputShape(in []int) ([]int, error) { return m.outputShape(m.String(), in) }

// Forward pools x [B,H,W,C].
func (m *MaxPool2d) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	checkImage(m.String(), x, m.validate)
	ninf := graph.Infinity(x.Graph(), x.DType(), -1)
	xp, ho, wo := m.prepare(x, ninf)
	return m.windows(xp, ho, wo, "max", resolveImpl(m.impl, scope, x.Graph(), m.kernel == m.stride))
}

// AvgPool2d is torch.nn.AvgPool2d on [B,H,W,C], with PyTorch's divisor:
// count_include_pad=True (default) divides by the window's size clipped to
// the padded input; False divides by the number of real elements.
type AvgPool2d struct {
	pool2d
	excludePad bool
}

// NewAvgPool2d returns AvgPool2d(kernel_size) with stride = kernel_size,
// padding 0, ceil_mode=False, count_include_pad=True.
func NewAvgPool2d(kernelSize int) *AvgPool2d {
	k := [2]int{kernelSize, kernelSize}
	return &AvgPool2d{pool2d: pool2d{kernel: k, stride: k}}
}

// Kernel sets a per-axis kernel (and the stride too, unless Stride is called after).
func (m *AvgPool2d) Kernel(kH, kW int) *AvgPool2d { m.setKernel(kH, kW); return m }

// Stride sets stride=s or (sH, sW).
func (m *AvgPool2d) Stride(s ...int) *AvgPool2d { m.stride = pair(s, m.stride); return m }

// Padding sets padding=p or (pH, pW).
func (m *AvgPool2d) Padding(p ...int) *AvgPool2d { m.pad = pair(p, m.pad); return m }

// CeilMode sets ceil_mode.
func (m *AvgPool2d) CeilMode(ceil bool) *AvgPool2d { m.ceil = ceil; return m }

// CountIncludePad sets count_include_pad (default true).
func (m *AvgPool2d) CountIncludePad(include bool) *AvgPool2d { m.excludePad = !include; return m }

// Impl forces a formulation for this layer.
func (m *AvgPool2d) Impl(i Impl) *AvgPool2d { m.impl = i; return m }

// Type returns "AvgPool2d".
func (m *AvgPool2d) Type() string { return "AvgPool2d" }

// String is a PyTorch-like repr.
func (m *AvgPool2d) String() string {
	return m.repr("AvgPool2d", fmt.Sprintf(", count_include_pad=%s", pyBool(!m.excludePad)))
}

// OutputShape maps [C,H,W] to [C,Ho,Wo] (PyTorch's formula, floor or ceil).
func (m *AvgPool2d) OutputShape(in []int) ([]int, error) { return m.outputShape(m.String(), in) }

// Forward pools x [B,H,W,C].
func (m *AvgPool2d) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	checkImage(m.String(), x, m.validate)
	g := x.Graph()
	xp, ho, wo := m.prepare(x, graph.ScalarZero(g, x.DType()))
	sum := m.windows(xp, ho, wo, "sum", resolveImpl(m.impl, scope, g, m.kernel == m.stride))
	d := x.Shape().Dimensions
	dh := avgDivisors(d[1], ho, m.kernel[0], m.stride[0], m.pad[0], m.excludePad)
	dw := avgDivisors(d[2], wo, m.kernel[1], m.stride[1], m.pad[1], m.excludePad)
	uniform := true
	for _, v := range dh {
		uniform = uniform && v == dh[0]
	}
	for _, v := range dw {
		uniform = uniform && v == dw[0]
	}
	if uniform {
		return graph.MulScalar(sum, 1/float64(dh[0]*dw[0]))
	}
	inv := make([]float32, ho*wo)
	for i := range ho {
		for j := range wo {
			inv[i*wo+j] = 1 / float32(dh[i]*dw[j])
		}
	}
	c := graph.ConstTensor(g, tensors.FromFlatDataAndDimensions(inv, 1, ho, wo, 1))
	return graph.Mul(sum, graph.ConvertDType(c, x.DType()))
}

// avgDivisors returns PyTorch's per-output window lengths along one axis
// (avg_pool2d's pool_size before / after clipping to the input).
func avgDivisors(n, o, k, s, p int, excludePad bool) []int {
	out := make([]int, o)
	for i := range o {
		start := i*s - p
		end := min(start+k, n+p)
		size := end - start
		if excludePad {
			size = min(end, n) - max(start, 0)
		}
		out[i] = size
	}
	return out
}

// checkImage panics (graph-building error) unless x is [B,H,W,C] and the layer is valid.
func checkImage(name string, x *graph.Node, validate func(string) error) {
	if err := validate(name); err != nil {
		panicf("%v", err)
	}
	if x.Rank() != 4 {
		panicf("%s: input %s, want rank 4 [B, H, W, C] (channels-last)", name, x.Shape())
	}
}

// AdaptiveAvgPool2d is torch.nn.AdaptiveAvgPool2d: output cell (i, j) is the
// mean of rows ⌊i·H/Ho⌋ … ⌈(i+1)·H/Ho⌉−1 and the same for columns. When the
// output size divides the input size it is a Reshape+ReduceMean (1×1 is the
// global mean, equal sizes are the identity); otherwise two products with
// constant pooling matrices.
type AdaptiveAvgPool2d struct{ out [2]int }

// NewAdaptiveAvgPool2d returns AdaptiveAvgPool2d(output_size) with output_size
// one value (square) or two (oH, oW).
func NewAdaptiveAvgPool2d(outputSize ...int) *AdaptiveAvgPool2d {
	return &AdaptiveAvgPool2d{out: pair(outputSize, [2]int{-1, -1})}
}

// Type returns "AdaptiveAvgPool2d".
func (m *AdaptiveAvgPool2d) Type() string { return "AdaptiveAvgPool2d" }

// String is PyTorch's repr.
func (m *AdaptiveAvgPool2d) String() string {
	return fmt.Sprintf("AdaptiveAvgPool2d(output_size=(%d, %d))", m.out[0], m.out[1])
}

// OutputShape maps [C,H,W] to [C,oH,oW].
func (m *AdaptiveAvgPool2d) OutputShape(in []int) ([]int, error) {
	if m.out[0] <= 0 || m.out[1] <= 0 {
		return nil, fmt.Errorf("%s: output_size must be one or two positive values", m)
	}
	if len(in) != 3 || in[1] <= 0 || in[2] <= 0 {
		return nil, fmt.Errorf("%s: input shape %v, want [C, H, W]", m, in)
	}
	return []int{in[0], m.out[0], m.out[1]}, nil
}

// Params returns nil.
func (m *AdaptiveAvgPool2d) Params(in []int) []Param { return nil }

// MultAdds returns 0, as torchinfo does for pooling.
func (m *AdaptiveAvgPool2d) MultAdds(in, out []int) int64 { return 0 }

// Forward pools x [B,H,W,C] to [B,oH,oW,C].
func (m *AdaptiveAvgPool2d) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	if x.Rank() != 4 {
		panicf("%s: input %s, want rank 4 [B, H, W, C]", m, x.Shape())
	}
	d := x.Shape().Dimensions
	if _, err := m.OutputShape([]int{d[3], d[1], d[2]}); err != nil {
		panicf("%v", err)
	}
	oh, ow := m.out[0], m.out[1]
	if d[1] == oh && d[2] == ow {
		return x
	}
	if d[1]%oh == 0 && d[2]%ow == 0 {
		return graph.ReduceMean(graph.Reshape(x, d[0], oh, d[1]/oh, ow, d[2]/ow, d[3]), 2, 4)
	}
	g := x.Graph()
	ph := graph.ConvertDType(graph.ConstTensor(g, adaptiveMatrix(d[1], oh)), x.DType()) // [oH, H]
	pw := graph.ConvertDType(graph.ConstTensor(g, adaptiveMatrix(d[2], ow)), x.DType()) // [oW, W]
	y := graph.DotGeneral(x, []int{1}, nil, ph, []int{1}, nil)                          // [B, W, C, oH]
	y = graph.DotGeneral(y, []int{1}, nil, pw, []int{1}, nil)                           // [B, C, oH, oW]
	return graph.TransposeAllAxes(y, 0, 2, 3, 1)
}

// adaptiveMatrix is the [o, n] averaging matrix of adaptive pooling.
func adaptiveMatrix(n, o int) *tensors.Tensor {
	m := make([]float32, o*n)
	for i := range o {
		start := i * n / o
		end := ((i+1)*n + o - 1) / o // ⌈(i+1)·n/o⌉
		for j := start; j < end; j++ {
			m[i*n+j] = 1 / float32(end-start)
		}
	}
	return tensors.FromFlatDataAndDimensions(m, o, n)
}
