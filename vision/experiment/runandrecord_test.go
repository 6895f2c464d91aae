package experiment

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/vision/backend"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/train"
)

// TestRunAndRecord trains a linear model for one epoch on 512 Fashion-MNIST
// images (448 trained on, 64 held out, 7 steps of 64) and reads back the
// record it wrote: the model's name and 7,850 parameters (784·10 + 10), 448
// training images, 1 epoch, and a test accuracy in (0, 1] on the first 512
// test images. Without OutDir it is an error before any training.
func TestRunAndRecord(t *testing.T) {
	if _, _, err := RunAndRecord(nil, RunConfig{}); err == nil {
		t.Fatal("RunAndRecord without OutDir: no error")
	}
	if _, err := datasets.Locate(datasets.FashionMNIST, datasets.Options{}); err != nil {
		if os.Getenv("GOCNN_REQUIRE_DATA") == "1" {
			t.Fatalf("Fashion-MNIST not found: %v", err)
		}
		t.Skipf("Fashion-MNIST not found: %v", err)
	}
	b, _, err := backend.New()
	if err != nil {
		t.Fatal(err)
	}
	net := nn.NewSequential(nn.Named{Name: "flatten", Layer: nn.NewFlatten()}, nn.Named{Name: "out", Layer: nn.NewLinear(28*28, 10)})
	m := &models.Model{Name: "linear", Title: "Linear", Net: net, Input: []int{1, 28, 28}, Embedding: "flatten"}
	r := Recipe{Batch: 64, Epochs: 1, Optimizer: OptimizerSpec{Name: Adam, LR: 1e-3}, Validation: 64, Seed: 1}
	dir := filepath.Join(t.TempDir(), "linear")
	_, rec, err := RunAndRecord(b, RunConfig{Model: m, Recipe: r, Dataset: "fashion", Limit: 512, OutDir: dir,
		TSNEPoints: -1, Progress: train.ProgressOff, Out: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadRunRecords(filepath.Join(dir, RecordFile))
	if err != nil {
		t.Fatal(err)
	}
	if back[0] != rec || rec.Name != "linear" || rec.Params != 7850 || rec.TrainImages != 448 || rec.Epochs != 1 ||
		!(rec.TestAcc > 0 && rec.TestAcc <= 1) {
		t.Errorf("record %+v, read back %+v", rec, back[0])
	}
}
