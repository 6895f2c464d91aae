package lenet

import (
	"fmt"
	"image"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
	"golang.org/x/image/font/basicfont"
)

// C3Table is Table I of LeCun et al. 1998: C3Table[j] lists the S2 feature
// maps that C3 feature map j reads. Six maps read 3 contiguous maps, six read
// 4 contiguous ones, three read 4 discontinuous ones and the last reads all 6:
// 60 connections in all.
var C3Table = [16][]int{
	{0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 0}, {5, 0, 1},
	{0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 0}, {4, 5, 0, 1}, {5, 0, 1, 2},
	{0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5},
	{0, 1, 2, 3, 4, 5},
}

// LeNet5LeCun1998 is LeNet-5 as described in LeCun, Bottou, Bengio and
// Haffner, "Gradient-based learning applied to document recognition", Proc.
// IEEE 86(11), 1998, section II.B:
//
//   - inputs scaled so that the background is −0.1 and the ink 1.175 (the
//     layer "input" maps [0,1] pixels with x·1.275 − 0.1);
//   - every layer up to F6 squashes with f(a) = 1.7159·tanh(2a/3);
//   - S2 and S4 add the four inputs of each 2×2 window, multiply by one
//     trainable coefficient per map and add one trainable bias per map;
//   - C3 connects each of its 16 maps to a subset of S2's maps (C3Table);
//   - the output is a layer of Euclidean RBF units, y_i = Σ_j (x_j − w_ij)²,
//     whose parameters are fixed ±1 codes drawn from 7×12 bitmaps of the
//     digits; the logits are −y_i, so the nearest code wins;
//   - weights start uniform in ±2.4/F_i, F_i being the unit's fan-in.
//
// Trainable parameters: C1 156, S2 12, C3 1,516, S4 32, C5 48,120, F6 10,164
// — 60,000 in all, the figure the paper gives. (The classic LeNet5 has 61,706:
// full C3 connections, 2,416 weights; no pooling coefficients; a trainable
// 84→10 linear output, 850.) Classes beyond 10 get codes of the ASCII
// characters after '9'.
func LeNet5LeCun1998(numClasses int) *models.Model {
	paper := func(c *nn.Conv2d) *nn.Conv2d { return c.Init(lecunUniform, lecunUniform) }
	net := nn.NewSequential(
		nn.Named{Name: "input", Layer: nn.NewFunc("InputScale", func(x *graph.Node) *graph.Node {
			return graph.AddScalar(graph.MulScalar(x, 1.275), -0.1)
		})},
		nn.Named{Name: "C1", Layer: paper(nn.NewConv2d(1, 6, 5))},
		nn.Named{Name: "f1", Layer: nn.NewScaledTanh()},
		nn.Named{Name: "S2", Layer: NewSubsampling(6)},
		nn.Named{Name: "f2", Layer: nn.NewScaledTanh()},
		nn.Named{Name: "C3", Layer: NewPartialConv2d(C3Table[:], 5)},
		nn.Named{Name: "f3", Layer: nn.NewScaledTanh()},
		nn.Named{Name: "S4", Layer: NewSubsampling(16)},
		nn.Named{Name: "f4", Layer: nn.NewScaledTanh()},
		nn.Named{Name: "C5", Layer: paper(nn.NewConv2d(16, 120, 5))},
		nn.Named{Name: "f5", Layer: nn.NewScaledTanh()},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "F6", Layer: nn.NewLinear(120, 84).Init(lecunUniform, lecunUniform)},
		nn.Named{Name: "f6", Layer: nn.NewScaledTanh()},
		nn.Named{Name: "Output", Layer: NewRBF(DigitCodes(numClasses))},
	)
	return &models.Model{
		Name: "lenet5-1998", Title: "LeNet-5 (LeCun et al. 1998)", Net: net, Input: []int{1, 32, 32},
		Embedding: "f6",
	}
}

