package experiment

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/gocnn/gocnn/internal/atomicfile"
	"github.com/gocnn/gocnn/plots"
	"github.com/gocnn/gocnn/vision/metrics"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/train"
	"github.com/gocnn/gocnn/vision/tsne"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// ReportConfig says what WriteReport draws.
type ReportConfig struct {
	// Dir receives the files; "" computes the report without writing files.
	Dir string
	// Title prefixes the figures' titles, e.g. "LeNet-5 on MNIST".
	Title string
	// Embedding is the dotted path of the layer whose output is embedded by
	// t-SNE (a child of a Sequential model); "" embeds the logits, as seed 000.
	Embedding string
	// TSNEPoints is the number of test samples embedded (default 1000; < 0 skips t-SNE).
	TSNEPoints int
	// GridImages is the number of test images in the predictions grid (default 32).
	GridImages int
}

// Report is what WriteReport computed and wrote. Its numbers are also
// written to test.json.
type Report struct {
	TestLoss  float64            `json:"test_loss"`
	TestAcc   float64            `json:"test_acc"`
	MacroF1   float64            `json:"test_macro_f1"`
	Confusion *metrics.Confusion `json:"confusion"`
	// ClassReport is sklearn's classification_report for the test set.
	ClassReport string `json:"classification_report"`
	// TSNE is the 2-D embedding of the first TSNEPoints test samples, with their labels.
	TSNE       [][2]float64 `json:"tsne,omitempty"`
	TSNELabels []int        `json:"tsne_labels,omitempty"`
	// Trustworthiness (k = 5) of the t-SNE embedding.
	Trustworthiness float64 `json:"tsne_trustworthiness,omitempty"`
	// Figures by name: "curves", "confusion", "predictions", "tsne".
	Figures map[string]*plots.Figure `json:"-"`
	// Files written, in order.
	Files []string `json:"-"`
}

func (r *Report) writeJSON(path string) error {
	return atomicfile.WriteJSON(path, r, "  ")
}

