package experiment

import (
	"testing"

	"github.com/gocnn/gocnn/lenet/fashion"
)

// TestNewRunRecord checks that NewRunRecord copies the model's
// identity and the run's numbers. The MLP baseline's 109,386 parameters are
// 784·128+128 + 128·64+64 + 64·10+10.
func TestNewRunRecord(t *testing.T) {
	m := fashion.MLPBaseline(10)
	res := &RunResult{Seconds: 12.5, Report: &Report{TestAcc: 0.85, TestLoss: 0.4, MacroF1: 0.84}}
	got := NewRunRecord(m, res)
	want := RunRecord{Name: "mlp", Title: "MLP baseline", Params: 109386, TestAcc: 0.85, TestLoss: 0.4,
		MacroF1: 0.84, TrainSeconds: 12.5}
	if got != want {
		t.Fatalf("NewRunRecord = %+v, want %+v", got, want)
	}
}
