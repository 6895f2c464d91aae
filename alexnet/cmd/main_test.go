package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/cli"
)

// Bad flags are usage errors that name the flag.
func TestFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-epochs", "0"}, "-epochs 0"},
		{[]string{"-size", "16"}, "-size 16"},
		{[]string{"-classify", "x.jpg"}, "-classify needs -weights"},
		{[]string{"-weights", "w.safetensors"}, "-weights is for -classify"},
		{[]string{"-progress", "fancy"}, "progress mode \"fancy\""},
		{[]string{"extra"}, "unexpected argument"},
	} {
		var out bytes.Buffer
		err := run(tc.args, &out, &out)
		if _, ok := err.(cli.UsageError); !ok || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want a usage error containing %q", tc.args, err, tc.want)
		}
	}
}

// -classify loads the weights through alexnet.LoadWeights: the 1/16-width
// fixture does not fit the full AlexNet, and the error says which tensor.
func TestClassifyWrongWeights(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-classify", filepath.Join("..", "testdata", "preprocess.png"), "-weights",
		filepath.Join("..", "testdata", "alexnet_w16.safetensors")}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "features.0.weight") {
		t.Fatalf("err = %v, want a shape mismatch naming features.0.weight", err)
	}
}

// A tiny end-to-end training run (32×32, width 1/8, 256 images): every file
// is written and the output has the epoch's lines.
func TestQuickRun(t *testing.T) {
	if _, err := datasets.Locate(datasets.FashionMNIST, datasets.Options{}); err != nil {
		if os.Getenv("GOCNN_REQUIRE_DATA") == "1" {
			t.Fatalf("Fashion-MNIST not found: %v", err)
		}
		t.Skipf("Fashion-MNIST not found: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "run")
	args := []string{"-limit", "256", "-epochs", "1", "-size", "32", "-width", "0.125", "-batch", "64",
		"-out", dir, "-progress", "off", "-tsne", "0"}
	var out bytes.Buffer
	if err := run(args, &out, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{"Total params: ", "==> fashion-alexnet-fashion-mnist | epoch 1/1", "train  | loss", "test   | loss", "wrote " + dir} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, f := range []string{"history.json", "curves.png", "confusion.png", "predictions.png", "checkpoint"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
