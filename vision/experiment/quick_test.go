package experiment

import "testing"

func TestMode(t *testing.T) {
	t.Setenv(QuickEnv, "")
	if Quick() || Mode(5, 1) != 5 {
		t.Fatal("full mode: want Quick() false and Mode(5, 1) = 5")
	}
	t.Setenv(QuickEnv, "0")
	if Quick() {
		t.Fatal(`GOCNN_QUICK="0": want full mode`)
	}
	t.Setenv(QuickEnv, "1")
	if !Quick() || Mode("full", "quick") != "quick" {
		t.Fatal(`GOCNN_QUICK="1": want quick mode`)
	}
}

func TestScheduleAndOptimizerErrors(t *testing.T) {
	for _, s := range []ScheduleSpec{{Kind: "cosine"}, {Kind: StepLR}, {Kind: StepLR, StepSize: -1, Gamma: 0.5}, {Kind: Plateau, Factor: 0.1, Patience: -1}} {
		if _, err := s.Build(); err == nil {
			t.Errorf("%+v.Build(): want an error", s)
		}
	}
	step := ScheduleSpec{Kind: StepLR, StepSize: 5, Gamma: 0.5}
	if s, err := step.Build(); err != nil || s == nil || step.String() != "step:5:0.5" {
		t.Errorf("%+v.Build() = %v, %v; String %q", step, s, err, step.String())
	}
	if _, err := (OptimizerSpec{Name: "lion", LR: 0.1}).Build(); err == nil {
		t.Error("optimizer lion: want an error")
	}
	if _, err := (OptimizerSpec{Name: SGD}).Build(); err == nil {
		t.Error("optimizer with lr 0: want an error")
	}
}

// ScaleValidation keeps the recipe's share of held-out images: 5,000 of
// 60,000 is 1/12, so 3,000 images hold out 250 and 1,024 hold out 85
// (85.33, rounded); 0 or at least 60,000 images keep 5,000; a tiny limit
// still holds out one image.
func TestScaleValidation(t *testing.T) {
	for _, c := range []struct{ validation, limit, want int }{
		{5000, 3000, 250}, {5000, 1024, 85}, {5000, 0, 5000}, {5000, 60000, 5000}, {5000, 90000, 5000},
		{5000, 5, 1}, {0, 3000, 0},
	} {
		if got := ScaleValidation(c.validation, c.limit); got != c.want {
			t.Errorf("ScaleValidation(%d, %d) = %d, want %d", c.validation, c.limit, got, c.want)
		}
	}
}
