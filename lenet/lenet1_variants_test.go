package lenet

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// layerTypes lists the PyTorch class names of a model's layers, in order.
func layerTypes(t *testing.T, m *models.Model) []string {
	t.Helper()
	var types []string
	err := nn.Walk(m.Net, m.Input, func(path string, l nn.Layer, _, _ []int) error {
		if path != "" {
			types = append(types, l.Type())
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", m.Name, err)
	}
	return types
}

// Parameter counts: activations and pools have none, so every variant without
// the extra convolution has LeNet-1's 3,246 = 4·(25+1) + 12·(4·25+1) + 192·10+10;
// the extra 12@3×3 convolution over 12 maps adds 12·(12·9+1) = 1,308, 4,554 in all.
// The layer types follow the options.
func TestLeNet1VariantParamsAndLayers(t *testing.T) {
	for _, tc := range []struct {
		opts   LeNet1Options
		name   string
		params int64
		types  string
	}{
		{LeNet1Options{}, "lenet1", 3246, "Conv2d Tanh AvgPool2d Conv2d Tanh AvgPool2d Flatten Linear"},
		{LeNet1Options{Activation: "relu"}, "lenet1-relu", 3246, "Conv2d ReLU AvgPool2d Conv2d ReLU AvgPool2d Flatten Linear"},
		{LeNet1Options{Activation: "sigmoid"}, "lenet1-sigmoid", 3246, "Conv2d Sigmoid AvgPool2d Conv2d Sigmoid AvgPool2d Flatten Linear"},
		{LeNet1Options{Pool: "max"}, "lenet1-max", 3246, "Conv2d Tanh MaxPool2d Conv2d Tanh MaxPool2d Flatten Linear"},
		{LeNet1Options{ExtraConv: true}, "lenet1-conv3", 4554, "Conv2d Tanh AvgPool2d Conv2d Tanh Conv2d Tanh AvgPool2d Flatten Linear"},
		{LeNet1Options{Activation: "relu", Pool: "max", ExtraConv: true}, "lenet1-relu-max-conv3", 4554,
			"Conv2d ReLU MaxPool2d Conv2d ReLU Conv2d ReLU MaxPool2d Flatten Linear"},
	} {
		m, err := LeNet1Variant(10, tc.opts)
		if err != nil {
			t.Fatalf("%+v: %v", tc.opts, err)
		}
		if m.Name != tc.name {
			t.Errorf("%+v: name %q, want %q", tc.opts, m.Name, tc.name)
		}
		if got := m.NumParams(); got != tc.params {
			t.Errorf("%s: %d parameters, want %d", m.Name, got, tc.params)
		}
		if got := strings.Join(layerTypes(t, m), " "); got != tc.types {
			t.Errorf("%s: layers %q, want %q", m.Name, got, tc.types)
		}
		out, err := m.Net.OutputShape(m.Input)
		if err != nil || !slices.Equal(out, []int{10}) {
			t.Errorf("%s: output shape %v, %v; want [10]", m.Name, out, err)
		}
	}
}

// The zero options build LeNet-1 itself: same state-dict keys and shapes, so
// LeNet-1's weights (and PyTorch's fixture) load into it.
func TestLeNet1VariantZeroIsLeNet1(t *testing.T) {
	v, err := LeNet1Variant(10, LeNet1Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := nn.StateKeys("", LeNet1(10).Net, []int{1, 28, 28})
	if err != nil {
		t.Fatal(err)
	}
	got, err := nn.StateKeys("", v.Net, v.Input)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("state keys %v, want LeNet-1's %v", got, want)
	}
}

func TestLeNet1VariantErrors(t *testing.T) {
	for _, tc := range []struct {
		classes int
		opts    LeNet1Options
		want    string
	}{
		{10, LeNet1Options{Activation: "gelu"}, `activation "gelu": want tanh, relu or sigmoid`},
		{10, LeNet1Options{Pool: "median"}, `pool "median": want avg or max`},
		{1, LeNet1Options{}, "1 classes: want at least 2"},
	} {
		_, err := LeNet1Variant(tc.classes, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LeNet1Variant(%d, %+v) error %v, want one containing %q", tc.classes, tc.opts, err, tc.want)
		}
	}
}

func ExampleLeNet1Variant() {
	for _, opts := range []LeNet1Options{{}, {Activation: "relu", Pool: "max"}, {ExtraConv: true}} {
		m, err := LeNet1Variant(10, opts)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-22s %-30s %d parameters\n", m.Name, m.Title, m.NumParams())
	}
	// Output:
	// lenet1                 LeNet-1                        3246 parameters
	// lenet1-relu-max        LeNet-1 (relu, max pool)       3246 parameters
	// lenet1-conv3           LeNet-1 (tanh, avg pool, +conv) 4554 parameters
}
