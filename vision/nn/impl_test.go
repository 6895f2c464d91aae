package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// gradTol bounds |native − fast| for outputs and gradients: both are exact
// reformulations, so only float32 summation order differs (sums of < 300
// products of U(-1,1) values).
const gradTol = 1e-5

func randTensor(r *rand.Rand, dims ...int) *tensors.Tensor {
	n := 1
	for _, d := range dims {
		n *= d
	}
	data := make([]float32, n)
	for i := range data {
		data[i] = float32(r.Float64()*2 - 1)
	}
	return tensors.FromFlatDataAndDimensions(data, dims...)
}

// compareImpls evaluates f for both formulations on inputs, with the loss
// Σ y·R (R random, fixed), and compares y and the gradients w.r.t. every input.
func compareImpls(t *testing.T, name string, f func(impl Impl, in []*graph.Node) *graph.Node, r *rand.Rand, inputs ...*tensors.Tensor) {
	t.Helper()
	b := testBackend(t)
	results := map[Impl][][]float32{}
	var rT *tensors.Tensor // the same R for both formulations
	for _, impl := range []Impl{ImplNative, ImplFast} {
		exec, err := graph.NewExec(b, func(in []*graph.Node) []*graph.Node {
			y := f(impl, in)
			if rT == nil {
				rT = randTensor(r, y.Shape().Dimensions...)
			}
			loss := graph.ReduceAllSum(graph.Mul(y, graph.ConstTensor(y.Graph(), rT)))
			return append([]*graph.Node{y}, graph.Gradient(loss, in...)...)
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		args := make([]any, len(inputs))
		for i, x := range inputs {
			args[i] = x
		}
		outs, err := exec.Call(args...)
		if err != nil {
			t.Fatalf("%s (%s): %v", name, impl, err)
		}
		for _, o := range outs {
			results[impl] = append(results[impl], tensors.MustCopyFlatData[float32](o))
		}
	}
	for i := range results[ImplNative] {
		what := "output"
		if i > 0 {
			what = fmt.Sprintf("gradient w.r.t. input %d", i-1)
		}
		if d := maxAbsDiff(results[ImplNative][i], results[ImplFast][i]); d > gradTol {
			t.Errorf("%s: %s differs between native and fast by %g > %g", name, what, d, gradTol)
		}
	}
}

// TestConvImplsAgree draws random convolutions (kernel, stride, per-side
// padding, dilation, groups) and checks that graph.Convolve and im2col give
// the same outputs and gradients w.r.t. input and kernel.
func TestConvImplsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 12 {
		g := []int{1, 1, 2, 3}[r.IntN(4)]
		cin, cout := g*(1+r.IntN(3)), g*(1+r.IntN(3))
		kh, kw := 1+r.IntN(4), 1+r.IntN(4)
		s := [2]int{1 + r.IntN(3), 1 + r.IntN(2)}
		d := [2]int{1 + r.IntN(2), 1 + r.IntN(3)}
		p := [4]int{r.IntN(3), r.IntN(3), r.IntN(3), r.IntN(3)}
		h, w := d[0]*(kh-1)+1+r.IntN(6), d[1]*(kw-1)+1+r.IntN(6)
		c := NewConv2d(cin, cout, 1).Kernel(kh, kw).Stride(s[:]...).Dilation(d[:]...).PaddingSides(p[0], p[1], p[2], p[3]).Groups(g)
		name := fmt.Sprintf("case %d: %s on [2,%d,%d,%d]", i, c, h, w, cin)
		compareImpls(t, name, func(impl Impl, in []*graph.Node) *graph.Node {
			if impl == ImplNative {
				return c.native(in[0], in[1])
			}
			return Conv2dIm2Col(in[0], in[1], s, p, d, g)
		}, r, randTensor(r, 2, h, w, cin), randTensor(r, kh, kw, cin/g, cout))
	}
}

// TestPoolImplsAgree checks ReduceWindow pooling against the reshape / slice
// formulations, outputs and input gradients, for max and avg pooling with
// window == stride, overlapping windows, padding and ceil_mode.
func TestPoolImplsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 14 {
		k, s := 1+r.IntN(3), 1+r.IntN(3)
		if i%2 == 0 {
			s = k
		}
		p := r.IntN(k/2 + 1)
		ceil := r.IntN(2) == 1
		h, w := k+r.IntN(6), k+r.IntN(6)
		x := randTensor(r, 2, h, w, 3)
		maxp := NewMaxPool2d(k).Stride(s).Padding(p).CeilMode(ceil)
		avgp := NewAvgPool2d(k).Stride(s).Padding(p).CeilMode(ceil).CountIncludePad(r.IntN(2) == 0)
		for _, l := range []interface {
			Layer
			fmt.Stringer
		}{maxp, avgp} {
			compareImpls(t, fmt.Sprintf("case %d: %s on [2,%d,%d,3]", i, l, h, w), func(impl Impl, in []*graph.Node) *graph.Node {
				return l.Forward(implStore(impl).RootScope(), in[0])
			}, r, x)
		}
	}
}

