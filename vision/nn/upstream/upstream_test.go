package upstream

import (
	"fmt"
	"os"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"  // "go"
	_ "github.com/gomlx/go-xla/compute/xla" // "xla:cpu" (with the PJRT plugin installed)
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// backend returns the backend named by GOMLX_BACKEND (GoMLX's own choice when unset).
func backend(t *testing.T) compute.Backend {
	t.Helper()
	b, err := compute.New()
	if err != nil {
		t.Fatalf("backend: %v", err)
	}
	return b
}

// report checks one issue. present says whether the issue showed; observed
// and expected describe the outputs. By default the test fails when the issue
// is gone (drop the workaround); with GOCNN_UPSTREAM=strict, when it is there.
func report(t *testing.T, present bool, observed, expected, workaround string) {
	t.Helper()
	t.Logf("observed: %s", observed)
	t.Logf("expected: %s", expected)
	switch strict := os.Getenv("GOCNN_UPSTREAM") == "strict"; {
	case strict && present:
		t.Errorf("issue present")
	case !strict && !present:
		t.Errorf("GoMLX behaves as expected now: the workaround (%s) can be dropped", workaround)
	case present:
		t.Logf("issue still present: the workaround (%s) is still needed", workaround)
	}
}

// try runs f, turning a panic into an error.
func try(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}

// convInputGradient returns the gradient of Σ Convolve(x, k) w.r.t. x for a
// 4×4 one-channel image x (zeros) and a 2×2 kernel of ones, with the given
// padding of both spatial axes (GoMLX's default channels-last layout).
func convInputGradient(be compute.Backend, pad [2]int) ([][]float32, error) {
	var dx [][]float32
	err := try(func() {
		exec := graph.MustNewExec(be, func(x, k *graph.Node) *graph.Node {
			y := graph.Convolve(x, k).PaddingPerDim([][2]int{pad, pad}).Done()
			return graph.Gradient(graph.ReduceAllSum(y), x)[0]
		})
		x := tensors.FromFlatDataAndDimensions(make([]float32, 16), 1, 4, 4, 1)
		k := tensors.FromFlatDataAndDimensions([]float32{1, 1, 1, 1}, 2, 2, 1, 1)
		out := exec.MustExec(x, k)[0]
		flat := tensors.MustCopyFlatData[float32](out)
		for r := range 4 {
			dx = append(dx, flat[4*r:4*r+4])
		}
	})
	return dx, err
}

// coverage is the expected gradient of Σ y w.r.t. x for a 2×2 kernel of ones
// on a 4×4 image padded by pad: the number of windows covering each pixel.
func coverage(pad [2]int) [][]float32 {
	n := 4 + pad[0] + pad[1]
	dx := make([][]float32, 4)
	for i := range 4 {
		dx[i] = make([]float32, 4)
		for j := range 4 {
			for wy := 0; wy+2 <= n; wy++ {
				for wx := 0; wx+2 <= n; wx++ {
					py, px := i+pad[0], j+pad[0]
					if py >= wy && py < wy+2 && px >= wx && px < wx+2 {
						dx[i][j]++
					}
				}
			}
		}
	}
	return dx
}

func equal(a, b [][]float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// TestConvolveInputGradientEvenKernel: 001 in docs/upstream. The gradient of
// ΣConvolve(x, k) w.r.t. x, k a 2×2 kernel of ones on a 4×4 image without
// padding, must count the windows covering each pixel
// ([[1 2 2 1] [2 4 4 2] [2 4 4 2] [1 2 2 1]]); GoMLX v0.28.16 returns
// [[4 4 2 0] [4 4 2 0] [2 2 1 0] [0 0 0 0]] on both backends: its reverse
// convolution is padded as for an odd kernel.
func TestConvolveInputGradientEvenKernel(t *testing.T) {
	want := coverage([2]int{0, 0})
	got, err := convInputGradient(backend(t), [2]int{0, 0})
	if err != nil {
		t.Fatal(err)
	}
	report(t, !equal(got, want), fmt.Sprint(got), fmt.Sprint(want),
		"vision/nn Conv2d.native zero-extends even kernels to odd sizes")
}

// TestConvolveInputGradientEvenKernelPadded: 001 in docs/upstream, second
// case. With padding 1 on each side the gradient must be 4 everywhere
// (every pixel lies in four of the 5×5 windows); GoMLX v0.28.16 panics
// while building it ("failed to set up reverse Convolve() for gradient:
// spatial dimension 0 outputDimStart=1 > 0").
func TestConvolveInputGradientEvenKernelPadded(t *testing.T) {
	want := coverage([2]int{1, 1})
	got, err := convInputGradient(backend(t), [2]int{1, 1})
	observed := fmt.Sprint(got)
	if err != nil {
		observed = "panic: " + lastLine(err.Error())
	}
	report(t, err != nil || !equal(got, want), observed, fmt.Sprint(want),
		"vision/nn Conv2d.native pads with graph.Pad and zero-extends even kernels")
}

// TestRsqrtGradient: 002 in docs/upstream. d/dx Σ x^(−1/2) at x = 4 is
// −½·4^(−3/2) = −0.0625; GoMLX v0.28.16 has no gradient for Rsqrt and
// panics ("… with type \"Rsqrt\", for which no gradient is defined yet").
func TestRsqrtGradient(t *testing.T) {
	be := backend(t)
	var got float32
	err := try(func() {
		exec := graph.MustNewExec(be, func(x *graph.Node) *graph.Node {
			return graph.Gradient(graph.ReduceAllSum(graph.Rsqrt(x)), x)[0]
		})
		got = exec.MustExec(float32(4))[0].Value().(float32)
	})
	observed := fmt.Sprint(got)
	if err != nil {
		observed = "panic: " + lastLine(err.Error())
	}
	report(t, err != nil || got != -0.0625, observed, "-0.0625",
		"vision/nn BatchNorm computes 1/√(var+ε) as Reciprocal(Sqrt(·)) in training")
}

// TestConvolveStridesWithDilations: 003 in docs/upstream. A 3×3 kernel
// dilated by 2 (a 5×5 span) with stride 2 on a 7×7 image has a 2×2 output,
// as in XLA's ConvGeneral, which takes both; GoMLX v0.28.16 refuses at graph
// construction ("both strides ([2 2]) and dilations ([2 2]) are set, but
// only one can be used at a time").
func TestConvolveStridesWithDilations(t *testing.T) {
	be := backend(t)
	var dims []int
	err := try(func() {
		exec := graph.MustNewExec(be, func(x, k *graph.Node) *graph.Node {
			return graph.Convolve(x, k).NoPadding().StridePerAxis(2, 2).DilationPerAxis(2, 2).Done()
		})
		x := tensors.FromFlatDataAndDimensions(make([]float32, 49), 1, 7, 7, 1)
		k := tensors.FromFlatDataAndDimensions(make([]float32, 9), 3, 3, 1, 1)
		dims = exec.MustExec(x, k)[0].Shape().Dimensions
	})
	observed := fmt.Sprint(dims)
	if err != nil {
		observed = "panic: " + lastLine(err.Error())
	}
	report(t, err != nil || fmt.Sprint(dims) != "[1 2 2 1]", observed, "[1 2 2 1]",
		"vision/nn Conv2d.native convolves with stride 1 and subsamples")
}

// lastLine returns the part of a GoMLX error after its last "panicked: ",
// up to the end of that line.
func lastLine(s string) string {
	const key = "panicked: "
	for i := len(s) - len(key); i >= 0; i-- {
		if s[i:i+len(key)] == key {
			s = s[i+len(key):]
			break
		}
	}
	for i := range len(s) {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}
