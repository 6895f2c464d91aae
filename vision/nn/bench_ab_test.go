package nn

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// variant is one formulation of a model for BenchmarkFormulationsAB: set
// changes the package's switches while the step's graph is built and returns
// a function restoring them.
type variant struct {
	name string
	set  func() (restore func())
	// branches > 1 splits the batch into that many equal slices, runs the
	// network on each (same variables) and concatenates the logits: a
	// data-parallel step in one graph, whose branches the Go backend may run
	// concurrently. Loss and gradients are those of the whole batch (for
	// networks without batch statistics).
	branches int
	impl     Impl // the formulation set on the step's Store (SetImpl)
}

// abModel is a model of BenchmarkFormulationsAB: the network, its input
// [B,H,W,C] and the formulations compared (the first is the reference).
type abModel struct {
	name     string
	net      func() *Sequential
	in       []int
	variants []variant
}

func setVar[T any](p *T, v T) func() (restore func()) {
	return func() func() { old := *p; *p = v; return func() { *p = old } }
}

func noSwitch() func() { return func() {} }

// fashionCNN is chapter 3's CNN (lenet.FashionCNN(10, k)), rebuilt here
// because vision/nn's tests cannot import lenet.
func fashionCNN(k int) *Sequential {
	block := func(in, out int) []Layer {
		return []Layer{NewConv2d(in, out, k).Padding(k / 2), NewReLU(), NewBatchNorm2d(out)}
	}
	var l []Layer
	l = append(l, block(1, 32)...)
	l = append(l, block(32, 32)...)
	l = append(l, NewMaxPool2d(2))
	l = append(l, block(32, 64)...)
	l = append(l, block(64, 64)...)
	l = append(l, NewMaxPool2d(2))
	return NewSequential(Named{"features", Seq(l...)},
		Named{"classifier", Seq(NewFlatten(), NewLinear(64*7*7, 128), NewReLU(), NewDropout(0.3), NewLinear(128, 10))})
}

var abModels = []abModel{
	{"lenet5", lenet5, []int{128, 32, 32, 1}, []variant{
		{"auto", noSwitch, 1, ImplAuto},
		{"no-toeplitz", setVar(&rowToeplitz, false), 1, ImplAuto},
		{"no-unit-stride", setVar(&unitStrideT, false), 1, ImplAuto},
		{"native", noSwitch, 1, ImplNative},
		{"fast", noSwitch, 1, ImplFast},
		{"branches2", noSwitch, 2, ImplAuto},
		{"branches4", noSwitch, 4, ImplAuto},
	}},
	{"fashion-cnn3", func() *Sequential { return fashionCNN(3) }, []int{64, 28, 28, 1}, []variant{
		{"auto", noSwitch, 1, ImplAuto},
		{"no-unit-stride", setVar(&unitStrideT, false), 1, ImplAuto},
		{"native", noSwitch, 1, ImplNative},
		{"fast", noSwitch, 1, ImplFast},
		{"branches2", noSwitch, 2, ImplAuto},
		{"branches4", noSwitch, 4, ImplAuto},
	}},
}

// abTrainStep returns a function running one SGD training step of net on a
// fixed random batch of shape in, its graph built (at the first call) with
// the variant's switches.
func abTrainStep(b testing.TB, net *Sequential, in []int, v variant) func() {
	modelFn := func(scope *model.Scope, x *graph.Node) *graph.Node {
		if v.branches <= 1 {
			return net.Forward(scope, x)
		}
		n := x.Shape().Dimensions[0] / v.branches
		parts := make([]*graph.Node, v.branches)
		for i := range parts {
			parts[i] = net.Forward(scope.ResetVisited(), graph.Slice(x, graph.AxisRange(i*n, (i+1)*n)))
		}
		return graph.Concatenate(parts, 0)
	}
	trainer := sgdTrainer(b, v.impl, modelFn)
	batch := randomBatch(in)
	built := false
	return func() {
		if !built {
			defer v.set()()
			built = true
		}
		if _, err := trainer.TrainStep(batch()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFormulationsAB times training steps of each model in every
// formulation in alternation (round i runs AB_VARIANTS' formulations one
// after the other, AB_STEPS steps each), in one process, so that load from
// other work hits them alike. It logs each round and reports, per variant,
// the median over rounds of the CPU time per step (user+system, all threads;
// steadier than wall time on shared cores) divided by the first variant's in
// the same round, and the same for wall time (what data-parallel branches
// should lower, given idle cores). AB_MODELS and AB_VARIANTS (comma-separated names) select;
// b.N is the number of rounds:
//
//	GOEXPERIMENT=simd GOMLX_BACKEND=go go test ./vision/nn/ -run '^$' -bench FormulationsAB -benchtime 5x -v
//	AB_MODELS=fashion-cnn3 AB_VARIANTS=auto,native GOMLX_BACKEND=xla:cpu go test ./vision/nn/ -run '^$' -bench FormulationsAB -benchtime 5x -v
func BenchmarkFormulationsAB(b *testing.B) {
	pick := func(env, name string) bool {
		v := os.Getenv(env)
		return v == "" || slices.Contains(strings.Split(v, ","), name)
	}
	steps := 3
	if s := os.Getenv("AB_STEPS"); s != "" {
		fmt.Sscan(s, &steps)
	}
	for _, m := range abModels {
		if !pick("AB_MODELS", m.name) {
			continue
		}
		b.Run(m.name, func(b *testing.B) {
			var vs []variant
			var run []func()
			for _, v := range m.variants {
				if pick("AB_VARIANTS", v.name) {
					vs = append(vs, v)
					run = append(run, abTrainStep(b, m.net(), m.in, v))
				}
			}
			for _, f := range run { // compile and warm up
				f()
				f()
			}
			ratios := make([][]float64, len(vs))
			wallRatios := make([][]float64, len(vs))
			b.ResetTimer()
			for round := range b.N {
				cpu := make([]float64, len(vs))
				wall := make([]float64, len(vs))
				line := fmt.Sprintf("%s round %d:", m.name, round)
				for i, f := range run {
					c0, t0 := cpuTime(), time.Now()
					for range steps {
						f()
					}
					cpu[i] = float64((cpuTime() - c0).Microseconds()) / 1000 / float64(steps)
					wall[i] = float64(time.Since(t0).Microseconds()) / 1000 / float64(steps)
					line += fmt.Sprintf(" %s %.1f (wall %.1f)", vs[i].name, cpu[i], wall[i])
				}
				for i := range vs {
					ratios[i] = append(ratios[i], cpu[i]/cpu[0])
					wallRatios[i] = append(wallRatios[i], wall[i]/wall[0])
				}
				b.Log(line + " cpu-ms/step")
			}
			med := func(x []float64) float64 { x = slices.Clone(x); slices.Sort(x); return x[len(x)/2] }
			for i, v := range vs[1:] {
				b.ReportMetric(med(ratios[i+1]), "cpu:"+v.name+"/"+vs[0].name)
				b.ReportMetric(med(wallRatios[i+1]), "wall:"+v.name+"/"+vs[0].name)
			}
		})
	}
}
