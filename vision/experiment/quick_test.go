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
	for _, spec := range []string{"cosine", "step:0:0.5", "step:2.5:0.5", "plateau:0.1:-1", "step:5"} {
		if _, err := Schedule(spec); err == nil {
			t.Errorf("Schedule(%q): want an error", spec)
		}
	}
	if s, err := Schedule("step:5:0.5"); err != nil || s == nil {
		t.Errorf("Schedule(step:5:0.5) = %v, %v", s, err)
	}
	if _, err := Optimizer("lion", 0.1, 0, 0); err == nil {
		t.Error("Optimizer(lion): want an error")
	}
	if _, err := Optimizer("sgd", 0, 0, 0); err == nil {
		t.Error("Optimizer with lr 0: want an error")
	}
}