// lecunUniform is the paper's initialisation: U(−2.4/F, 2.4/F), F the fan-in.
var lecunUniform = nn.Init{Name: "uniform_(±2.4/fan_in) (LeCun et al. 1998)", Fn: func(store *model.Store, g *graph.Graph, shape shapes.Shape, fanIn, _ int) *graph.Node {
	bound := 2.4 / float64(max(fanIn, 1))
	u := store.RandomUniform(g, shape)
	return graph.AddScalar(graph.MulScalar(u, 2*bound), -bound)
}}

// Subsampling is the S2/S4 layer of LeNet-5 (1998): each output is the sum of a
// 2×2 window of its map, times the map's trainable coefficient ("weight"),
// plus the map's trainable bias ("bias"). Two parameters per map.
type Subsampling struct{ maps int }

// NewSubsampling returns a subsampling layer over the given number of maps.
func NewSubsampling(maps int) *Subsampling { return &Subsampling{maps: maps} }

// Type returns "Subsampling".
func (s *Subsampling) Type() string { return "Subsampling" }

// OutputShape halves H and W of [maps, H, W]; H and W must be even.
func (s *Subsampling) OutputShape(in []int) ([]int, error) {
	if len(in) != 3 || in[0] != s.maps || in[1]%2 != 0 || in[2]%2 != 0 || in[1] == 0 || in[2] == 0 {
		return nil, fmt.Errorf("Subsampling(%d): input %v, want [%d, H, W] with even H and W", s.maps, in, s.maps)
	}
	return []int{s.maps, in[1] / 2, in[2] / 2}, nil
}

// StateEntries lists "weight" [maps] and "bias" [maps].
func (s *Subsampling) StateEntries(in []int) []nn.StateEntry {
	return []nn.StateEntry{
		{Name: "weight", TorchShape: []int{s.maps}, Shape: []int{s.maps}, Trainable: true},
		{Name: "bias", TorchShape: []int{s.maps}, Shape: []int{s.maps}, Trainable: true},
	}
}

// Params lists the coefficient and the bias of each map.
func (s *Subsampling) Params(in []int) []nn.Param {
	return []nn.Param{{Name: "weight", Shape: []int{s.maps}, Trainable: true}, {Name: "bias", Shape: []int{s.maps}, Trainable: true}}
}

// MultAdds counts one multiply-add per output (the window sum is additions).
func (s *Subsampling) MultAdds(in, out []int) int64 { return int64(out[0] * out[1] * out[2]) }

// Forward computes coef·Σwindow + bias on [B,H,W,maps].
func (s *Subsampling) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	g := x.Graph()
	d := x.Shape().Dimensions
	if x.Rank() != 4 || d[3] != s.maps || d[1]%2 != 0 || d[2]%2 != 0 {
		panic(fmt.Sprintf("lenet: Subsampling(%d): input %s, want [B, H, W, %d] with even H and W", s.maps, x.Shape(), s.maps))
	}
	sum := graph.ReduceSum(graph.Reshape(x, d[0], d[1]/2, 2, d[2]/2, 2, d[3]), 2, 4)
	shape := shapes.Make(x.DType(), s.maps)
	coef := scope.WithInitializer(func(g *graph.Graph, sh shapes.Shape) *graph.Node {
		return lecunUniform.Fn(scope.Store(), g, sh, 4, 1)
	}).VariableWithShape("weight", shape).NodeValue(g)
	bias := scope.WithInitializer(func(g *graph.Graph, sh shapes.Shape) *graph.Node {
		return graph.Zeros(g, sh)
	}).VariableWithShape("bias", shape).NodeValue(g)
	return graph.Add(graph.Mul(sum, graph.ExpandLeftToRank(coef, 4)), graph.ExpandLeftToRank(bias, 4))
}

