package train

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
)

// A run stopped by Config.Stop in the middle of epoch 2 and resumed from its
// mid-epoch checkpoint ends with the history and weights of a straight run:
// the checkpoint holds the epoch's position and running sums.
func TestStopMidEpochThenResume(t *testing.T) {
	b := testutil.Backend(t)
	trainL, validL := loaders(t, 32)
	m := tinyMLP{hidden: 16, classes: 3, dropout: 0.3}
	_, hS, err := Fit(b, m, trainL, validL, resumeConfig(t.TempDir(), 3))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := resumeConfig(dir, 3)
	asked := 0
	cfg.Stop = func() bool { asked++; return asked == 7+4 } // before the 4th step of epoch 2 (7 steps per epoch)
	_, _, err = Fit(b, m, trainL, validL, cfg)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Fit with Stop: err %v, want ErrInterrupted", err)
	}
	cfg.Stop, cfg.Resume = nil, true
	tr, err := New(b, m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Epoch() != 1 || tr.GlobalStep() != 10 {
		t.Fatalf("resumed at epoch %d, step %d: want 1 epoch and 7+3 = 10 steps done", tr.Epoch(), tr.GlobalStep())
	}
	hR, err := tr.Fit(trainL, EvalSet{Name: "valid", Data: validL})
	if err != nil {
		t.Fatal(err)
	}
	sameHistory(t, hS, hR)
}

// A torn newest checkpoint (its variables file truncated) falls back to the
// previous one; with both torn, the error says that none is usable.
func TestTornCheckpointFallsBack(t *testing.T) {
	b := testutil.Backend(t)
	trainL, validL := loaders(t, 32)
	m := tinyMLP{hidden: 16, classes: 3, dropout: 0.3}
	dir := t.TempDir()
	if _, _, err := Fit(b, m, trainL, validL, resumeConfig(dir, 2)); err != nil {
		t.Fatal(err)
	}
	truncate := func(name string) { testutil.TruncateHalf(t, filepath.Join(dir, name)) }
	truncate("variables-e0002.bin")
	cfg := resumeConfig(dir, 2)
	cfg.Resume = true
	tr, err := New(b, m, cfg)
	if err != nil {
		t.Fatalf("resume with the newest checkpoint torn: %v, want the previous one", err)
	}
	if tr.Epoch() != 1 {
		t.Fatalf("resumed at epoch %d: want 1 (the previous checkpoint)", tr.Epoch())
	}
	truncate("variables-e0001.bin")
	_, err = New(b, m, cfg)
	if err == nil || !strings.Contains(err.Error(), "no usable checkpoint") {
		t.Fatalf("resume with both checkpoints torn: err %v, want 'no usable checkpoint'", err)
	}
}
