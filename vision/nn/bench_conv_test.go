package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gomlx/gomlx/core/graph"
)

// BenchmarkConvLayers times forward + gradients (w.r.t. kernel, and input
// when wantDX) of LeNet-5's convolutions and pools at batch 128, per
// formulation, to see where a train step's time goes:
//
//	GOEXPERIMENT=simd go test ./vision/nn/ -run '^$' -bench ConvLayers -cpu 1
func BenchmarkConvLayers(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	cases := []struct {
		name   string
		layer  Layer
		in     []int // [B,H,W,C]
		wantDX bool
	}{
		{"C1_1to6_k5_32x32", NewConv2d(1, 6, 5), []int{128, 32, 32, 1}, false},
		{"C3_6to16_k5_14x14", NewConv2d(6, 16, 5), []int{128, 14, 14, 6}, true},
		{"C3_noDX", NewConv2d(6, 16, 5), []int{128, 14, 14, 6}, false},
		{"C5_16to120_k5_5x5", NewConv2d(16, 120, 5), []int{128, 5, 5, 16}, true},
		{"S2_avg2_28x28x6", NewAvgPool2d(2), []int{128, 28, 28, 6}, true},
	}
	for _, c := range cases {
		for _, impl := range []Impl{ImplNative, ImplFast} {
			b.Run(fmt.Sprintf("%s/%s", c.name, impl), func(b *testing.B) {
				x := randTensor(r, c.in...)
				var w any = float32(0)
				conv, isConv := c.layer.(*Conv2d)
				if isConv {
					w = randTensor(r, conv.kernel[0], conv.kernel[1], conv.in, conv.out)
				}
				exec, err := graph.NewExec(testutil.Backend(b), func(x, w *graph.Node) []*graph.Node {
					var y *graph.Node
					switch {
					case isConv && impl == ImplNative:
						y = conv.native(x, w)
					case isConv:
						y = Conv2dIm2Col(x, w, conv.stride, conv.pad, conv.dilation, conv.groups)
					default:
						y = c.layer.Forward(implStore(impl).RootScope(), x)
					}
					loss := graph.ReduceAllSum(graph.Mul(y, y))
					var wrt []*graph.Node
					if isConv {
						wrt = append(wrt, w)
					}
					if c.wantDX {
						wrt = append(wrt, x)
					}
					return graph.Gradient(loss, wrt...)
				})
				if err != nil {
					b.Fatal(err)
				}
				for range 2 {
					if _, err := exec.Call(x, w); err != nil {
						b.Fatal(err)
					}
				}
				b.ResetTimer()
				cpu0 := cpuTime()
				for range b.N {
					if _, err := exec.Call(x, w); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// BenchmarkConvParts times the three parts of a convolution's training cost
// separately — forward, gradient w.r.t. the input (dx) and w.r.t. the kernel
// (dw) — for chapter 3's CNN's 3×3 layers (batch 64, padding 1), per
// formulation, to see which part makes a backend slow; bench/README.md
// compares them with PyTorch's (bench/torch_models.py --conv-parts):
//
//	GOEXPERIMENT=simd GOMLX_BACKEND=xla:cpu go test ./vision/nn/ -run '^$' -bench ConvParts -benchtime 20x
func BenchmarkConvParts(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	cases := []struct {
		name string
		conv *Conv2d
		in   []int
	}{
		{"32to32_28x28", NewConv2d(32, 32, 3).Padding(1), []int{64, 28, 28, 32}},
		{"64to64_14x14", NewConv2d(64, 64, 3).Padding(1), []int{64, 14, 14, 64}},
	}
	for _, c := range cases {
		for _, part := range []string{"fwd", "dx", "dw"} {
			for _, impl := range []Impl{ImplNative, ImplFast} {
				b.Run(fmt.Sprintf("%s/%s/%s", c.name, part, impl), func(b *testing.B) {
					x := randTensor(r, c.in...)
					w := randTensor(r, 3, 3, c.conv.in, c.conv.out)
					// v stands for the output's gradient: Σ y·v differentiates to
					// exactly the backward convolutions, without the forward one.
					v := randTensor(r, c.in[0], c.in[1], c.in[2], c.conv.out)
					exec, err := graph.NewExec(testutil.Backend(b), func(x, w, v *graph.Node) *graph.Node {
						var y *graph.Node
						if impl == ImplNative {
							y = c.conv.native(x, w)
						} else {
							y = Conv2dIm2Col(x, w, c.conv.stride, c.conv.pad, c.conv.dilation, c.conv.groups)
						}
						switch part {
						case "dx":
							return graph.Gradient(graph.ReduceAllSum(graph.Mul(y, v)), x)[0]
						case "dw":
							return graph.Gradient(graph.ReduceAllSum(graph.Mul(y, v)), w)[0]
						}
						return y
					})
					if err != nil {
						b.Fatal(err)
					}
					for range 2 {
						if _, err := exec.Call(x, w, v); err != nil {
							b.Fatal(err)
						}
					}
					b.ResetTimer()
					start := time.Now()
					for range b.N {
						if _, err := exec.Call(x, w, v); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/op")
				})
			}
		}
	}
}
