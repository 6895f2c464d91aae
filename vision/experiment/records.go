package experiment

import (
	"errors"
	"fmt"
	"html"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/gocnn/gocnn/internal/atomicfile"
	"github.com/gocnn/gocnn/plots"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/summary"
	"github.com/gomlx/compute"
)

// RunRecord is the one-line summary of a training run, the one run-summary
// type of the course: comparison tables (chapter 3's baseline-vs-CNN and
// kernel-size experiments) and chapter 4's sweeps (lenet/sweep, whose
// sweep.json is a list of them) use it. A notebook cell writes it after
// training, because GoNB forgets a cell's variables, and a later cell reads
// the records back to compare the runs.
type RunRecord struct {
	Label        string  `json:"label,omitempty"`        // a sweep's trial label (its run's sub-folder)
	Group        string  `json:"group,omitempty"`        // a sweep's exercise, e.g. "activation"
	Recipe       string  `json:"recipe,omitempty"`       // the recipe, as Recipe.String()
	BestValAcc   float64 `json:"best_val_acc,omitempty"` // best accuracy on the per-epoch evaluation set
	Name         string  `json:"name"`                   // short name, e.g. "fashion-cnn3"
	Title        string  `json:"title"`                  // human name, e.g. "Fashion-MNIST CNN (3×3 kernels)"
	Params       int64   `json:"params"`                 // trainable parameters
	TestAcc      float64 `json:"test_acc"`               // fraction in [0, 1]
	TestLoss     float64 `json:"test_loss"`              // mean cross-entropy on the test set
	MacroF1      float64 `json:"test_macro_f1"`          // macro-averaged F1 on the test set
	TrainSeconds float64 `json:"train_seconds"`          // wall time of training (Fit, with per-epoch evaluation)
	TrainImages  int     `json:"train_images"`           // images seen per epoch
	Epochs       int     `json:"epochs"`                 // epochs trained
}

// WriteRunRecord writes rec as JSON to path atomically.
func WriteRunRecord(path string, rec RunRecord) error {
	if err := atomicfile.WriteJSON(path, rec, "  "); err != nil {
		return fmt.Errorf("writing run record %q: %w", rec.Name, err)
	}
	return nil
}

