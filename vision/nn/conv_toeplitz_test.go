package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
)

// TestRowToeplitzAgrees checks conv2dRowToeplitz against graph.Convolve
// (outputs and gradients w.r.t. input and kernel, compareImpls' tolerance)
// on LeNet-like shapes, a non-square kernel with asymmetric padding, and a
// one-row kernel (no row concatenation).
func TestRowToeplitzAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cases := []struct {
		cin, cout, kh, kw, h, w int
		pad                     [4]int
	}{
		{1, 6, 5, 5, 12, 12, [4]int{}},
		{6, 16, 5, 5, 9, 9, [4]int{}},
		{3, 4, 3, 2, 7, 6, [4]int{1, 0, 2, 1}},
		{2, 3, 1, 3, 4, 5, [4]int{0, 0, 1, 1}},
	}
	for _, c := range cases {
		wp := c.w + c.pad[2] + c.pad[3]
		if !useRowToeplitz(wp, c.kh, c.kw, c.cin, c.cout) {
			t.Fatalf("case %+v: padded width %d would not use the row-Toeplitz form", c, wp)
		}
		conv := NewConv2d(c.cin, c.cout, 1).Kernel(c.kh, c.kw).PaddingSides(c.pad[0], c.pad[1], c.pad[2], c.pad[3])
		compareImpls(t, fmt.Sprintf("%s on [2,%d,%d,%d]", conv, c.h, c.w, c.cin), func(impl Impl, in []*graph.Node) *graph.Node {
			if impl == ImplNative {
				return conv.native(in[0], in[1])
			}
			return Conv2dIm2Col(in[0], in[1], [2]int{1, 1}, c.pad, [2]int{1, 1}, 1)
		}, r, randTensor(r, 2, c.h, c.w, c.cin), randTensor(r, c.kh, c.kw, c.cin, c.cout))
	}
}