// PartialConv2d is a stride-1, unpadded convolution whose output map j reads
// only the input maps table[j] (C3 of LeNet-5, 1998). Its "weight" has
// PyTorch's shape [out, in, k, k] with zeros outside the table, and "bias"
// [out]; only the connected kernels count as parameters.
type PartialConv2d struct {
	table  [][]int
	in     int
	kernel int
	mask   []float32 // [k, k, in, out], channels-last like the weight variable
}

// NewPartialConv2d returns a partial convolution with k×k kernels; the number
// of input maps is one more than the largest index in the table.
func NewPartialConv2d(table [][]int, k int) *PartialConv2d {
	in := 0
	for _, row := range table {
		for _, i := range row {
			in = max(in, i+1)
		}
	}
	out := len(table)
	mask := make([]float32, k*k*in*out)
	for j, row := range table {
		for _, i := range row {
			for p := 0; p < k*k; p++ {
				mask[(p*in+i)*out+j] = 1
			}
		}
	}
	return &PartialConv2d{table: table, in: in, kernel: k, mask: mask}
}

// Type returns "PartialConv2d".
func (c *PartialConv2d) Type() string { return "PartialConv2d" }

func (c *PartialConv2d) connections() int {
	n := 0
	for _, row := range c.table {
		n += len(row)
	}
	return n
}

// OutputShape is [out, H−k+1, W−k+1].
func (c *PartialConv2d) OutputShape(in []int) ([]int, error) {
	if len(in) != 3 || in[0] != c.in || in[1] < c.kernel || in[2] < c.kernel {
		return nil, fmt.Errorf("PartialConv2d: input %v, want [%d, H, W] with H, W ≥ %d", in, c.in, c.kernel)
	}
	return []int{len(c.table), in[1] - c.kernel + 1, in[2] - c.kernel + 1}, nil
}

// StateEntries lists the full (masked) weight and the bias, as a PyTorch
// Conv2d would hold them.
func (c *PartialConv2d) StateEntries(in []int) []nn.StateEntry {
	out, k := len(c.table), c.kernel
	return []nn.StateEntry{
		{Name: "weight", TorchShape: []int{out, c.in, k, k}, Shape: []int{k, k, c.in, out}, Perm: []int{2, 3, 1, 0}, Trainable: true},
		{Name: "bias", TorchShape: []int{out}, Shape: []int{out}, Trainable: true},
	}
}

// Params counts only the connected kernels: weight [connections, k, k] and
// bias [out].
func (c *PartialConv2d) Params(in []int) []nn.Param {
	return []nn.Param{
		{Name: "weight", Shape: []int{c.connections(), c.kernel, c.kernel}, Trainable: true},
		{Name: "bias", Shape: []int{len(c.table)}, Trainable: true},
	}
}

// MultAdds counts the connected kernels' products and the bias per output.
func (c *PartialConv2d) MultAdds(in, out []int) int64 {
	return int64(out[1]*out[2]) * int64(c.connections()*c.kernel*c.kernel+len(c.table))
}

// Forward convolves with the masked weight.
func (c *PartialConv2d) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	g := x.Graph()
	out, k := len(c.table), c.kernel
	if x.Rank() != 4 || x.Shape().Dimensions[3] != c.in {
		panic(fmt.Sprintf("lenet: PartialConv2d: input %s, want [B, H, W, %d]", x.Shape(), c.in))
	}
	fanIn := make([]float32, out)
	for j, row := range c.table {
		fanIn[j] = float32(len(row) * k * k)
	}
	w := scope.WithInitializer(func(g *graph.Graph, sh shapes.Shape) *graph.Node {
		u := scope.Store().RandomUniform(g, sh) // bound 2.4/F_j for output map j
		bound := graph.Div(graph.Const(g, float32(2.4)), graph.Const(g, fanIn))
		return graph.Mul(graph.AddScalar(graph.MulScalar(u, 2), -1), graph.ExpandLeftToRank(bound, 4))
	}).VariableWithShape("weight", shapes.Make(x.DType(), k, k, c.in, out)).NodeValue(g)
	b := scope.WithInitializer(func(g *graph.Graph, sh shapes.Shape) *graph.Node {
		return graph.Zeros(g, sh)
	}).VariableWithShape("bias", shapes.Make(x.DType(), out)).NodeValue(g)
	mask := graph.Const(g, c.mask)
	mask = graph.ConvertDType(graph.Reshape(mask, k, k, c.in, out), x.DType())
	y := nn.Conv2dIm2Col(x, graph.Mul(w, mask), [2]int{1, 1}, [4]int{}, [2]int{1, 1}, 1)
	return graph.Add(y, graph.ExpandLeftToRank(b, 4))
}

