package lenet

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/safetensors"
	"github.com/gocnn/gocnn/vision/train"
	"github.com/gomlx/gomlx/core/tensors"
)

// TestTrajectoriesMatchPyTorch trains two models for a few steps from the
// initial weights of a PyTorch run (testdata/make_fixtures.py), on its
// batches in order, and compares: every step's loss within 1e-4 and every
// final parameter and running statistic within 1e-4.
//   - modern_adamw: the modern LeNet with chapter 1's AdamW (lr 1e-3, weight
//     decay 1e-4, batch 32, train-mode BatchNorm). Exception: the two
//     convolutions' biases and the running means of the BatchNorms after
//     them are compared within 2e-2. Those biases have no gradient in exact
//     arithmetic (BatchNorm subtracts the batch mean); their gradients are
//     rounding noise, which Adam divides by its own size, so in both
//     frameworks they random-walk by about lr per step, differently
//     (measured: up to 5e-3 after 12 steps), and the running means carry the
//     same shift.
//   - lenet5_sgd: LeNet-5 with chapter 2's SGD (lr 0.01, momentum 0.9, weight
//     decay 5e-4, batch 128), 6 steps (the modern LeNet's run has 12).
//
// This pins the whole training step — forward, the convolutions' gradients
// (stride-2 even kernels included), BatchNorm's batch statistics and running
// variance (unbiased, momentum 0.1), the optimisers — to PyTorch's.
func TestTrajectoriesMatchPyTorch(t *testing.T) {
	b := testutil.Backend(t)
	for _, c := range []struct {
		file, model string
		batch       int
		opt         train.Optimizer
		loose       []string
	}{
		{"modern_adamw", "modern", 32, train.Adam{LR: 1e-3, WeightDecay: 1e-4, Decoupled: true},
			[]string{"features.0.bias", "features.3.bias", "features.1.running_mean", "features.4.running_mean"}},
		{"lenet5_sgd", "lenet5", 128, train.SGD{LR: 0.01, Momentum: 0.9, WeightDecay: 5e-4}, nil},
	} {
		t.Run(c.file, func(t *testing.T) {
			sd, err := safetensors.Read(filepath.Join("testdata", c.file+".safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			m, err := New(c.model)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := train.New(b, m.Net, train.Config{Epochs: 1, Optimizer: c.opt, Seed: 1, Quiet: true})
			if err != nil {
				t.Fatal(err)
			}
			init := map[string]nn.Tensor{}
			for k, v := range sd {
				if name, ok := strings.CutPrefix(k, "init."); ok {
					init[name] = v
				}
			}
			if err := nn.LoadStateDict(tr.Store(), "/", m.Net, m.Input, init); err != nil {
				t.Fatal(err)
			}
			images := tensors.MustCopyFlatData[float32](nchwToNHWC(sd["images"]))
			labels := make([]int32, len(sd["labels"].Data))
			for i, v := range sd["labels"].Data {
				labels[i] = int32(v)
			}
			side := m.Input[1]
			data, err := datasets.NewLoader(images, labels, []int{side, side, 1}, datasets.LoaderOptions{BatchSize: c.batch})
			if err != nil {
				t.Fatal(err)
			}
			h, err := tr.Fit(data)
			if err != nil {
				t.Fatal(err)
			}
			want := sd["losses"].Data
			if len(h.Steps) != len(want) {
				t.Fatalf("%d steps, PyTorch made %d", len(h.Steps), len(want))
			}
			for i, s := range h.Steps {
				if math.Abs(s.Loss-float64(want[i])) > 1e-4 {
					t.Errorf("step %d: loss %.6f, PyTorch %.6f", i+1, s.Loss, want[i])
				}
			}
			got, err := nn.StateDict(tr.Store(), "/", m.Net, m.Input)
			if err != nil {
				t.Fatal(err)
			}
			compared := 0
			for k, v := range sd {
				name, ok := strings.CutPrefix(k, "final.")
				if !ok {
					continue
				}
				g, ok := got[name]
				if !ok || len(g.Data) != len(v.Data) {
					t.Errorf("%s: missing from the Go state dict or of another size", name)
					continue
				}
				compared++
				tol := 1e-4
				if slices.Contains(c.loose, name) {
					tol = 2e-2
				}
				worst, at := 0.0, 0
				for i := range v.Data {
					if d := math.Abs(float64(g.Data[i] - v.Data[i])); d > worst {
						worst, at = d, i
					}
				}
				if worst > tol {
					t.Errorf("%s after %d steps: max |Δ| %.3g > %g at %d (Go %g, PyTorch %g)", name, len(want), worst, tol, at, g.Data[at], v.Data[at])
				}
			}
			if compared != len(got) {
				t.Errorf("compared %d tensors, the Go state dict has %d", compared, len(got))
			}
		})
	}
}
