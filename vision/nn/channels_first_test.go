package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// TestChannelsFirstRuns checks that running stretches of a Sequential
// channels-first changes nothing: the logits and the gradients of Σ r·logits
// w.r.t. every weight and the input equal (within 1e-4 relative, float32
// summation order) those of the layer-by-layer channels-last run. The model
// has padded and unpadded convolutions, a dilated one, Tanh/ReLU, avg and max
// pooling, a nested Sequential, a strided convolution (which ends a run), a
// convolution whose window is its whole input and a Flatten, so every
// conversion is exercised.
//
// It runs with the row-Toeplitz convolution off (so the stride-1
// convolutions run channels-first) and on (so runs start and stop between
// formulations).
func TestChannelsFirstRuns(t *testing.T) {
	for _, toeplitz := range []bool{false, true} {
		defer func(old bool) { rowToeplitz = old }(rowToeplitz)
		rowToeplitz = toeplitz
		testChannelsFirstRuns(t)
	}
}

func testChannelsFirstRuns(t *testing.T) {
	net := NewSequential(
		Named{Name: "c1", Layer: NewConv2d(2, 4, 3).Padding(1)},
		Named{Name: "t1", Layer: NewTanh()},
		Named{Name: "p1", Layer: NewAvgPool2d(2)},
		Named{Name: "blk", Layer: Seq(NewConv2d(4, 5, 3).Dilation(2).Padding(2), NewReLU(), NewMaxPool2d(3).Stride(1).Padding(1))},
		Named{Name: "c3", Layer: NewConv2d(5, 6, 2).Stride(2)},
		Named{Name: "c4", Layer: NewConv2d(6, 3, 1)},
		Named{Name: "r", Layer: NewReLU()},
		Named{Name: "c5", Layer: NewConv2d(3, 4, 2)},
		Named{Name: "flat", Layer: NewFlatten()},
		Named{Name: "fc", Layer: NewLinear(4, 5)},
	)
	r := rand.New(rand.NewPCG(3, 4))
	x := randTensor(r, 3, 8, 8, 2)
	weights := randTensor(r, 3, 5)
	store := model.NewStore()
	run := func(cf bool) [][]float32 {
		defer func(old bool) { channelsFirstRuns = old }(channelsFirstRuns)
		channelsFirstRuns = cf
		exec, err := model.NewExec(testBackend(t), store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
			y := net.Forward(scope, in[0])
			loss := graph.ReduceAllSum(graph.Mul(y, in[1]))
			nodes := []*graph.Node{in[0]}
			for v := range store.IterVariables() {
				if v.Trainable {
					nodes = append(nodes, v.NodeValue(in[0].Graph()))
				}
			}
			return append([]*graph.Node{y}, graph.Gradient(loss, nodes...)...)
		})
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Call(x, weights)
		if err != nil {
			t.Fatal(err)
		}
		res := make([][]float32, len(out))
		for i, o := range out {
			res[i] = tensors.MustCopyFlatData[float32](o)
		}
		return res
	}
	want := run(false)
	got := run(true)
	// 6 layers with weight and bias: 12 variables, plus logits and dx.
	if len(got) != 14 || len(want) != 14 {
		t.Fatalf("%d and %d outputs, want 14 (logits, dx, 12 weights and biases)", len(got), len(want))
	}
	for i := range want {
		for j := range want[i] {
			if d := math.Abs(float64(got[i][j] - want[i][j])); d > 1e-4*math.Max(1, math.Abs(float64(want[i][j]))) {
				t.Fatalf("output %d (0 logits, 1 dx, then variables) [%d]: channels-first %g, channels-last %g", i, j, got[i][j], want[i][j])
			}
		}
	}
}
