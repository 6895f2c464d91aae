package nn

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// TestParamCounts checks Params against PyTorch's parameter counts, computed
// by hand: Conv2d weight Cout·Cin/g·kH·kW plus Cout bias.
func TestParamCounts(t *testing.T) {
	for _, c := range []struct {
		l    Layer
		in   []int
		want int64
	}{
		{NewConv2d(3, 64, 11).Stride(4).Padding(2), []int{3, 224, 224}, 64*3*11*11 + 64}, // 23,296 (AlexNet conv1)
		{NewLinear(9216, 4096), []int{9216}, 9216*4096 + 4096},                           // 37,752,832 (AlexNet fc6)
		{NewConv2d(4, 8, 3).Groups(2).Bias(false), []int{4, 5, 5}, 8 * 2 * 9},            // grouped: Cin/g = 2
		{NewBatchNorm2d(64), []int{64, 8, 8}, 128},                                       // weight + bias
		{NewMaxPool2d(2), []int{3, 8, 8}, 0},
		{lenet5(), []int{1, 32, 32}, 61706}, // classic LeNet-5 count
	} {
		got, err := TotalParams(c.l, c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.l.Type(), err)
		}
		if got != c.want {
			t.Errorf("%v: %d params, want %d", c.l, got, c.want)
		}
	}
	if got := NewConv2d(3, 64, 11).Stride(4).Padding(2).MultAdds([]int{3, 224, 224}, []int{64, 55, 55}); got != (23232+64)*55*55 {
		// torchinfo prints 70,470,400 Mult-Adds for AlexNet's conv1 = 23,296·55·55.
		t.Errorf("Conv2d MultAdds = %d, want %d", got, 23296*55*55)
	}
}

// lenet5 is the classic LeNet-5 of the course (32×32 input, tanh, avg pools).
func lenet5() *Sequential {
	return NewSequential(
		Named{"C1", NewConv2d(1, 6, 5)}, Named{"T1", NewTanh()}, Named{"S2", NewAvgPool2d(2)},
		Named{"C3", NewConv2d(6, 16, 5)}, Named{"T3", NewTanh()}, Named{"S4", NewAvgPool2d(2)},
		Named{"C5", NewConv2d(16, 120, 5)}, Named{"T5", NewTanh()}, Named{"flat", NewFlatten()},
		Named{"F6", NewLinear(120, 84)}, Named{"T6", NewTanh()}, Named{"F7", NewLinear(84, 10)},
	)
}

// TestOutputShapeMatchesGraph builds every layer on the Go backend, with both
// formulations, and checks OutputShape against the shape GoMLX produces.
func TestOutputShapeMatchesGraph(t *testing.T) {
	layers := []struct {
		l  Layer
		in []int
	}{
		{NewConv2d(3, 8, 5).Stride(2).Padding(2), []int{3, 11, 13}},
		{NewConv2d(4, 6, 3).Kernel(3, 2).Stride(2, 1).Dilation(2, 1).Groups(2).PaddingSides(0, 2, 1, 0), []int{4, 9, 8}},
		{NewMaxPool2d(3).Stride(2), []int{2, 13, 13}},
		{NewMaxPool2d(3).Stride(2).Padding(1).CeilMode(true), []int{2, 10, 9}},
		{NewAvgPool2d(2), []int{2, 7, 9}},
		{NewAvgPool2d(3).Stride(2).Padding(1).CeilMode(true), []int{2, 10, 10}},
		{NewAdaptiveAvgPool2d(6), []int{2, 13, 13}},
		{NewAdaptiveAvgPool2d(1), []int{2, 5, 5}},
		{NewBatchNorm2d(3), []int{3, 4, 4}},
		{NewLocalResponseNorm(5), []int{7, 3, 3}},
		{NewDropout(0.5), []int{3, 4, 4}},
		{NewScaledTanh(), []int{3, 4, 4}},
		{lenet5(), []int{1, 32, 32}},
	}
	for _, impl := range []Impl{ImplNative, ImplFast} {
		for _, c := range layers {
			want, err := c.l.OutputShape(c.in)
			if err != nil {
				t.Fatalf("%s: %v", c.l.Type(), err)
			}
			x := tensors.FromShape(shapesF32([]int{2, c.in[1], c.in[2], c.in[0]}))
			y := run(t, implStore(impl), c.l, true, x)
			got := y.Shape().Dimensions[1:]
			if len(got) == 3 {
				got = []int{got[2], got[0], got[1]}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s %v (%s): graph gives %v, OutputShape %v", c.l.Type(), c.in, impl, got, want)
			}
		}
	}
	if _, err := NewConv2d(3, 8, 5).OutputShape([]int{4, 8, 8}); err == nil || !strings.Contains(err.Error(), "want [3, H, W]") {
		t.Errorf("Conv2d(3,...) on 4 channels: error %v, want one naming the expected shape", err)
	}
	if _, err := NewConv2d(3, 8, 5).OutputShape([]int{3, 4, 4}); err == nil {
		t.Errorf("5x5 kernel on a 4x4 input: no error")
	}
}

