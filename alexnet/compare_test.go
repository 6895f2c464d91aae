package alexnet

import (
	"strings"
	"testing"

	"github.com/gocnn/gocnn/lenet"
)

// The table's numbers come from the models: LeNet-5 61,706 parameters
// (lenet package, seed 001's torchinfo), AlexNet 2012 62,378,344 and
// torchvision's AlexNet 61,100,840 (see TestParameterCounts); LeNet-5 has 3
// conv + 2 linear layers, both AlexNets 5 conv + 3 linear.
func TestCompare(t *testing.T) {
	c, err := Compare(lenet.LeNet5(10), 5e-4)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Columns) != 3 {
		t.Fatalf("columns %q, want LeNet-5 and two AlexNets", c.Columns)
	}
	want := map[string][]string{
		"Input (C×H×W)":               {"1×32×32", "3×227×227", "3×224×224"},
		"Parameters":                  {"61,706", "62,378,344", "61,100,840"},
		"Weight layers (depth)":       {"3 conv + 2 linear = 5", "5 conv + 3 linear = 8", "5 conv + 3 linear = 8"},
		"Activations":                 {"4× Tanh", "7× ReLU", "7× ReLU"},
		"Pooling":                     {"2× AvgPool2d 2×2 stride 2", "3× MaxPool2d 3×3 stride 2 (overlapping)", "3× MaxPool2d 3×3 stride 2 (overlapping), 1× AdaptiveAvgPool2d"},
		"Normalisation":               {"none", "2× LocalResponseNorm(5, alpha=0.0001, beta=0.75, k=2)", "none"},
		"Regularisation in the model": {"none", "2× Dropout(p=0.5, inplace=False)", "2× Dropout(p=0.5, inplace=False)"},
	}
	for prop, vals := range want {
		r, ok := c.Row(prop)
		if !ok {
			t.Errorf("no row %q", prop)
			continue
		}
		for i, v := range vals {
			if r.Values[i] != v {
				t.Errorf("%s / %s = %q, want %q", prop, c.Columns[i], r.Values[i], v)
			}
		}
	}
	text, htm := c.String(), c.HTML()
	if !strings.Contains(text, "61,100,840") || strings.Count(text, "\n") != len(c.Rows)+2 {
		t.Errorf("text table:\n%s", text)
	}
	if strings.Count(htm, "<tr>") != len(c.Rows)+1 || !strings.Contains(htm, "<td>62,378,344</td>") {
		t.Errorf("HTML table:\n%s", htm)
	}
}
