package nn

import (
	"math"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// TestBatchNormTrainingGradient differentiates Σ r·BN(x) in training mode
// (BatchNorm1d(1), no affine part at init: weight 1, bias 0) and compares with
// the closed form of the batch-norm backward pass,
// dx = (r − mean(r) − ŷ·mean(r·ŷ)) / √(var + ε), ŷ = (x − mean)/√(var + ε),
// var the biased batch variance. GoMLX (v0.28.16) has no gradient for Rsqrt
// (docs/upstream/002), so this also checks that a BatchNorm can be trained at all.
func TestBatchNormTrainingGradient(t *testing.T) {
	x := []float32{1, 2, 4, 7}
	r := []float32{0.5, -1, 2, 0.25}
	store := model.NewStore()
	bn := NewBatchNorm1d(1)
	exec, err := model.NewExec1(testutil.Backend(t), store, func(scope *model.Scope, xn *graph.Node) *graph.Node {
		store.SetTraining(xn.Graph(), true)
		y := bn.Forward(scope, xn)
		rn := graph.Const(xn.Graph(), [][]float32{{r[0]}, {r[1]}, {r[2]}, {r[3]}})
		return graph.Gradient(graph.ReduceAllSum(graph.Mul(y, rn)), xn)[0]
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call(tensors.FromFlatDataAndDimensions(append([]float32(nil), x...), 4, 1))
	if err != nil {
		t.Fatalf("gradient of a training BatchNorm: %v", err)
	}
	got := tensors.MustCopyFlatData[float32](out)
	mean, v := 3.5, 0.0
	for _, xi := range x {
		v += (float64(xi) - mean) * (float64(xi) - mean) / 4
	}
	s := math.Sqrt(v + 1e-5)
	var mr, mry float64
	for i := range x {
		mr += float64(r[i]) / 4
		mry += float64(r[i]) * (float64(x[i]) - mean) / s / 4
	}
	for i := range x {
		want := (float64(r[i]) - mr - (float64(x[i])-mean)/s*mry) / s
		if math.Abs(float64(got[i])-want) > 1e-5 {
			t.Errorf("dx[%d] = %g, want %g", i, got[i], want)
		}
	}
}
