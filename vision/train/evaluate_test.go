package train

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/vision/metrics"
	. "github.com/gomlx/gomlx/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// TestNaNStops puts a NaN pixel in sample 70 of an unshuffled loader: with
// batches of 32 it is in step 3 of epoch 1, and Fit must say so.
func TestNaNStops(t *testing.T) {
	imgs, labels := synthetic(200, 1)
	imgs[70*16+5] = float32(math.NaN())
	l, err := datasets.NewLoader(imgs, labels, []int{4, 4, 1}, datasets.LoaderOptions{BatchSize: 32})
	if err != nil {
		t.Fatal(err)
	}
	_, h, err := Fit(testutil.Backend(t), tinyMLP{hidden: 8, classes: 3}, l, nil, Config{Epochs: 2, Optimizer: SGD{LR: 0.1}, Quiet: true})
	if err == nil {
		t.Fatal("Fit with a NaN input: want an error")
	}
	if !strings.Contains(err.Error(), "loss is NaN at epoch 1, step 3") {
		t.Errorf("error %q: want it to name epoch 1, step 3", err)
	}
	if len(h.Epochs) != 0 || len(h.Steps) != 2 {
		t.Errorf("history after the NaN: %d epochs, %d steps; want 0 and the 2 good steps", len(h.Epochs), len(h.Steps))
	}
}

// TestEvaluateAndPredict checks Evaluate against the metrics package on its
// own predictions, the padded last batch (90 = 2×32 + 26 samples), and that
// Predict returns the same predictions plus logits and an extra output.
func TestEvaluateAndPredict(t *testing.T) {
	tr, h, validL, r := fitAndEvaluate(t, Config{Epochs: 2, Optimizer: NewAdamW(0.02), Seed: 5, Quiet: true, NumClasses: 3})
	if len(r.Preds) != 90 || len(r.Labels) != 90 || r.Confusion.Total() != 90 {
		t.Fatalf("%d predictions, %d labels, %d counted: want 90", len(r.Preds), len(r.Labels), r.Confusion.Total())
	}
	acc, _ := metrics.Accuracy(r.Labels, r.Preds)
	f1, _ := metrics.MacroF1(3, r.Labels, r.Preds)
	if math.Abs(acc-r.Accuracy) > 1e-9 || f1 != r.MacroF1 {
		t.Errorf("Evaluate acc %v F1 %v; metrics on its predictions give %v, %v", r.Accuracy, r.MacroF1, acc, f1)
	}
	// No training since the last epoch: the same numbers as the history's.
	last := h.Epochs[len(h.Epochs)-1]
	if r.Accuracy != last.ValAcc || math.Abs(r.Loss-last.ValLoss) > 1e-12 {
		t.Errorf("Evaluate loss %v acc %v; history's last epoch %v %v", r.Loss, r.Accuracy, last.ValLoss, last.ValAcc)
	}
	p, err := tr.Predict(validL, func(scope *model.Scope, x *Node) (*Node, []*Node) {
		logits := tr.Model().Forward(scope, x)
		return logits, []*Node{Softmax(logits, -1)}
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	if p.NumClasses != 3 || len(p.Logits) != 90*3 || len(p.Extras) != 1 || len(p.Extras[0]) != 90*3 || p.ExtraDims[0][0] != 3 {
		t.Fatalf("Predict: %d classes, %d logits, extras %d/%v: want 3, 270, one of 270 values [3]", p.NumClasses, len(p.Logits), len(p.Extras), p.ExtraDims)
	}
	for i := range 90 {
		if p.Preds[i] != r.Preds[i] {
			t.Fatalf("sample %d: Predict %d, Evaluate %d", i, p.Preds[i], r.Preds[i])
		}
		row := p.Extras[0][i*3 : i*3+3]
		if s := row[0] + row[1] + row[2]; math.Abs(float64(s)-1) > 1e-5 {
			t.Errorf("sample %d: softmax sums to %v, want 1", i, s)
		}
	}
}

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, ProgressBar, 0, nil)
	p.startEpoch(2, 5, 10)
	p.step(10, 0.5, 0.75, 320)
	p.endEpoch()
	s := buf.String()
	for _, want := range []string{"\r\033[Kepoch 2/5 [========================] 10/10 loss 0.5000 acc 0.7500", "img/s ETA 0s", "\r\033[K"} {
		if !strings.Contains(s, want) {
			t.Errorf("bar output %q lacks %q", s, want)
		}
	}
	buf.Reset()
	p = newProgress(&buf, ProgressAuto, 4, nil) // a bytes.Buffer is not a terminal: plain lines
	p.startEpoch(1, 1, 8)
	for i := 1; i <= 8; i++ {
		p.step(i, 1.23456, 0.5, i*10)
	}
	if want := "step 0004 | loss 1.2346 | acc 0.5000\nstep 0008 | loss 1.2346 | acc 0.5000\n"; buf.String() != want {
		t.Errorf("plain progress %q, want %q", buf.String(), want)
	}
}

