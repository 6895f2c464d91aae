package nn

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// TestDotGeneralGradientSkipsIdentityTranspose checks the wrapped DotGeneral
// gradient of y = a·b (a [3,4], b [4,2], loss ΣY): the gradients are the
// closed forms dA = 1·bᵀ and dB = aᵀ·1. GoMLX builds dA as a DotGeneral
// already in a's axis order followed by an identity Transpose, which must be
// gone; dB comes out as [2,4] and needs the genuine Transpose [1 0], which
// must stay. With the second operand given as [2,4] (contracted on its axis
// 1) its gradient is in order too: no Transpose.
func TestDotGeneralGradientSkipsIdentityTranspose(t *testing.T) {
	be := testBackend(t)
	a := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	b := []float32{1, -1, 2, 0.5, -3, 1, 0.25, 2}
	var kinds []string
	var perms [][]int
	exec := graph.MustNewExec(be, func(x, w *graph.Node) []*graph.Node {
		y := graph.DotGeneral(x, []int{1}, nil, w, []int{0}, nil)
		grads := graph.Gradient(graph.ReduceAllSum(y), x, w)
		// b as [2,4]: the gradient w.r.t. it needs the transpose [1 0].
		wt := graph.TransposeAllAxes(w, 1, 0)
		y2 := graph.DotGeneral(x, []int{1}, nil, wt, []int{1}, nil)
		g2 := graph.Gradient(graph.ReduceAllSum(y2), wt)[0]
		for _, n := range append(grads, g2) {
			kinds = append(kinds, n.Type().String())
			p, _ := transposePermutation(n)
			perms = append(perms, p)
		}
		return append(grads, g2)
	})
	out := exec.MustExec(tensors.FromFlatDataAndDimensions(a, 3, 4), tensors.FromFlatDataAndDimensions(b, 4, 2))
	if kinds[0] != "DotGeneral" || kinds[2] != "DotGeneral" {
		t.Errorf("gradient nodes w.r.t. a and bᵀ are %s and %s, want DotGeneral (identity Transpose dropped)", kinds[0], kinds[2])
	}
	if kinds[1] != "Transpose" || len(perms[1]) != 2 || perms[1][0] != 1 || perms[1][1] != 0 {
		t.Errorf("gradient w.r.t. b: %s %v, want the Transpose with permutation [1 0]", kinds[1], perms[1])
	}
	da := out[0].Value().([][]float32)
	db := out[1].Value().([][]float32)
	for i := range 3 {
		for k := range 4 {
			want := b[2*k] + b[2*k+1] // Σ_j b[k,j]
			if math.Abs(float64(da[i][k]-want)) > 1e-6 {
				t.Errorf("dA[%d][%d] = %g, want %g", i, k, da[i][k], want)
			}
		}
	}
	for k := range 4 {
		want := a[k] + a[4+k] + a[8+k] // Σ_i a[i,k]
		for j := range 2 {
			if math.Abs(float64(db[k][j]-want)) > 1e-6 {
				t.Errorf("dB[%d][%d] = %g, want %g", k, j, db[k][j], want)
			}
		}
	}
	dbt := out[2].Value().([][]float32)
	if got, want := dbt[1][3], a[3]+a[7]+a[11]; got != want {
		t.Errorf("d(bᵀ)[1][3] = %g, want %g", got, want)
	}
}
