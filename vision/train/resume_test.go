package train

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
)

func resumeConfig(dir string, epochs int) Config {
	return Config{Epochs: epochs, Optimizer: SGD{LR: 0.05, Momentum: 0.9, WeightDecay: 5e-4},
		Schedule: &ReduceLROnPlateau{Monitor: "val_acc", Mode: "max", NoPatience: true, Factor: 0.5},
		Seed:     3, Dir: dir, Quiet: true, KeepBest: true, EvalEverySteps: 5}
}

// sameHistory compares every loss/accuracy/lr of two histories exactly: the
// same graphs on the same backend with the same inputs are deterministic.
func sameHistory(t *testing.T, a, b *History) {
	t.Helper()
	if len(a.Epochs) != len(b.Epochs) || len(a.Steps) != len(b.Steps) || len(a.StepEvals) != len(b.StepEvals) {
		t.Fatalf("histories differ in length: %d/%d epochs, %d/%d steps, %d/%d step evals",
			len(a.Epochs), len(b.Epochs), len(a.Steps), len(b.Steps), len(a.StepEvals), len(b.StepEvals))
	}
	for i := range a.Epochs {
		x, y := a.Epochs[i], b.Epochs[i]
		if x.TrainLoss != y.TrainLoss || x.TrainAcc != y.TrainAcc || x.ValLoss != y.ValLoss || x.ValAcc != y.ValAcc ||
			x.ValMacroF1 != y.ValMacroF1 || x.LR != y.LR || x.Best != y.Best {
			t.Errorf("epoch %d differs:\n %+v\n %+v", i+1, x, y)
		}
	}
	for i := range a.Steps {
		x, y := a.Steps[i], b.Steps[i]
		x.Seconds, y.Seconds = 0, 0 // wall times differ between runs
		if x != y {
			t.Errorf("step record %d differs: %+v vs %+v", i, a.Steps[i], b.Steps[i])
		}
	}
	for i := range a.StepEvals {
		if a.StepEvals[i] != b.StepEvals[i] {
			t.Errorf("step eval %d differs: %+v vs %+v", i, a.StepEvals[i], b.StepEvals[i])
		}
	}
	if a.BestEpoch != b.BestEpoch || a.BestValAcc != b.BestValAcc {
		t.Errorf("best differs: epoch %d acc %v vs epoch %d acc %v", a.BestEpoch, a.BestValAcc, b.BestEpoch, b.BestValAcc)
	}
}

// TestSeedReproducible: same seed, same backend → identical history; another
// seed → different initial weights, so a different first loss.
func TestSeedReproducible(t *testing.T) {
	b := testutil.Backend(t)
	trainL, validL := loaders(t, 32)
	run := func(seed int64) *History {
		cfg := resumeConfig("", 2)
		cfg.Dir, cfg.Seed = "", seed
		_, h, err := Fit(b, tinyMLP{hidden: 16, classes: 3, dropout: 0.3}, trainL, validL, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	h1, h2, h3 := run(11), run(11), run(12)
	sameHistory(t, h1, h2)
	if h1.Steps[0].Loss == h3.Steps[0].Loss {
		t.Errorf("seeds 11 and 12 gave the same first loss %v: the seed is not used", h1.Steps[0].Loss)
	}
}

// TestResumeMatchesStraightRun: 2 epochs, stop, resume to 3 == 3 straight
// epochs (dropout RNG, shuffling, momentum, plateau scheduler, best weights).
func TestResumeMatchesStraightRun(t *testing.T) {
	b := testutil.Backend(t)
	trainL, validL := loaders(t, 32)
	m := tinyMLP{hidden: 16, classes: 3, dropout: 0.3}
	straightDir, resumeDir := t.TempDir(), t.TempDir()
	trS, hS, err := Fit(b, m, trainL, validL, resumeConfig(straightDir, 3))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Fit(b, m, trainL, validL, resumeConfig(resumeDir, 2)); err != nil {
		t.Fatal(err)
	}
	cfg := resumeConfig(resumeDir, 3)
	cfg.Resume = true
	tr, err := New(b, m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Resumed() || tr.Epoch() != 2 || tr.GlobalStep() != 14 {
		t.Fatalf("resumed=%v epoch=%d step=%d: want true, 2 epochs, 2×7 = 14 steps", tr.Resumed(), tr.Epoch(), tr.GlobalStep())
	}
	hR, err := tr.Fit(trainL, EvalSet{Name: "valid", Data: validL})
	if err != nil {
		t.Fatal(err)
	}
	sameHistory(t, hS, hR)
	// Final weights (the best ones, KeepBest) are identical too.
	for _, p := range []string{"/fc1/dense/weights", "/fc2/dense/biases"} {
		a, err1 := trS.Store().GetVariable(p).Value()
		c, err2 := tr.Store().GetVariable(p).Value()
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", p, err1, err2)
		}
		if !a.Equal(c) {
			t.Errorf("%s differs between straight and resumed runs", p)
		}
	}
	// The files are there and the history on disk is the returned one.
	onDisk, err := ReadHistory(filepath.Join(resumeDir, "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	sameHistory(t, hR, onDisk)
	csv, err := os.ReadFile(filepath.Join(resumeDir, "history.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(csv), "\n"); lines != 4 {
		t.Errorf("history.csv has %d lines, want header + 3 epochs", lines)
	}
	// The newest checkpoint and the previous one (the fallback) remain.
	left, _ := filepath.Glob(filepath.Join(resumeDir, "variables-e*.bin"))
	if len(left) != 2 || filepath.Base(left[0]) != "variables-e0002.bin" || filepath.Base(left[1]) != "variables-e0003.bin" {
		t.Errorf("variable files left: %v, want variables-e0002.bin and variables-e0003.bin", left)
	}
	// Resuming a finished run trains nothing and keeps the history.
	tr2, err := New(b, m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := tr2.Fit(trainL, EvalSet{Name: "valid", Data: validL})
	if err != nil || len(h2.Epochs) != 3 {
		t.Fatalf("resume of a finished run: %v, %d epochs", err, len(h2.Epochs))
	}
}