func TestConfigErrors(t *testing.T) {
	b := testutil.Backend(t)
	m := tinyMLP{hidden: 4, classes: 3}
	for _, cfg := range []Config{
		{Epochs: 0, Optimizer: SGD{LR: 0.1}},
		{Epochs: 1},
		{Epochs: 1, Optimizer: SGD{LR: -1}},
		{Epochs: 1, Optimizer: SGD{LR: 0.1, Nesterov: true}},
		{Epochs: 1, Optimizer: Adam{LR: 0.1, Beta1: 1.5}},
		{Epochs: 1, Optimizer: SGD{LR: 0.1}, Resume: true},
		{Epochs: 1, Optimizer: SGD{LR: 0.1}, Schedule: &StepLR{}},
	} {
		if _, err := New(b, m, cfg); err == nil {
			t.Errorf("New(%+v): want an error", cfg)
		}
	}
}

// TestKeepBest: with KeepBest the final weights are those of the best epoch,
// so evaluating them gives exactly History.BestValAcc.
func TestKeepBest(t *testing.T) {
	// A large learning rate makes later epochs worse than the best one sometimes;
	// either way the restored weights must score the best accuracy.
	_, h, _, r := fitAndEvaluate(t, Config{Epochs: 5, Optimizer: SGD{LR: 0.8, Momentum: 0.9}, Seed: 2, Quiet: true, KeepBest: true})
	best := 0.0
	for _, e := range h.Epochs {
		best = max(best, e.ValAcc)
	}
	if h.BestValAcc != best || r.Accuracy != best || !h.Epochs[h.BestEpoch-1].Best {
		t.Errorf("best epoch %d acc %v (max over epochs %v); restored weights score %v", h.BestEpoch, h.BestValAcc, best, r.Accuracy)
	}
	t.Logf("val acc per epoch: %v %v %v %v %v, best epoch %d", h.Epochs[0].ValAcc, h.Epochs[1].ValAcc, h.Epochs[2].ValAcc, h.Epochs[3].ValAcc, h.Epochs[4].ValAcc, h.BestEpoch)
}

// TestEvaluateSeesNewWeights: on a backend that embeds variables as constants
// in inference graphs (GoMLX's Go backend), an evaluation executable compiled
// before the weights change must not be reused. After training, the caller
// zeroes every weight and bias: the logits are then all 0, every argmax is
// class 0, so accuracy must become the share of class 0 in the 90 validation
// samples and the loss ln 3 = 1.0986 per sample; restoring the trained values
// must give back the trained accuracy.
func TestEvaluateSeesNewWeights(t *testing.T) {
	tr, _, validL, trained := fitAndEvaluate(t, Config{Epochs: 2, Optimizer: NewAdamW(0.02), Seed: 5, Quiet: true, NumClasses: 3})
	saved := map[string]*tensors.Tensor{}
	for v := range tr.Store().IterVariables() {
		if !isModelVar(v) {
			continue
		}
		c, err := v.MustValue().LocalClone()
		if err != nil {
			t.Fatal(err)
		}
		saved[v.Path()] = c
		if err := v.SetValue(tensors.FromShape(v.Shape())); err != nil {
			t.Fatal(err)
		}
	}
	zero, err := tr.Evaluate(validL)
	if err != nil {
		t.Fatal(err)
	}
	class0 := 0
	for _, l := range zero.Labels {
		if l == 0 {
			class0++
		}
	}
	if want := float64(class0) / 90; zero.Accuracy != want || math.Abs(zero.Loss-math.Log(3)) > 1e-6 {
		t.Errorf("zero weights: accuracy %v, loss %v; want %v (class 0's share) and ln 3", zero.Accuracy, zero.Loss, want)
	}
	for path, c := range saved {
		if err := tr.Store().GetVariable(path).SetValue(c); err != nil {
			t.Fatal(err)
		}
	}
	back, err := tr.Evaluate(validL)
	if err != nil {
		t.Fatal(err)
	}
	if back.Accuracy != trained.Accuracy {
		t.Errorf("weights restored: accuracy %v, want the trained %v", back.Accuracy, trained.Accuracy)
	}
}

// fitAndEvaluate trains tinyMLP (16 hidden units, 3 classes) with cfg on the
// synthetic loaders (batch 32) and evaluates the final weights on the 90
// validation samples, which it returns too.
func fitAndEvaluate(t *testing.T, cfg Config) (*Trainer, *History, *datasets.Loader, *EvalResult) {
	t.Helper()
	trainL, validL := loaders(t, 32)
	tr, h, err := Fit(testutil.Backend(t), tinyMLP{hidden: 16, classes: 3}, trainL, validL, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := tr.Evaluate(validL)
	if err != nil {
		t.Fatal(err)
	}
	return tr, h, validL, r
}