// ReadReport reads the test.json that WriteReport wrote (figures are not
// included: show them from their files with ShowFile).
func ReadReport(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := &Report{}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// CurvesFigure draws the two-panel loss/accuracy figure of a history; evalName
// names the evaluation set in the legend ("test" or "valid").
func CurvesFigure(h *train.History, evalName string) (*plots.Figure, error) {
	var ph plots.History
	for _, e := range h.Epochs {
		ph.TrainLoss = append(ph.TrainLoss, e.TrainLoss)
		ph.TrainAccuracy = append(ph.TrainAccuracy, 100*e.TrainAcc)
		if len(e.Evals) > 0 {
			ph.EvalLoss = append(ph.EvalLoss, e.ValLoss)
			ph.EvalAccuracy = append(ph.EvalAccuracy, 100*e.ValAcc)
		}
	}
	lb := plots.DefaultCurveLabels
	lb.TrainLoss, lb.TrainAccuracy = "train", "train"
	lb.EvalLoss, lb.EvalAccuracy = evalName, evalName
	return plots.TrainingCurves(ph, lb)
}

// WriteReport evaluates the trainer's model on data.Test and draws and writes
// the run's figures and metrics into cfg.Dir. It makes two passes over the
// test set: Trainer.Predict (predictions, logits, the embedding) and
// Trainer.Evaluate (the loss, accuracy and confusion matrix the training loop
// also reports, computed by the same graph).
func WriteReport(tr *train.Trainer, data *Data, cfg ReportConfig) (*Report, error) {
	if cfg.TSNEPoints == 0 {
		cfg.TSNEPoints = 1000
	}
	if cfg.GridImages <= 0 {
		cfg.GridImages = 32
	}
	r := &Report{Figures: map[string]*plots.Figure{}}

	// First pass: predictions, logits and the embedding.
	var fn train.PredictFn
	if cfg.Embedding != "" {
		seq, ok := tr.Model().(*nn.Sequential)
		if !ok {
			return nil, fmt.Errorf("report: embedding %q needs a Sequential model, have %s", cfg.Embedding, tr.Model().Type())
		}
		if _, err := seq.Resolve(cfg.Embedding); err != nil {
			return nil, fmt.Errorf("report: embedding layer: %w", err)
		}
		fn = func(scope *model.Scope, x *graph.Node) (*graph.Node, []*graph.Node) {
			out, taps := seq.ForwardTaps(scope, x, cfg.Embedding)
			return out, taps
		}
	}
	pred, err := tr.Predict(data.Test, fn, true)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	// Second pass: loss, accuracy and confusion, as during training.
	ev, err := tr.Evaluate(data.Test)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	r.TestLoss, r.TestAcc, r.MacroF1, r.Confusion = ev.Loss, ev.Accuracy, ev.MacroF1, ev.Confusion
	if r.ClassReport, err = ev.Confusion.Report(data.Classes, 4); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}

	title := func(s string) string {
		if cfg.Title == "" {
			return s
		}
		return cfg.Title + ": " + s
	}
	if len(tr.History().Epochs) > 0 {
		if r.Figures["curves"], err = CurvesFigure(tr.History(), data.EvalName()); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	cm := make([][]int, len(ev.Confusion.Counts))
	for i, row := range ev.Confusion.Counts {
		cm[i] = make([]int, len(row))
		for j, v := range row {
			cm[i][j] = int(v)
		}
	}
	if r.Figures["confusion"], err = plots.ConfusionMatrix(title("confusion matrix (test)"), cm, data.Classes); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	n := min(cfg.GridImages, data.TestRaw.N, len(pred.Preds))
	imgs := make([]plots.Image, n)
	trues, preds := make([]int, n), make([]int, n)
	for i := range n {
		imgs[i] = plots.GrayU8(data.TestRaw.Image(i), data.TestRaw.H, data.TestRaw.W)
		trues[i], preds[i] = int(pred.Labels[i]), int(pred.Preds[i])
	}
	if r.Figures["predictions"], err = plots.PredictionGrid(title("test predictions (mistakes in red)"), imgs, trues, preds,
		data.Classes, plots.GridOptions{Cols: 8}); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}

	if cfg.TSNEPoints > 0 {
		feats, dim := pred.Logits, pred.NumClasses
		if cfg.Embedding != "" {
			feats, dim = pred.Extras[0], nn.Numel(pred.ExtraDims[0])
		}
		m := min(cfg.TSNEPoints, len(pred.Preds))
		if m > 31 { // perplexity 30 needs more points than that
			x := make([][]float64, m)
			for i := range x {
				x[i] = make([]float64, dim)
				for j := range dim {
					x[i][j] = float64(feats[i*dim+j])
				}
			}
			res, err := tsne.Embed(x, tsne.Seed000Options())
			if err != nil {
				return nil, fmt.Errorf("report: t-SNE: %w", err)
			}
			r.TSNE = res.XY()
			r.TSNELabels = make([]int, m)
			for i := range m {
				r.TSNELabels[i] = int(pred.Labels[i])
			}
			if r.Trustworthiness, err = tsne.Trustworthiness(x, res.Y, 5); err != nil {
				return nil, fmt.Errorf("report: trustworthiness: %w", err)
			}
			what := "logits"
			if cfg.Embedding != "" {
				what = cfg.Embedding + " features"
			}
			lb := plots.ScatterLabels{Title: title(fmt.Sprintf("t-SNE of %d test %s", m, what)), XLabel: "t-SNE 1", YLabel: "t-SNE 2"}
			if r.Figures["tsne"], err = plots.ClassScatter(r.TSNE, r.TSNELabels, data.Classes, lb); err != nil {
				return nil, fmt.Errorf("report: %w", err)
			}
		}
	}

	if cfg.Dir == "" {
		return r, nil
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	h := tr.History()
	shape := data.Test.SampleShape() // H, W, C
	in := []int{shape[2], shape[0], shape[1]}
	for _, f := range []struct {
		name  string
		write func(string) error
	}{
		{"history.json", h.WriteJSON},
		{"history.csv", h.WriteCSV},
		{"test.json", r.writeJSON},
		{"classification_report.txt", func(p string) error { return atomicfile.WriteFile(p, []byte(r.ClassReport)) }},
		{"model.safetensors", func(p string) error { return SaveWeights(tr.Store(), tr.Model(), in, p) }},
	} {
		p := filepath.Join(cfg.Dir, f.name)
		if err := f.write(p); err != nil {
			return nil, fmt.Errorf("report: writing %s: %w", p, err)
		}
		r.Files = append(r.Files, p)
	}
	names := make([]string, 0, len(r.Figures))
	for k := range r.Figures {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		base := filepath.Join(cfg.Dir, k)
		if err := r.Figures[k].SaveAll(base); err != nil {
			return nil, fmt.Errorf("report: writing %s: %w", base, err)
		}
		r.Files = append(r.Files, base+".png", base+".svg")
	}
	return r, nil
}
