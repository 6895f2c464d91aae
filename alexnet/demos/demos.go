package demos

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gocnn/gocnn/vision/shape"
	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// Matrix is a small row-major 2-D matrix.
type Matrix [][]float32

// Counting returns the rows×cols matrix 1, 2, 3, ... row by row; Counting(4, 4)
// is the chapter's input [[1 2 3 4] [5 6 7 8] [9 10 11 12] [13 14 15 16]].
func Counting(rows, cols int) Matrix {
	m := make(Matrix, rows)
	for i := range m {
		m[i] = make([]float32, cols)
		for j := range m[i] {
			m[i][j] = float32(i*cols + j + 1)
		}
	}
	return m
}

// String prints the matrix as [[6 8] [14 16]] (shortest float form of each value).
func (m Matrix) String() string {
	rows := make([]string, len(m))
	for i, r := range m {
		cells := make([]string, len(r))
		for j, v := range r {
			cells[j] = strconv.FormatFloat(float64(v), 'g', -1, 32)
		}
		rows[i] = "[" + strings.Join(cells, " ") + "]"
	}
	return "[" + strings.Join(rows, " ") + "]"
}

// dims returns rows, cols, checking that m is a non-empty rectangle.
func (m Matrix) dims(what string) (int, int, error) {
	if len(m) == 0 || len(m[0]) == 0 {
		return 0, 0, fmt.Errorf("demos: %s is empty", what)
	}
	for i, r := range m {
		if len(r) != len(m[0]) {
			return 0, 0, fmt.Errorf("demos: %s row %d has %d values, row 0 has %d", what, i, len(r), len(m[0]))
		}
	}
	return len(m), len(m[0]), nil
}

func (m Matrix) flat() []float32 {
	var f []float32
	for _, r := range m {
		f = append(f, r...)
	}
	return f
}

// ChapterKernel is the 3×3 kernel used for the convolution demo: all ones, so
// each output cell is the plain sum of the 3×3 window it reads (the chapter's
// PyTorch demo used a random kernel, which cannot be reproduced). On Counting(4, 4)
// it gives [[54 63] [90 99]].
func ChapterKernel() Matrix { return Matrix{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}} }

// Op is the operation of a demo or trace.
type Op int

const (
	// MaxPool keeps the largest value of each window (nn.MaxPool2d).
	MaxPool Op = iota
	// AvgPool averages each window (nn.AvgPool2d).
	AvgPool
	// Conv multiplies each window by the kernel and adds (nn.Conv2d, no bias).
	Conv
)

// String returns the PyTorch class name.
func (o Op) String() string {
	return [...]string{"MaxPool2d", "AvgPool2d", "Conv2d"}[o]
}

// run executes fn on x reshaped to [1, H, W, 1] and returns the [Ho, Wo] result.
func run(b compute.Backend, x Matrix, fn func(x *graph.Node) *graph.Node) (out Matrix, err error) {
	h, w, err := x.dims("input")
	if err != nil {
		return nil, err
	}
	xt := tensors.FromFlatDataAndDimensions(x.flat(), 1, h, w, 1)
	t, err := graph.ExecOnce(b, fn, xt)
	if err != nil {
		return nil, fmt.Errorf("demos: GoMLX: %w", err)
	}
	d := t.Shape().Dimensions
	flat, err := tensors.CopyFlatData[float32](t)
	if err != nil {
		return nil, fmt.Errorf("demos: reading result: %w", err)
	}
	out = make(Matrix, d[1])
	for i := range out {
		out[i] = flat[i*d[2] : (i+1)*d[2]]
	}
	return out, nil
}

// Pool pools x with a k×k window and stride s (no padding) on backend b, with
// graph.MaxPool or graph.MeanPool. Pool(b, Counting(4,4), MaxPool, 2, 2) is
// [[6 8] [14 16]]; with AvgPool it is [[3.5 5.5] [11.5 13.5]].
func Pool(b compute.Backend, x Matrix, op Op, k, s int) (Matrix, error) {
	h, w, err := x.dims("input")
	if err != nil {
		return nil, err
	}
	if op != MaxPool && op != AvgPool {
		return nil, fmt.Errorf("demos: Pool needs MaxPool or AvgPool, got %s", op)
	}
	sp := shape.Spec{Op: shape.MaxPool, Kernel: k, Stride: s, Dilation: 1}
	if _, err := sp.Out(h); err != nil {
		return nil, fmt.Errorf("demos: %s on %dx%d: %w", op, h, w, err)
	}
	if _, err := sp.Out(w); err != nil {
		return nil, fmt.Errorf("demos: %s on %dx%d: %w", op, h, w, err)
	}
	return run(b, x, func(xn *graph.Node) *graph.Node {
		pb := graph.MaxPool(xn)
		if op == AvgPool {
			pb = graph.MeanPool(xn)
		}
		return pb.Window(k).Strides(s).NoPadding().Done()
	})
}

// Convolve computes the cross-correlation (PyTorch's Conv2d, one channel, no
// bias) of x with kernel, stride s and zero padding p, on backend b with
// graph.Convolve.
func Convolve(b compute.Backend, x, kernel Matrix, s, p int) (Matrix, error) {
	h, w, err := x.dims("input")
	if err != nil {
		return nil, err
	}
	kh, kw, err := kernel.dims("kernel")
	if err != nil {
		return nil, err
	}
	if _, err := shape.ConvOut(h, kh, s, p, 1); err != nil {
		return nil, fmt.Errorf("demos: Conv2d on %dx%d: %w", h, w, err)
	}
	if _, err := shape.ConvOut(w, kw, s, p, 1); err != nil {
		return nil, fmt.Errorf("demos: Conv2d on %dx%d: %w", h, w, err)
	}
	kt := kernel.flat()
	return run(b, x, func(xn *graph.Node) *graph.Node {
		kn := graph.Const(xn.Graph(), tensors.FromFlatDataAndDimensions(kt, kh, kw, 1, 1))
		return graph.Convolve(xn, kn).Strides(s).PaddingPerDim([][2]int{{p, p}, {p, p}}).Done()
	})
}

// ChainStep is one convolution of the chapter's chained-shapes demo.
type ChainStep struct {
	In, Out     []int // [C, H, W]
	FilterShape []int // PyTorch weight shape [Cout, Cin, kH, kW]
	Explain     shape.Explanation
}

// Chain computes the chapter's chain 3×19×19 → Conv2d(3, 7, 5) → 7×15×15 →
// Conv2d(7, 2, 3) → 2×13×13 (no bias, stride 1, no padding), with the
// filter shapes (7, 3, 5, 5) and (2, 7, 3, 3) and the explained formula.
func Chain() ([]ChainStep, error) {
	return ChainOf([]int{3, 19, 19}, [][2]int{{7, 5}, {2, 3}})
}

// ChainOf chains convolutions given as (out_channels, kernel) pairs, stride 1
// and no padding, from the input shape in ([C, H, W]).
func ChainOf(in []int, convs [][2]int) ([]ChainStep, error) {
	var steps []ChainStep
	cur := in
	for i, c := range convs {
		out, err := shape.Conv2d(cur, c[0], c[1], 1, 0, 1)
		if err != nil {
			return nil, fmt.Errorf("demos: conv %d: %w", i+1, err)
		}
		e, err := shape.NewSpec(shape.Conv, c[1]).Explain("H", cur[1])
		if err != nil {
			return nil, err
		}
		steps = append(steps, ChainStep{In: cur, Out: out, FilterShape: []int{c[0], cur[0], c[1], c[1]}, Explain: e})
		cur = out
	}
	return steps, nil
}
