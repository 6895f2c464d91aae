package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
)

func BenchmarkScratchOps(b *testing.B) {
	be := testBackend(b)
	x := randTensor(rand.New(rand.NewPCG(1, 1)), 128, 14, 14*6*8) // 1.2M
	ops := map[string]func(x *graph.Node) *graph.Node{
		"slice":     func(x *graph.Node) *graph.Node { return graph.Slice(x, graph.AxisRange(), graph.AxisRange(1, 13), graph.AxisRange(6, 600)) },
		"pad":       func(x *graph.Node) *graph.Node { return graph.Pad(x, graph.ScalarZero(x.Graph(), x.DType()), compute.PadAxis{}, compute.PadAxis{Start: 1, End: 1}, compute.PadAxis{Start: 6, End: 6}) },
		"add":       func(x *graph.Node) *graph.Node { return graph.Add(x, x) },
		"concat0":   func(x *graph.Node) *graph.Node { return graph.Concatenate([]*graph.Node{x, x}, 0) },
		"concat2":   func(x *graph.Node) *graph.Node { return graph.Concatenate([]*graph.Node{x, x}, 2) },
		"transpose": func(x *graph.Node) *graph.Node { return graph.TransposeAllAxes(x, 2, 0, 1) },
		"tanh":      func(x *graph.Node) *graph.Node { return graph.Tanh(x) },
		"mul":       func(x *graph.Node) *graph.Node { return graph.Mul(x, x) },
		"exp":       func(x *graph.Node) *graph.Node { return graph.Exp(x) },
		"sigmoid":   func(x *graph.Node) *graph.Node { return graph.Sigmoid(x) },
		"div":       func(x *graph.Node) *graph.Node { return graph.Div(x, x) },
		"recip":     func(x *graph.Node) *graph.Node { return graph.Reciprocal(x) },
		"tanhexp": func(x *graph.Node) *graph.Node {
			e := graph.Exp(graph.MulScalar(x, -2))
			return graph.Div(graph.OneMinus(e), graph.OnePlus(e))
		},
		"erf": func(x *graph.Node) *graph.Node { return graph.Erf(x) },
	}
	for name, f := range ops {
		b.Run(name, func(b *testing.B) {
			e := graph.MustNewExec(be, f)
			e.MustCall(x)
			b.ResetTimer()
			c0 := cpuTime()
			for range b.N {
				e.MustCall(x)
			}
			b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N)/float64(x.Shape().Size()), "cpu-ns/elem")
		})
	}
}
