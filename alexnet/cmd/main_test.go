package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil/datatest"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/cli/clitest"
)

// Bad flags are usage errors that name the flag.
func TestFlagErrors(t *testing.T) {
	clitest.UsageErrors(t, run, []clitest.Case{
		{Args: []string{"-epochs", "0"}, Want: "-epochs 0"},
		{Args: []string{"-size", "16"}, Want: "-size 16"},
		{Args: []string{"-classify", "x.jpg"}, Want: "-classify needs -weights"},
		{Args: []string{"-weights", "w.safetensors"}, Want: "-weights is for -classify"},
		{Args: []string{"-progress", "fancy"}, Want: "progress mode \"fancy\""},
		{Args: []string{"extra"}, Want: "unexpected argument"},
	})
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
	datatest.Need(t, datasets.FashionMNIST)
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
