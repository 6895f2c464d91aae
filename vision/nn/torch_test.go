package nn

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// torchTol is the largest |Go − PyTorch| accepted: float32 rounding of sums of
// up to a few hundred products of N(0,1) values, with fixtures rounded to 7
// decimals.
const torchTol = 2e-5

// TestAgainstPyTorch runs each layer, with each formulation, on the inputs of
// testdata/torch_fixtures.json (made by gen_fixtures.py with torch 1.13) and
// compares with PyTorch's outputs.
func TestAgainstPyTorch(t *testing.T) {
	for i, c := range loadTorchCases(t) {
		for _, impl := range []Impl{ImplNative, ImplFast} {
			name := fmt.Sprintf("%02d_%s_%s", i, c.Kind, impl)
			t.Run(name, func(t *testing.T) {
				switch c.Kind {
				case "conv", "maxpool", "avgpool", "adaptive", "lrn", "flatten_linear":
					checkSimple(t, c, impl)
				case "batchnorm2d":
					if impl == ImplFast {
						t.Skip("BatchNorm has a single formulation")
					}
					checkBatchNorm(t, c)
				default:
					t.Fatalf("unknown fixture kind %q", c.Kind)
				}
			})
		}
	}
}

func checkSimple(t *testing.T, c torchCase, impl Impl) {
	var l Layer
	var sd map[string]Tensor
	switch c.Kind {
	case "conv":
		conv := NewConv2d(c.Cin, c.Cout, c.Kernel[0]).Kernel(c.Kernel[0], c.Kernel[1]).Stride(c.Stride...).
			PaddingSides(c.Pad[0], c.Pad[1], c.Pad[2], c.Pad[3]).Dilation(c.Dilation...).Groups(c.Groups).Bias(c.Bias).Impl(impl)
		l, sd = conv, c.stateDict(c.State)
		checkConvGradients(t, c, conv, impl)
	case "maxpool":
		l = NewMaxPool2d(c.S).Kernel(int(c.K), int(c.K)).Stride(c.S).Padding(c.P).CeilMode(c.Ceil).Impl(impl)
	case "avgpool":
		l = NewAvgPool2d(c.S).Kernel(int(c.K), int(c.K)).Stride(c.S).Padding(c.P).CeilMode(c.Ceil).CountIncludePad(c.CIP).Impl(impl)
	case "adaptive":
		l = NewAdaptiveAvgPool2d(c.Out...)
	case "lrn":
		l = NewLocalResponseNorm(c.Size).Alpha(c.Alpha).Beta(c.Beta).K(c.K)
	case "flatten_linear":
		l, sd = NewSequential(Named{"0", NewFlatten()}, Named{"1", NewLinear(60, 7)}), c.stateDict(c.State)
	}
	in := []int{c.X.Shape[1], c.X.Shape[2], c.X.Shape[3]}
	wantShape, err := l.OutputShape(in)
	if err != nil {
		t.Fatalf("OutputShape(%v): %v", in, err)
	}
	if !slices.Equal(wantShape, c.Y.Shape[1:]) {
		t.Errorf("OutputShape(%v) = %v, PyTorch gives %v", in, wantShape, c.Y.Shape[1:])
	}
	store := model.NewStore()
	if sd != nil {
		if err := LoadStateDict(store, "", l, in, sd); err != nil {
			t.Fatal(err)
		}
	}
	shape, got := toNCHW(run(t, store, l, false, c.X.nhwc()))
	if !slices.Equal(shape, c.Y.Shape) {
		t.Fatalf("%v: output shape %v, PyTorch %v", l, shape, c.Y.Shape)
	}
	if d := maxAbsDiff(got, c.Y.Data); d > torchTol {
		t.Errorf("%v: max |Go − PyTorch| = %g > %g", l, d, torchTol)
	}
}

// checkBatchNorm replays two training steps and one eval step of PyTorch's
// BatchNorm2d and compares outputs and the final running statistics.
func checkBatchNorm(t *testing.T, c torchCase) {
	bn := NewBatchNorm2d(3)
	in := []int{3, 5, 5}
	store := model.NewStore()
	if err := LoadStateDict(store, "/", bn, in, c.stateDict(c.State)); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name     string
		training bool
		x, y     fixture
	}{{"train 1", true, c.X1, c.Y1}, {"train 2", true, c.X2, c.Y2}, {"eval", false, c.X1, c.YEval}} {
		_, got := toNCHW(run(t, store, bn, step.training, step.x.nhwc()))
		if d := maxAbsDiff(got, step.y.Data); d > torchTol {
			t.Errorf("%s: max |Go − PyTorch| = %g > %g", step.name, d, torchTol)
		}
	}
	sd, err := StateDict(store, "", bn, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"weight", "bias", "running_mean", "running_var"} {
		if d := maxAbsDiff(sd[k].Data, c.Final[k].Data); d > torchTol {
			t.Errorf("%s after two training steps: %v, PyTorch %v", k, sd[k].Data, c.Final[k].Data)
		}
	}
}

// checkConvGradients compares the gradients of Σ y·R w.r.t. the input and the
// weight with PyTorch's (x.grad and conv.weight.grad in gen_fixtures.py).
func checkConvGradients(t *testing.T, c torchCase, conv *Conv2d, impl Impl) {
	t.Helper()
	wt := c.State["weight"]
	w := tensors.FromFlatDataAndDimensions(permute(wt.Data, wt.Shape, []int{2, 3, 1, 0}), wt.Shape[2], wt.Shape[3], wt.Shape[1], wt.Shape[0])
	exec, err := graph.NewExec(testutil.Backend(t), func(x, w, r *graph.Node) (*graph.Node, *graph.Node) {
		var y *graph.Node
		if impl == ImplNative {
			y = conv.native(x, w)
		} else {
			y = Conv2dIm2Col(x, w, conv.stride, conv.pad, conv.dilation, conv.groups)
		}
		g := graph.Gradient(graph.ReduceAllSum(graph.Mul(y, r)), x, w)
		return g[0], g[1]
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call(c.X.nhwc(), w, c.R.nhwc())
	if err != nil {
		t.Fatalf("%s: gradient graph: %v", conv, err)
	}
	_, gx := toNCHW(out[0])
	gw := permute(tensors.MustCopyFlatData[float32](out[1]), out[1].Shape().Dimensions, []int{3, 2, 0, 1})
	if d := maxAbsDiff(gx, c.GX.Data); d > torchTol {
		t.Errorf("%s: input gradient: max |Go − PyTorch| = %g > %g", conv, d, torchTol)
	}
	if d := maxAbsDiff(gw, c.GW.Data); d > torchTol {
		t.Errorf("%s: weight gradient: max |Go − PyTorch| = %g > %g", conv, d, torchTol)
	}
}