// ReadRunRecords reads the records written by WriteRunRecord, in the order of
// paths. An error names the file that is missing or malformed.
func ReadRunRecords(paths ...string) ([]RunRecord, error) {
	recs := make([]RunRecord, 0, len(paths))
	for _, p := range paths {
		var r RunRecord
		if err := atomicfile.ReadJSON(p, &r); err != nil {
			hint := "want the JSON that WriteRunRecord writes"
			if errors.Is(err, fs.ErrNotExist) {
				hint = "run the training cell that writes it first"
			}
			return nil, fmt.Errorf("reading run record: %w (%s)", err, hint)
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// recordColumns are the comparison's column headers.
var recordColumns = []string{"Model", "Parameters", "Test accuracy", "Test loss", "Macro F1", "Training time"}

func recordCells(r RunRecord) []string {
	return []string{r.Title, summary.Thousands(r.Params), fmt.Sprintf("%.2f%%", 100*r.TestAcc), fmt.Sprintf("%.4f", r.TestLoss),
		fmt.Sprintf("%.4f", r.MacroF1), fmt.Sprintf("%.1f s", r.TrainSeconds)}
}

// RecordsText returns the records as an aligned plain-text table (one row per
// run), the form a notebook prints so that its numbers can be checked.
func RecordsText(recs []RunRecord) string {
	rows := [][]string{recordColumns}
	for _, r := range recs {
		rows = append(rows, recordCells(r))
	}
	width := make([]int, len(recordColumns))
	for _, row := range rows {
		for j, c := range row {
			width[j] = max(width[j], len([]rune(c)))
		}
	}
	var sb strings.Builder
	for _, row := range rows {
		for j, c := range row {
			pad := strings.Repeat(" ", width[j]-len([]rune(c)))
			if j == 0 {
				sb.WriteString(c + pad)
			} else {
				sb.WriteString("  " + pad + c)
			}
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// RecordsHTML returns the records as an HTML table for notebook.HTML.
func RecordsHTML(recs []RunRecord) string {
	var sb strings.Builder
	sb.WriteString(`<table style="border-collapse:collapse"><tr>`)
	for _, h := range recordColumns {
		fmt.Fprintf(&sb, `<th style="padding:3px 10px;border-bottom:1px solid #888">%s</th>`, html.EscapeString(h))
	}
	sb.WriteString("</tr>")
	for _, r := range recs {
		sb.WriteString("<tr>")
		for j, c := range recordCells(r) {
			align := "right"
			if j == 0 {
				align = "left"
			}
			fmt.Fprintf(&sb, `<td style="padding:3px 10px;text-align:%s">%s</td>`, align, html.EscapeString(c))
		}
		sb.WriteString("</tr>")
	}
	sb.WriteString("</table>")
	return sb.String()
}

// RecordsBars draws the records side by side in four bar panels: test
// accuracy (%), test loss, parameters (thousands) and training time (s), one
// bar per run labelled with short (one label per record; nil uses the names).
func RecordsBars(title string, recs []RunRecord, short []string) (*plots.Figure, error) {
	if len(recs) == 0 {
		return nil, fmt.Errorf("bars of run records: no records")
	}
	if short == nil {
		for _, r := range recs {
			short = append(short, r.Name)
		}
	}
	if len(short) != len(recs) {
		return nil, fmt.Errorf("bars of run records: %d labels for %d records, want one each", len(short), len(recs))
	}
	col := func(f func(RunRecord) float64) []float64 {
		v := make([]float64, len(recs))
		for i, r := range recs {
			v[i] = f(r)
		}
		return v
	}
	panel := func(name, format string, f func(RunRecord) float64) plots.BarPanel {
		return plots.BarPanel{Title: name, Categories: short, ValueLabels: true, ValueFormat: format,
			Series: []plots.BarSeries{{Values: col(f)}}} // unnamed: the panel title names the bars, no legend
	}
	return plots.Bars(title,
		panel("Test accuracy (%)", "%.1f", func(r RunRecord) float64 { return 100 * r.TestAcc }),
		panel("Test loss", "%.3f", func(r RunRecord) float64 { return r.TestLoss }),
		panel("Parameters (thousands)", "%.0f", func(r RunRecord) float64 { return float64(r.Params) / 1000 }),
		panel("Training time (s)", "%.0f", func(r RunRecord) float64 { return r.TrainSeconds }),
	)
}

// NewRunRecord summarises a finished run of m (the result of Run) for
// comparison tables: m's name, title and parameter count, the test metrics,
// the training time Run measured, the training images and the epochs trained.
func NewRunRecord(m *models.Model, res *RunResult) RunRecord {
	rec := RunRecord{Name: m.Name, Title: m.Title, Params: m.NumParams(), TrainSeconds: res.Seconds}
	if res.Report != nil {
		rec.TestAcc, rec.TestLoss, rec.MacroF1 = res.Report.TestAcc, res.Report.TestLoss, res.Report.MacroF1
	}
	if res.Data != nil && res.Data.Train != nil {
		rec.TrainImages = res.Data.Train.Len()
	}
	if res.Trainer != nil {
		rec.Epochs = len(res.Trainer.History().Epochs)
		rec.BestValAcc = res.Trainer.History().BestValAcc
	}
	return rec
}

// RecordFile is the name of the run record that RunAndRecord writes into a
// run's folder.
const RecordFile = "record.json"

// RunAndRecord is Run followed by WriteRunRecord of the run's record (see
// NewRunRecord) to cfg.OutDir/record.json, so that a later notebook cell (GoNB
// forgets a cell's variables) reads the runs back with ReadRunRecords and
// compares them.
func RunAndRecord(b compute.Backend, cfg RunConfig) (*RunResult, RunRecord, error) {
	if cfg.OutDir == "" {
		return nil, RunRecord{}, errors.New("experiment: RunAndRecord: no OutDir to write the record into")
	}
	res, err := Run(b, cfg)
	if err != nil {
		return nil, RunRecord{}, err
	}
	rec := NewRunRecord(cfg.Model, res)
	if err := WriteRunRecord(filepath.Join(cfg.OutDir, RecordFile), rec); err != nil {
		return res, rec, err
	}
	return res, rec, nil
}
