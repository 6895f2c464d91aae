package nn

import (
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// rowToeplitz selects conv2dRowToeplitz for small stride-1 convolutions
// (switch kept for A/B benchmarks; the tests cover the default).
var rowToeplitz = true

// useRowToeplitz reports whether the stride-1, dilation-1, ungrouped
// convolution of a padded input hp×wp×cin with a kh×kw×cin×cout kernel should
// use conv2dRowToeplitz. It multiplies wp/kw times more than im2col, which
// pays off (fewer copies, no transposes) only for small images and few
// channels, as in LeNet: at most 8·kw columns and a Toeplitz kernel of at
// most 2^18 values (LeNet-5's C3: 420×160), not AlexNet-sized layers.
func useRowToeplitz(wp, kh, kw, cin, cout int) bool {
	wo := wp - kw + 1
	return rowToeplitz && wp <= 8*kw && kh*wp*cin*wo*cout <= 1<<18
}

// conv2dRowToeplitz is the stride-1 convolution of the padded, channels-last
// x [B,Hp,Wp,Cin] with w [kH,kW,Cin,Cout], as one matrix product with a
// row-Toeplitz form of the kernel:
//
//	rows    R [B·Ho, kH·Wp·Cin]: image rows y+dy, dy = 0…kH−1, side by side
//	        (kH slices along H plus a block concatenation)
//	kernel  T [kH·Wp·Cin, Wo·Cout], T[(dy,u,c),(j,o)] = w[dy,u−j,c,o] for
//	        0 ≤ u−j < kW, else 0 (w contracted with a constant 0/1 shift tensor)
//	output  Y = R·T [B·Ho, Wo·Cout], which is [B,Ho,Wo,Cout] as it stands.
//
// Every tensor stays channels-last, so nothing large is transposed, and only
// kH (not kH·kW) shifted copies of the input are made. T's gradient and
// R's come from GoMLX's automatic differentiation (products with small T);
// the gradient of the row extraction is given by shifted block
// concatenations (cheap copies) instead of Slice's Pad.
func conv2dRowToeplitz(x, w *graph.Node) *graph.Node {
	d := x.Shape().Dimensions
	b, hp, wp, cin := d[0], d[1], d[2], d[3]
	wd := w.Shape().Dimensions
	kh, kw, cout := wd[0], wd[1], wd[3]
	ho, wo := hp-kh+1, wp-kw+1
	g := x.Graph()
	// Shift tensor S [kW, Wp, Wo]: S[dx, j+dx, j] = 1.
	s := make([]float32, kw*wp*wo)
	for dx := range kw {
		for j := range wo {
			s[(dx*wp+j+dx)*wo+j] = 1
		}
	}
	shift := graph.ConvertDType(graph.ConstTensor(g, tensors.FromFlatDataAndDimensions(s, kw, wp, wo)), w.DType())
	t := graph.DotGeneral(w, []int{1}, nil, shift, []int{0}, nil)                   // [kH, Cin, Cout, Wp, Wo]
	t = graph.Reshape(graph.TransposeAllAxes(t, 0, 3, 1, 4, 2), kh*wp*cin, wo*cout) // [(dy,u,c), (j,o)]
	build := func(x *graph.Node) *graph.Node {
		x3 := graph.Reshape(x, b, hp, wp*cin)
		if kh == 1 {
			return x3
		}
		rows := make([]*graph.Node, kh)
		for dy := range kh {
			rows[dy] = graph.Slice(x3, graph.AxisRange(), graph.AxisRange(dy, dy+ho), graph.AxisRange())
		}
		return graph.Concatenate(rows, 2) // [B, Ho, kH·Wp·Cin]
	}
	r := withGradient(x, build(graph.StopGradient(x)), func(v *graph.Node) *graph.Node {
		zeros := func(dims ...int) *graph.Node { return graph.Zeros(g, shapes.Make(x.DType(), dims...)) }
		var acc *graph.Node
		for dy := range kh {
			p := graph.Slice(v, graph.AxisRange(), graph.AxisRange(), graph.AxisRange(dy*wp*cin, (dy+1)*wp*cin))
			p = concatZeros(p, 1, dy, kh-1-dy, zeros)
			if acc == nil {
				acc = p
			} else {
				acc = graph.Add(acc, p)
			}
		}
		return graph.Reshape(acc, b, hp, wp, cin)
	})
	y := graph.DotGeneral(graph.Reshape(r, b*ho, kh*wp*cin), []int{1}, nil, t, []int{0}, nil) // [B·Ho, Wo·Cout]
	return graph.Reshape(y, b, ho, wo, cout)
}