// TestCustomGradientTwice takes two gradients in one graph through a
// custom-gradient convolution (conv2dUnitStride) and checks the second one is
// not a stale copy of the first: d(2·Σy)/dw = 2·d(Σy)/dw.
func TestCustomGradientTwice(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	x, w := randTensor(r, 2, 6, 6, 2), randTensor(r, 3, 3, 2, 4)
	exec, err := graph.NewExec(testBackend(t), func(x, w *graph.Node) (*graph.Node, *graph.Node) {
		y := conv2dUnitStride(x, w, [2]int{1, 1})
		g1 := graph.Gradient(graph.ReduceAllSum(y), w)[0]
		g2 := graph.Gradient(graph.MulScalar(graph.ReduceAllSum(y), 2), w)[0]
		return g1, g2
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call(x, w)
	if err != nil {
		t.Fatal(err)
	}
	g1, g2 := tensors.MustCopyFlatData[float32](out[0]), tensors.MustCopyFlatData[float32](out[1])
	for i := range g1 {
		if math.Abs(float64(g2[i]-2*g1[i])) > 1e-5 {
			t.Fatalf("second gradient[%d] = %g, want 2×%g", i, g2[i], g1[i])
		}
	}
}

// TestSetImplIsPerStore: the formulation is a value of a model's Store, not
// of the process. A Store with SetImpl(ImplNative) on its root scope gives
// ImplNative to every sub-scope (a layer's own setting still wins), while a
// second Store in the same process keeps ImplAuto, which resolves per
// backend; a nil scope (layers called outside a model) is ImplAuto too.
func TestSetImplIsPerStore(t *testing.T) {
	native, auto := implStore(ImplNative), model.NewStore()
	sub := native.RootScope().In("features").In("0")
	if got := ImplOf(sub); got != ImplNative {
		t.Errorf("ImplOf(sub-scope of a native Store) = %s, want native", got)
	}
	if got := ImplOf(auto.RootScope()); got != ImplAuto {
		t.Errorf("ImplOf(another Store) = %s, want auto", got)
	}
	if got := ImplOf(nil); got != ImplAuto {
		t.Errorf("ImplOf(nil) = %s, want auto", got)
	}
	g := graph.NewGraph(testBackend(t), "resolve")
	defer g.Finalize()
	if got := resolveImpl(ImplAuto, sub, g, true); got != ImplNative {
		t.Errorf("resolveImpl(auto) under a native Store = %s, want native", got)
	}
	if got := resolveImpl(ImplFast, sub, g, false); got != ImplFast {
		t.Errorf("resolveImpl(fast layer) under a native Store = %s, want the layer's fast", got)
	}
	want := ImplNative
	if k := backendKind(g); k == "go" || k == "xla:cpu" {
		want = ImplFast // the row-Toeplitz case (fastOnXLACPU = true) is fast on both CPU backends
	}
	if got := resolveImpl(ImplAuto, auto.RootScope(), g, true); got != want {
		t.Errorf("resolveImpl(auto) under an auto Store on %s = %s, want %s", backendKind(g), got, want)
	}
}

// TestPluginKind: the XLA plugin given by path (what vision/backend configures
// after set-up, "xla:/home/u/.local/lib/go-xla/pjrt_c_api_cpu_plugin.so") is
// the same kind as the one given by name, so ImplAuto picks the same
// formulations for both; before this, a path-configured CPU plugin got the
// native formulations and LeNet-5's XLA step took 2.3× as long (34 vs 13 ms).
func TestPluginKind(t *testing.T) {
	for in, want := range map[string]string{
		"cpu":  "cpu",
		"cuda": "cuda",
		"/root/.local/lib/go-xla/pjrt_c_api_cpu_plugin.so":        "cpu",
		"/usr/local/lib/go-xla/pjrt_c_api_cpu_v0.114.0_plugin.so": "cpu",
		"/usr/local/lib/go-xla/nvidia/pjrt_c_api_cuda_plugin.so":  "cuda",
		"/opt/jax/jax_plugins/xla_cuda12/pjrt-plugin-cuda.so":     "cuda",
		"/opt/other/libsomething.so":                              "/opt/other/libsomething.so",
	} {
		if got := pluginKind(in); got != want {
			t.Errorf("pluginKind(%q) = %q, want %q", in, got, want)
		}
	}
}
