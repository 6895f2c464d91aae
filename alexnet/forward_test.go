package alexnet

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/vision/models"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// randomImages returns n channels-last images of shape m.Input, N(0, 1).
func randomImages(m *models.Model, n int) []float32 {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, n*m.Input[0]*m.Input[1]*m.Input[2])
	for i := range x {
		x[i] = float32(r.NormFloat64())
	}
	return x
}

// A forward pass of one 3×224×224 image through the full-size AlexNet
// (PyTorch's default initialisation, seed 42) runs on the Go backend and gives
// 1,000 finite logits, not all equal.
func TestAlexNetForward224(t *testing.T) {
	b := testutil.Backend(t)
	m := AlexNet(1000, 3)
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(42))
	start := time.Now()
	logits, err := Logits(b, store, m, randomImages(m, 1), 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first forward pass (compile + init + run): %v", time.Since(start))
	if len(logits) != 1000 {
		t.Fatalf("%d logits, want 1000", len(logits))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range logits {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			t.Fatalf("logit %v", v)
		}
		lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
	}
	if hi == lo {
		t.Fatalf("all logits equal %v", lo)
	}
}

// benchmarkForward reports the time per image of a batch-1 forward pass
// (graph compiled and weights initialised before the timer).
func benchmarkForward(b *testing.B, m *models.Model) {
	be := testutil.Backend(b)
	exec, err := model.NewExec1(be, model.NewStore(), func(scope *model.Scope, x *graph.Node) *graph.Node {
		return m.Net.Forward(scope, x)
	})
	if err != nil {
		b.Fatal(err)
	}
	x := tensors.FromFlatDataAndDimensions(randomImages(m, 1), 1, m.Input[1], m.Input[2], m.Input[0])
	run := func() {
		out, err := exec.Call1(x)
		if err != nil {
			b.Fatal(err)
		}
		out.MustFinalizeAll()
	}
	run() // compile + initialise
	b.ResetTimer()
	for b.Loop() {
		run()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/image")
}

// BenchmarkAlexNetForward: go test -run '^$' -bench AlexNet ./alexnet/
func BenchmarkAlexNetForward(b *testing.B) { benchmarkForward(b, AlexNet(1000, 3)) }

// BenchmarkVGG16Forward: go test -run '^$' -bench VGG16 -benchtime 3x ./alexnet/
func BenchmarkVGG16Forward(b *testing.B) { benchmarkForward(b, VGG16(1000, 3)) }