// RBF is LeNet-5's output layer of Euclidean radial basis function units:
// unit i computes y_i = Σ_j (x_j − w_ij)² with fixed (non-trainable) centres
// w_i, and the layer returns −y_i as logits.
type RBF struct {
	codes [][]float32 // [classes][features]
}

// NewRBF returns an RBF layer with the given fixed centres.
func NewRBF(codes [][]float32) *RBF { return &RBF{codes: codes} }

// Type returns "RBF".
func (r *RBF) Type() string { return "RBF" }

// OutputShape maps [features] to [classes].
func (r *RBF) OutputShape(in []int) ([]int, error) {
	if len(in) != 1 || in[0] != len(r.codes[0]) {
		return nil, fmt.Errorf("RBF: input %v, want [%d]", in, len(r.codes[0]))
	}
	return []int{len(r.codes)}, nil
}

// Params returns nil: the centres are fixed.
func (r *RBF) Params(in []int) []nn.Param { return nil }

// MultAdds counts one multiply-add per centre coordinate.
func (r *RBF) MultAdds(in, out []int) int64 { return int64(len(r.codes) * len(r.codes[0])) }

// Forward returns −Σ_j (x_j − w_ij)² for x [B, features].
func (r *RBF) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	g := x.Graph()
	n, f := len(r.codes), len(r.codes[0])
	flat := make([]float32, 0, n*f)
	for _, c := range r.codes {
		flat = append(flat, c...)
	}
	w := graph.ConvertDType(graph.Reshape(graph.Const(g, flat), n, f), x.DType()) // [classes, f]
	// ||x−w||² = ||x||² − 2 x·w + ||w||²
	xx := graph.ReduceSum(graph.Square(x), -1)                 // [B]
	ww := graph.ReduceSum(graph.Square(w), -1)                 // [classes]
	xw := graph.DotGeneral(x, []int{1}, nil, w, []int{1}, nil) // [B, classes]
	d := graph.Add(graph.Sub(graph.ExpandAxes(xx, -1), graph.MulScalar(xw, 2)), graph.ExpandAxes(ww, 0))
	return graph.Neg(d)
}

// DigitCodes returns the RBF centres of LeNet-5: for class i, the 7×12 bitmap of
// the character '0'+i (from the 7×13 fixed font of golang.org/x/image, its
// bottom row dropped) with ink +1 and background −1, 84 values.
func DigitCodes(numClasses int) [][]float32 {
	face := basicfont.Face7x13
	codes := make([][]float32, numClasses)
	for i := range codes {
		r := rune('0' + i)
		code := make([]float32, 0, 84)
		var mask image.Image = face.Mask
		idx := -1
		for _, rg := range face.Ranges {
			if r >= rg.Low && r < rg.High {
				idx = rg.Offset + int(r-rg.Low)
			}
		}
		for y := 0; y < 12; y++ {
			for x := 0; x < 7; x++ {
				v := float32(-1)
				if idx >= 0 {
					_, _, _, a := mask.At(x, idx*face.Height+y).RGBA()
					if a > 0x7fff {
						v = 1
					}
				}
				code = append(code, v)
			}
		}
		codes[i] = code
	}
	return codes
}