// TestInit checks PyTorch's default bounds (1/√fan_in for weight and bias),
// Xavier-uniform's √(6/(fan_in+fan_out)), BatchNorm's 1/0, and that the
// store's seed reproduces the weights.
func TestInit(t *testing.T) {
	weights := func(seed int64, l Layer, in []int) map[string][]float32 {
		store := model.NewStore()
		store.SetParam(model.ParamInitialSeed, seed)
		x := tensors.FromShape(shapesF32([]int{1, in[1], in[2], in[0]}))
		run(t, store, l, false, x)
		sd, err := StateDict(store, "", l, in)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]float32{}
		for k, v := range sd {
			out[k] = v.Data
		}
		return out
	}
	conv := NewConv2d(6, 16, 5) // fan_in = 150, bound 0.0816
	w := weights(7, conv, []int{6, 10, 10})
	bound := 1 / math.Sqrt(150)
	checkUniform(t, "Conv2d weight", w["weight"], bound)
	checkUniform(t, "Conv2d bias", w["bias"], bound)
	again := weights(7, NewConv2d(6, 16, 5), []int{6, 10, 10})
	if d := maxAbsDiff(w["weight"], again["weight"]); d != 0 {
		t.Errorf("same seed gave weights differing by %g", d)
	}
	other := weights(8, NewConv2d(6, 16, 5), []int{6, 10, 10})
	if d := maxAbsDiff(w["weight"], other["weight"]); d == 0 {
		t.Errorf("seeds 7 and 8 gave identical weights")
	}
	x := weights(1, NewConv2d(1, 4, 5).Init(XavierUniform, Zeros), []int{1, 8, 8})
	// fan_in = 1·25, fan_out = 4·25: bound √(6/125) = 0.219.
	checkUniform(t, "Xavier weight", x["weight"], math.Sqrt(6.0/125))
	if slices.ContainsFunc(x["bias"], func(v float32) bool { return v != 0 }) {
		t.Errorf("Zeros bias: %v", x["bias"])
	}
	bn := weights(1, NewBatchNorm2d(3), []int{3, 2, 2})
	if !slices.Equal(bn["weight"], []float32{1, 1, 1}) || !slices.Equal(bn["bias"], []float32{0, 0, 0}) ||
		!slices.Equal(bn["running_var"], []float32{1, 1, 1}) || !slices.Equal(bn["running_mean"], []float32{0, 0, 0}) {
		t.Errorf("BatchNorm2d init: %v", bn)
	}
}

// checkUniform checks that values lie in (−bound, bound) and spread over it:
// the max |v| of n ≥ 16 uniform draws exceeds bound/2 with probability 1−2⁻ⁿ.
func checkUniform(t *testing.T, name string, v []float32, bound float64) {
	t.Helper()
	m := 0.0
	for _, x := range v {
		m = max(m, math.Abs(float64(x)))
	}
	if m > bound || m < bound/2 {
		t.Errorf("%s: max |v| = %g, want in [%g, %g] (U(±%g))", name, m, bound/2, bound, bound)
	}
}

