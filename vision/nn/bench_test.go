package nn

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// BenchmarkLeNet5TrainStep times one LeNet-5 training step (batch 128,
// 1×32×32, forward + backward + plain SGD) with GoMLX's train.Trainer, for
// each formulation, and reports ms/step. Run:
//
//	GOEXPERIMENT=simd go test ./vision/nn/ -run '^$' -bench LeNet5 -benchtime 20x
func BenchmarkLeNet5TrainStep(b *testing.B) {
	for _, impl := range []Impl{ImplNative, ImplFast} {
		b.Run(impl.String(), func(b *testing.B) {
			trainer, batch := lenetTrainer(b, impl)
			for range 3 { // compile and warm up
				if _, err := trainer.TrainStep(batch()); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			cpu0 := cpuTime()
			start := time.Now()
			for range b.N {
				if _, err := trainer.TrainStep(batch()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/step")
			// CPU time (user+system, all threads) is steadier than wall time on shared cores.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/step")
		})
	}
}

// lenetTrainer returns a Trainer for the classic LeNet-5 and a function
// giving a fresh random batch (the Trainer owns and frees batch tensors).
func lenetTrainer(b testing.TB, impl Impl) (*train.Trainer, func() train.Batch) {
	net := lenet5()
	modelFn := func(scope *model.Scope, x *graph.Node) *graph.Node { return net.Forward(scope, x) }
	return sgdTrainer(b, impl, modelFn), randomBatch([]int{128, 32, 32, 1})
}

// sgdTrainer returns a Trainer of modelFn with plain SGD (lr 0.01) and the
// formulation impl, its weights drawn with seed 1.
func sgdTrainer(b testing.TB, impl Impl, modelFn func(scope *model.Scope, x *graph.Node) *graph.Node) *train.Trainer {
	store := implStore(impl)
	store.SetParam(model.ParamInitialSeed, int64(1))
	return train.NewTrainer(testutil.Backend(b), store, modelFn, loss.SparseCategoricalCrossEntropyLogits,
		optimizer.StochasticGradientDescent().WithDecay(false).WithLearningRate(0.01).Done(), nil, nil)
}

// randomBatch returns a function giving a fresh copy of one random batch of
// images of shape in ([B,H,W,C], N(0, 1)) and labels in 0..9.
func randomBatch(in []int) func() train.Batch {
	r := rand.New(rand.NewPCG(5, 6))
	images := make([]float32, in[0]*in[1]*in[2]*in[3])
	for i := range images {
		images[i] = float32(r.NormFloat64())
	}
	labels := make([]int32, in[0])
	for i := range labels {
		labels[i] = int32(r.IntN(10))
	}
	return func() train.Batch {
		return train.Batch{
			Inputs: []*tensors.Tensor{tensors.FromFlatDataAndDimensions(append([]float32(nil), images...), in...)},
			Labels: []*tensors.Tensor{tensors.FromFlatDataAndDimensions(append([]int32(nil), labels...), in[0], 1)},
		}
	}
}

// TestLeNet5Trains checks that a few SGD steps on a fixed batch lower the
// loss, with the fast formulation (the one the Go backend uses).
func TestLeNet5Trains(t *testing.T) {
	trainer, batch := lenetTrainer(t, ImplAuto)
	var first, last float32
	for i := range 8 {
		m, err := trainer.TrainStep(batch())
		if err != nil {
			t.Fatal(err)
		}
		l := m[0].Value().(float32)
		if i == 0 {
			first = l
		}
		last = l
	}
	if !(last < first) {
		t.Errorf("loss did not decrease over 8 SGD steps on one batch: %g -> %g", first, last)
	}
}

// cpuTime returns the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLeNet5Forward times the inference forward pass of the same model
// (batch 128), to split a train step's cost into forward and backward.
func BenchmarkLeNet5Forward(b *testing.B) {
	for _, impl := range []Impl{ImplFast} {
		b.Run(impl.String(), func(b *testing.B) {
			net := lenet5()
			exec, err := model.NewExec1(testutil.Backend(b), implStore(impl), func(scope *model.Scope, x *graph.Node) *graph.Node { return net.Forward(scope, x) })
			if err != nil {
				b.Fatal(err)
			}
			x := tensors.FromFlatDataAndDimensions(make([]float32, 128*32*32), 128, 32, 32, 1)
			for range 3 {
				if _, err := exec.Call(x); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			cpu0 := cpuTime()
			for range b.N {
				if _, err := exec.Call(x); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
