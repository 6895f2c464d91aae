package train

import (
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
)

// TestSchedulersMatchPyTorch feeds the metric sequence of
// testdata/gen_plateau.py to ReduceLROnPlateau and compares the learning
// rates with torch's, exactly (the same float64 products in the same order).
func TestSchedulersMatchPyTorch(t *testing.T) {
	var fx struct {
		Metrics []float64            `json:"metrics"`
		Plateau map[string][]float64 `json:"plateau"`
		StepLR  []float64            `json:"steplr"`
	}
	testutil.ReadJSON(t, "testdata/plateau_torch.json", &fx)
	scheds := map[string]*ReduceLROnPlateau{
		"defaults_patience2": {Monitor: "val_loss", Patience: 2},
		"max_abs_cooldown":   {Monitor: "val_loss", Mode: "max", Factor: 0.5, Patience: 1, Threshold: 0.01, ThresholdMode: "abs", Cooldown: 2},
		"min_lr":             {Monitor: "val_loss", Factor: 0.2, NoPatience: true, MinLR: 0.01},
	}
	if len(scheds) != len(fx.Plateau) {
		t.Fatalf("fixture has %d plateau cases, the test %d", len(fx.Plateau), len(scheds))
	}
	for name, want := range fx.Plateau {
		s := scheds[name]
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		lr := 1.0
		for i, m := range fx.Metrics {
			lr = s.Step(i+1, lr, EpochStats{ValLoss: m})
			if lr != want[i] {
				t.Errorf("%s: lr after epoch %d = %v, torch %v", name, i+1, lr, want[i])
			}
		}
	}
	s := &StepLR{StepSize: 3, Gamma: 0.5}
	lr := 0.1
	for i, want := range fx.StepLR {
		if lr != want {
			t.Errorf("StepLR: lr of epoch %d = %v, torch %v", i+1, lr, want)
		}
		lr = s.Step(i+1, lr, EpochStats{})
	}
}

func TestScheduleValidate(t *testing.T) {
	for _, s := range []Scheduler{&StepLR{}, &ReduceLROnPlateau{Monitor: "accuracy"}, &ReduceLROnPlateau{Mode: "up"}, &ReduceLROnPlateau{Factor: 1.5}} {
		if err := s.Validate(); err == nil {
			t.Errorf("%#v: want a validation error", s)
		}
	}
}
