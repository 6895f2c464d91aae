package train

import (
	"bytes"
	"slices"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
)

func TestFitLearns(t *testing.T) {
	b := testutil.Backend(t)
	trainL, validL := loaders(t, 32)
	var out bytes.Buffer
	tr, h, err := Fit(b, tinyMLP{hidden: 16, classes: 3}, trainL, validL, Config{
		Epochs: 4, Optimizer: SGD{LR: 0.1, Momentum: 0.9}, Seed: 1, Out: &out, Progress: ProgressLines, LogEvery: 2, Name: "tiny"})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(out.String())
	if len(h.Epochs) != 4 {
		t.Fatalf("%d epochs in history, want 4", len(h.Epochs))
	}
	// 200 samples in batches of 32: 7 steps per epoch (the last has 8 samples).
	if n := len(h.Steps); n != 28 || tr.GlobalStep() != 28 {
		t.Errorf("%d step records, global step %d: want 4 epochs × 7 steps = 28", n, tr.GlobalStep())
	}
	// Every step records its wall time: positive, and the first (which
	// compiles the train graph) takes longer than the median of the others.
	var rest []float64
	for i, s := range h.Steps {
		if !(s.Seconds > 0) {
			t.Errorf("step %d: Seconds = %g, want > 0", i+1, s.Seconds)
		}
		if i > 0 {
			rest = append(rest, s.Seconds)
		}
	}
	slices.Sort(rest)
	if med := rest[len(rest)/2]; h.Steps[0].Seconds <= med {
		t.Errorf("first step (with compilation) took %gs, not more than the median step %gs", h.Steps[0].Seconds, med)
	}
	// Chance is 1/3 for 3 balanced classes; rows brighter by 1 σ+ are easy.
	if last := h.Epochs[3]; last.ValAcc < 0.8 || last.TrainLoss >= h.Epochs[0].TrainLoss {
		t.Errorf("after 4 epochs val acc %.3f (want ≥ 0.8), train loss %.4f (epoch 1: %.4f, want lower)",
			last.ValAcc, last.TrainLoss, h.Epochs[0].TrainLoss)
	}
	// Continue the same Trainer for one more epoch (a notebook's second cell).
	if err := tr.SetEpochs(5); err != nil {
		t.Fatal(err)
	}
	h, err = tr.Fit(trainL, EvalSet{Name: "valid", Data: validL})
	if err != nil || len(h.Epochs) != 5 || tr.GlobalStep() != 35 {
		t.Errorf("after SetEpochs(5): err %v, %d epochs, step %d; want 5 epochs, 35 steps", err, len(h.Epochs), tr.GlobalStep())
	}
}
