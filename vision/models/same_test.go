package models_test

import (
	"strings"
	"testing"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// smallCNN is a conv → ReLU → dropout → linear network on 1×6×6 inputs; the
// arguments vary one property at a time.
func smallCNN(k, pad int, p float64, hidden string) *nn.Sequential {
	out := 6 + 2*pad - k + 1
	return nn.NewSequential(
		nn.Named{Name: "features", Layer: nn.Seq(nn.NewConv2d(1, 4, k).Padding(pad), nn.NewReLU())},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: hidden, Layer: nn.NewDropout(p)},
		nn.Named{Name: "out", Layer: nn.NewLinear(4*out*out, 3)},
	)
}

// TestSameArchitecture: the same network passes; a different kernel (other
// configuration and parameter count), padding (the block's output shape
// first), dropout rate (configuration only), layer name (other path) or an
// extra layer is named in the error (Diff's first line).
func TestSameArchitecture(t *testing.T) {
	in := []int{1, 6, 6}
	ref := smallCNN(3, 1, 0.5, "drop")
	if err := models.SameArchitecture(ref, smallCNN(3, 1, 0.5, "drop"), in); err != nil {
		t.Errorf("same network: %v", err)
	}
	extra := smallCNN(3, 1, 0.5, "drop").Add("relu", nn.NewReLU())
	for _, tc := range []struct {
		name string
		net  *nn.Sequential
		want string
	}{
		{"kernel 5", smallCNN(5, 2, 0.5, "drop"), "kernel:[5 5]"},
		{"padding 0", smallCNN(3, 0, 0.5, "drop"), "got layer features Sequential in [1 6 6] out [4 4 4]"},
		{"dropout 0.2", smallCNN(3, 1, 0.2, "drop"), "{p:0.2}"},
		{"layer name", smallCNN(3, 1, 0.5, "dropout"), "got layer dropout Dropout"},
		{"extra layer", extra, "got layer relu ReLU"},
	} {
		err := models.SameArchitecture(ref, tc.net, in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// TestWithNet: the registered model with the caller's network, which must be
// the registered one.
func TestWithNet(t *testing.T) {
	if err := models.Register("test-same-cnn", func(o models.Options) (*models.Model, error) {
		return &models.Model{Name: "test-same-cnn", Title: "small CNN", Net: smallCNN(3, 1, 0.5, "drop"), Input: []int{1, 6, 6}, Embedding: "drop"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	own := smallCNN(3, 1, 0.5, "drop")
	m, err := models.WithNet("test-same-cnn", models.Options{}, own)
	if err != nil {
		t.Fatal(err)
	}
	if m.Net != own || m.Title != "small CNN" || m.Embedding != "drop" || m.NumParams() != 4*9+4+4*36*3+3 {
		t.Errorf("WithNet = %+v (%d parameters), want the registry's model with the given net (475 parameters)", m, m.NumParams())
	}
	if _, err := models.WithNet("test-same-cnn", models.Options{}, smallCNN(5, 2, 0.5, "drop")); err == nil {
		t.Error("a different network: no error")
	}
	if _, err := models.WithNet("test-same-cnn", models.Options{}, nil); err == nil {
		t.Error("nil network: no error")
	}
}
