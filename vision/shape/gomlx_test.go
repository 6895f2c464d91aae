package shape

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
)

// gomlxShape builds a small graph with fn and returns the output's [H, W]
// (channels-last [1, H, W, C]); a panic while building is returned as error.
func gomlxShape(b compute.Backend, h, w int, fn func(x *graph.Node) *graph.Node) (dims []int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gomlx: %v", r)
		}
	}()
	g := graph.NewGraph(b, "shape")
	x := graph.Parameter(g, "x", shapes.Make(dtypes.Float32, 1, h, w, 1))
	y := fn(x)
	d := y.Shape().Dimensions
	return []int{d[1], d[2]}, nil
}

// TestPropertyGoMLX checks the formulas against the shapes GoMLX infers for
// graph.Convolve, graph.ConvGeneral (transposed convolution as an
// input-dilated convolution), graph.MaxPool and graph.MeanPool on ≥ 500
// seeded random configurations. Only graphs are built; nothing runs.
func TestPropertyGoMLX(t *testing.T) {
	b := testutil.Backend(t)
	rng := rand.New(rand.NewSource(2024))
	checked := map[Op]int{}
	for i := 0; i < 700; i++ {
		op := Op(i % 4)
		var sh, sw Spec
		var ih, iw int
		for {
			ih, iw = 1+rng.Intn(30), 1+rng.Intn(30)
			mk := func() Spec {
				s := Spec{Op: op, Kernel: 1 + rng.Intn(6), Stride: 1 + rng.Intn(4), Padding: rng.Intn(4), Dilation: 1}
				switch op {
				case Conv, ConvTranspose:
					s.Dilation = 1 + rng.Intn(3)
				}
				if op == ConvTranspose {
					s.OutputPadding = rng.Intn(max(s.Stride, s.Dilation))
				}
				if op == MaxPool || op == AvgPool {
					s.Padding = min(s.Padding, s.Kernel/2)
					s.CeilMode = rng.Intn(2) == 0
				}
				return s
			}
			sh, sw = mk(), mk()
			if op == Conv && (sh.Stride > 1 || sw.Stride > 1) && (sh.Dilation > 1 || sw.Dilation > 1) && rng.Intn(2) == 0 {
				// Convolve refuses strides and dilations together: half of those go to ConvGeneral.
				sh.Dilation, sw.Dilation = 1, 1
			}
			if op == ConvTranspose && (sh.Padding > sh.Dilation*(sh.Kernel-1) || sw.Padding > sw.Dilation*(sw.Kernel-1)) {
				continue // the input-dilated equivalent needs non-negative padding
			}
			break
		}
		oh, errH := sh.Out(ih)
		ow, errW := sw.Out(iw)
		valid := errH == nil && errW == nil
		var fn func(x *graph.Node) *graph.Node
		switch op {
		case Conv:
			fn = func(x *graph.Node) *graph.Node {
				k := graph.Parameter(x.Graph(), "k", shapes.Make(dtypes.Float32, sh.Kernel, sw.Kernel, 1, 1))
				pads := [][2]int{{sh.Padding, sh.Padding}, {sw.Padding, sw.Padding}}
				if (sh.Stride > 1 || sw.Stride > 1) && (sh.Dilation > 1 || sw.Dilation > 1) {
					axes := compute.ConvolveAxesConfig{InputBatch: 0, InputChannels: 3, InputSpatial: []int{1, 2},
						KernelInputChannels: 2, KernelOutputChannels: 3, KernelSpatial: []int{0, 1},
						OutputBatch: 0, OutputChannels: 3, OutputSpatial: []int{1, 2}}
					return graph.ConvGeneral(x, k, axes, []int{sh.Stride, sw.Stride}, pads, nil,
						[]int{sh.Dilation, sw.Dilation}, 1, 1)
				}
				return graph.Convolve(x, k).StridePerAxis(sh.Stride, sw.Stride).PaddingPerDim(pads).
					DilationPerAxis(sh.Dilation, sw.Dilation).Done()
			}
		case ConvTranspose:
			// (in−1)s+1 after input dilation, padded by d(k−1)−p each side (+op at the end),
			// then a stride-1 convolution with the dilated kernel.
			fn = func(x *graph.Node) *graph.Node {
				k := graph.Parameter(x.Graph(), "k", shapes.Make(dtypes.Float32, sh.Kernel, sw.Kernel, 1, 1))
				ph, pw := sh.Dilation*(sh.Kernel-1)-sh.Padding, sw.Dilation*(sw.Kernel-1)-sw.Padding
				axes := compute.ConvolveAxesConfig{InputBatch: 0, InputChannels: 3, InputSpatial: []int{1, 2},
					KernelInputChannels: 2, KernelOutputChannels: 3, KernelSpatial: []int{0, 1},
					OutputBatch: 0, OutputChannels: 3, OutputSpatial: []int{1, 2}}
				return graph.ConvGeneral(x, k, axes, []int{1, 1},
					[][2]int{{ph, ph + sh.OutputPadding}, {pw, pw + sw.OutputPadding}},
					[]int{sh.Stride, sw.Stride}, []int{sh.Dilation, sw.Dilation}, 1, 1)
			}
		case MaxPool, AvgPool:
			// GoMLX has no ceil mode: ceil mode equals floor mode with extra padding at the
			// end, just enough for the last window; the extra must be < stride, and the last
			// window must start inside the input or its left padding.
			extra := func(s Spec, in, out int) int {
				return max(0, (out-1)*s.Stride+s.Kernel-(in+2*s.Padding))
			}
			eh, ew := 0, 0
			if valid {
				eh, ew = extra(sh, ih, oh), extra(sw, iw, ow)
				for _, c := range []struct {
					s          Spec
					in, out, e int
				}{{sh, ih, oh, eh}, {sw, iw, ow, ew}} {
					if c.e >= c.s.Stride || (c.out-1)*c.s.Stride >= c.in+c.s.Padding {
						t.Errorf("ceil mode %+v in=%d out=%d: extra padding %d, last window start %d", c.s, c.in, c.out, c.e, (c.out-1)*c.s.Stride)
					}
				}
			}
			fn = func(x *graph.Node) *graph.Node {
				pb := graph.MaxPool(x)
				if op == AvgPool {
					pb = graph.MeanPool(x)
				}
				return pb.WindowPerAxis(sh.Kernel, sw.Kernel).StridePerAxis(sh.Stride, sw.Stride).
					PaddingPerDim([][2]int{{sh.Padding, sh.Padding + eh}, {sw.Padding, sw.Padding + ew}}).Done()
			}
		}
		got, gerr := gomlxShape(b, ih, iw, fn)
		if !valid {
			if gerr == nil && got[0] > 0 && got[1] > 0 && op != MaxPool && op != AvgPool {
				t.Errorf("%s in %dx%d %+v %+v: formula error (%v / %v) but GoMLX gives %v", op, ih, iw, sh, sw, errH, errW, got)
			}
			continue
		}
		if gerr != nil {
			t.Errorf("%s in %dx%d %+v %+v: GoMLX: %v", op, ih, iw, sh, sw, gerr)
			continue
		}
		if got[0] != oh || got[1] != ow {
			t.Errorf("%s in %dx%d %+v %+v: formula %dx%d, GoMLX %v", op, ih, iw, sh, sw, oh, ow, got)
		}
		checked[op]++
	}
	total := checked[Conv] + checked[ConvTranspose] + checked[MaxPool] + checked[AvgPool]
	t.Logf("checked against GoMLX: %v (total %d)", checked, total)
	if total < 500 {
		t.Errorf("only %d valid configurations checked, want ≥ 500", total)
	}
}
