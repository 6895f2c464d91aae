package experiment

import (
	"testing"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// TestNewRunRecord checks that NewRunRecord copies the model's identity and
// the run's numbers. The linear model's 7,850 parameters are 784·10+10.
func TestNewRunRecord(t *testing.T) {
	net := nn.NewSequential(
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "out", Layer: nn.NewLinear(28*28, 10)},
	)
	m := &models.Model{Name: "linear", Title: "Linear baseline", Net: net, Input: []int{1, 28, 28}}
	res := &RunResult{Seconds: 12.5, Report: &Report{TestAcc: 0.85, TestLoss: 0.4, MacroF1: 0.84}}
	got := NewRunRecord(m, res)
	want := RunRecord{Name: "linear", Title: "Linear baseline", Params: 7850, TestAcc: 0.85, TestLoss: 0.4,
		MacroF1: 0.84, TrainSeconds: 12.5}
	if got != want {
		t.Fatalf("NewRunRecord = %+v, want %+v", got, want)
	}
}