func TestStateDictErrors(t *testing.T) {
	net := NewSequential(Named{"features", Seq(NewConv2d(1, 2, 3), NewReLU())}, Named{"flat", NewFlatten()}, Named{"fc", NewLinear(2, 3)})
	in := []int{1, 3, 3}
	keys, err := StateKeys("/m", net, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range keys {
		got = append(got, k.Key+"="+k.Path)
	}
	want := []string{"features.0.weight=/m/features/0/weight", "features.0.bias=/m/features/0/bias", "fc.weight=/m/fc/weight", "fc.bias=/m/fc/bias"}
	if !slices.Equal(got, want) {
		t.Errorf("StateKeys = %v, want %v", got, want)
	}
	sd := map[string]Tensor{
		"features.0.weight":            {Shape: []int{2, 1, 3, 3}, Data: make([]float32, 18)},
		"fc.weight":                    {Shape: []int{2, 3}, Data: make([]float32, 6)}, // transposed by mistake
		"fc.extra":                     {Shape: []int{1}, Data: []float32{0}},
		"features.num_batches_tracked": {Shape: []int{}, Data: []float32{0}},
	}
	err = LoadStateDict(model.NewStore(), "/m", net, in, sd)
	for _, part := range []string{"missing keys: features.0.bias, fc.bias", "unexpected keys: fc.extra", `"fc.weight": shape [2 3], model expects [3 2]`} {
		if err == nil || !strings.Contains(err.Error(), part) {
			t.Errorf("LoadStateDict error %v, want it to contain %q", err, part)
		}
	}
	if _, err := StateDict(model.NewStore(), "/m", net, in); err == nil {
		t.Errorf("StateDict of an empty store: no error")
	}
}

// TestStateDictRoundTrip loads a state, builds and runs the model, and reads
// the same tensors back in PyTorch layout.
func TestStateDictRoundTrip(t *testing.T) {
	net := NewSequential(Named{"c", NewConv2d(2, 3, 3).Kernel(3, 2)}, Named{"f", NewFlatten()}, Named{"l", NewLinear(3*2*3, 4)})
	in := []int{2, 4, 4}
	sd := map[string]Tensor{}
	keys, _ := StateKeys("", net, in)
	for i, k := range keys {
		data := make([]float32, Numel(k.Entry.TorchShape))
		for j := range data {
			data[j] = float32(i*1000 + j)
		}
		sd[k.Key] = Tensor{Shape: k.Entry.TorchShape, Data: data}
	}
	store := model.NewStore()
	if err := LoadStateDict(store, "", net, in, sd); err != nil {
		t.Fatal(err)
	}
	run(t, store, net, false, tensors.FromShape(shapesF32([]int{1, 4, 4, 2})))
	back, err := StateDict(store, "", net, in)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range sd {
		if !slices.Equal(back[k].Shape, v.Shape) || !slices.Equal(back[k].Data, v.Data) {
			t.Errorf("%s: round trip changed the tensor", k)
		}
	}
	if w := store.GetVariable("/c/weight"); w == nil || !slices.Equal(w.Shape().Dimensions, []int{3, 2, 2, 3}) {
		t.Errorf("/c/weight: %v, want GoMLX layout [kH=3, kW=2, Cin=2, Cout=3]", w)
	}
}

// TestForwardTaps checks that taps return intermediate outputs, nested paths
// included, and that unknown paths are reported.
func TestForwardTaps(t *testing.T) {
	net := NewSequential(
		Named{"features", Seq(NewConv2d(1, 2, 3), NewReLU())},
		Named{"flat", NewFlatten()},
		Named{"fc", NewLinear(2*2*2, 3)},
	)
	exec, err := model.NewExec(testutil.Backend(t), model.NewStore(), func(scope *model.Scope, x *graph.Node) []*graph.Node {
		out, taps := net.ForwardTaps(scope, x, "flat", "features.1", "fc")
		return append([]*graph.Node{out}, taps...)
	})
	if err != nil {
		t.Fatal(err)
	}
	data := make([]float32, 16)
	for i := range data {
		data[i] = float32(i) - 8
	}
	outs, err := exec.Call(tensors.FromFlatDataAndDimensions(data, 1, 4, 4, 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[1].Shape().Dimensions; !slices.Equal(got, []int{1, 8}) {
		t.Errorf("tap flat: %v, want [1 8]", got)
	}
	if got := outs[2].Shape().Dimensions; !slices.Equal(got, []int{1, 2, 2, 2}) {
		t.Errorf("tap features.1: %v, want [1 2 2 2]", got)
	}
	if slices.ContainsFunc(tensors.MustCopyFlatData[float32](outs[2]), func(v float32) bool { return v < 0 }) {
		t.Errorf("tap features.1 (after ReLU) has negative values")
	}
	if d := maxAbsDiff(tensors.MustCopyFlatData[float32](outs[0]), tensors.MustCopyFlatData[float32](outs[3])); d != 0 {
		t.Errorf("tap fc differs from the output by %g", d)
	}
	if _, err := net.Resolve("features.7"); err == nil || !strings.Contains(err.Error(), `no child "7"`) {
		t.Errorf("Resolve(features.7): %v", err)
	}
	if _, err := net.Resolve("flat.0"); err == nil || !strings.Contains(err.Error(), "not a container") {
		t.Errorf("Resolve(flat.0): %v", err)
	}
}

// TestDropout checks PyTorch's semantics: identity in evaluation; in training
// about p of the values are zeroed and the rest scaled by 1/(1−p).
func TestDropout(t *testing.T) {
	ones := make([]float32, 10000)
	for i := range ones {
		ones[i] = 1
	}
	x := tensors.FromFlatDataAndDimensions(ones, 1, 10000)
	d := NewDropout(0.25)
	if got := tensors.MustCopyFlatData[float32](run(t, model.NewStore(), d, false, x)); !slices.Equal(got, ones) {
		t.Errorf("Dropout in evaluation changed its input")
	}
	got := tensors.MustCopyFlatData[float32](run(t, model.NewStore(), d, true, x))
	zeros := 0
	for _, v := range got {
		switch {
		case v == 0:
			zeros++
		case math.Abs(float64(v)-1/0.75) > 1e-6:
			t.Fatalf("kept value %g, want 1/(1-0.25) = 1.3333", v)
		}
	}
	// Binomial(10000, 0.25): mean 2500, sd 43.3; ±5 sd is [2283, 2717].
	if zeros < 2283 || zeros > 2717 {
		t.Errorf("%d of 10000 zeroed, want about 2500", zeros)
	}
}

// TestKaimingNormal checks the standard deviations of kaiming_normal_ (ReLU
// gain): √(2/fan_in) and √(2/fan_out). Conv2d(8, 32, 3): fan_in = 8·9 = 72,
// fan_out = 32·9 = 288, so sd 0.1667 and 0.0833; the sample sd of its 2,304
// normal draws is within 10% of σ with probability > 0.999 (its relative
// standard error is 1/√(2·2304) ≈ 1.5%).
func TestKaimingNormal(t *testing.T) {
	for _, tc := range []struct {
		name string
		init Init
		want float64
	}{
		{"fan_in", KaimingNormalFanIn, math.Sqrt(2.0 / 72)},
		{"fan_out", KaimingNormalFanOut, math.Sqrt(2.0 / 288)},
	} {
		l := NewConv2d(8, 32, 3).Init(tc.init, Zeros)
		store := model.NewStore()
		store.SetParam(model.ParamInitialSeed, int64(3))
		run(t, store, l, false, tensors.FromShape(shapesF32([]int{1, 5, 5, 8})))
		sd, err := StateDict(store, "", l, []int{8, 5, 5})
		if err != nil {
			t.Fatal(err)
		}
		var sum, sq float64
		w := sd["weight"].Data
		for _, v := range w {
			sum += float64(v)
			sq += float64(v) * float64(v)
		}
		n := float64(len(w))
		got := math.Sqrt(sq/n - (sum/n)*(sum/n))
		if math.Abs(got/tc.want-1) > 0.1 {
			t.Errorf("KaimingNormal %s: sample sd %.4f of %d weights, want %.4f ± 10%%", tc.name, got, len(w), tc.want)
		}
	}
}
