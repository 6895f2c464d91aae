package sweep

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gocnn/gocnn/internal/atomicfile"
	"github.com/gocnn/gocnn/plots"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/train"
	"github.com/gomlx/compute"
)

// Trial is one training run of an experiment sweep (chapter 4's exercises):
// a model, possibly a variant, trained with a recipe, possibly changed.
type Trial struct {
	// Label names the trial in tables and figures and is the sub-folder of
	// its run; letters, digits, '.', '_', '-' and '=' only.
	Label string
	// Group is the exercise the trial belongs to, e.g. "activation".
	Group  string
	Model  *models.Model
	Recipe experiment.Recipe
}

// SweepConfig says where a sweep's trials get their data and write their runs.
type SweepConfig struct {
	Dataset string // "mnist" or "fashion"
	DataDir string // "" for the default places
	Limit   int    // training and test images per trial (0: all)
	// OutDir receives one run folder per trial (OutDir/<label>) and
	// sweep.json, the results of every trial run so far in OutDir.
	OutDir string
	Out    io.Writer // one line per trial; default os.Stdout
}

// SweepFile is the name of the results file in SweepConfig.OutDir.
const SweepFile = "sweep.json"

// Sweep trains the trials one after the other with Run (no t-SNE, no progress
// display), prints one line per trial, and merges their results into
// OutDir/sweep.json (a trial replaces an earlier result with its label), which
// is rewritten atomically after each trial so that a later notebook cell can
// read it with ReadSweep. It returns the results of these trials, in order.
// It holds OutDir's lock (experiment.LockRunDir) while it runs, so a second
// sweep into the same folder is refused.
func Sweep(b compute.Backend, trials []Trial, cfg SweepConfig) ([]experiment.RunRecord, error) {
	out := cfg.Out
	if out == nil {
		out = os.Stdout
	}
	if cfg.OutDir == "" {
		return nil, errors.New("sweep: sweep without an output directory: set SweepConfig.OutDir")
	}
	for _, t := range trials {
		if t.Model == nil {
			return nil, fmt.Errorf("sweep: sweep trial %q has no model", t.Label)
		}
		if t.Label == "" || strings.IndexFunc(t.Label, badLabelRune) >= 0 {
			return nil, fmt.Errorf("sweep: sweep trial label %q: want letters, digits, '.', '_', '-' or '=' only", t.Label)
		}
	}
	// One sweep at a time per folder: sweep.json is read, merged and rewritten.
	release, err := experiment.LockRunDir(cfg.OutDir)
	if err != nil {
		return nil, fmt.Errorf("sweep: sweep: %w", err)
	}
	defer release()
	path := filepath.Join(cfg.OutDir, SweepFile)
	all, err := ReadSweep(path)
	if errors.Is(err, fs.ErrNotExist) {
		all, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	var results []experiment.RunRecord
	for _, t := range trials {
		res, err := experiment.Run(b, experiment.RunConfig{
			Model: t.Model, Recipe: t.Recipe, Dataset: cfg.Dataset, DataDir: cfg.DataDir, Limit: cfg.Limit,
			OutDir: filepath.Join(cfg.OutDir, t.Label), TSNEPoints: -1, Progress: train.ProgressOff, Out: io.Discard,
		})
		if err != nil {
			return results, fmt.Errorf("sweep: sweep trial %q: %w", t.Label, err)
		}
		r := experiment.NewRunRecord(t.Model, res)
		r.Label, r.Group, r.Recipe = t.Label, t.Group, t.Recipe.String()
		results = append(results, r)
		fmt.Fprintf(out, "%-16s %-36s %6d params | %s acc %.2f%% | test acc %.2f%% | %.1fs\n", r.Label, r.Title, r.Params,
			res.Data.EvalName(), 100*r.BestValAcc, 100*r.TestAcc, r.TrainSeconds)
		all = mergeResult(all, r)
		if err := writeSweep(path, all); err != nil {
			return results, err
		}
	}
	return results, nil
}

func badLabelRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-=", r))
}

// mergeResult replaces the result with r's label, or appends r.
func mergeResult(all []experiment.RunRecord, r experiment.RunRecord) []experiment.RunRecord {
	for i := range all {
		if all[i].Label == r.Label {
			all[i] = r
			return all
		}
	}
	return append(all, r)
}

// writeSweep writes results as indented JSON to path through a temporary file and a rename.
func writeSweep(path string, results []experiment.RunRecord) error {
	if err := atomicfile.WriteJSON(path, results, "  "); err != nil {
		return fmt.Errorf("sweep: sweep results: %w", err)
	}
	return nil
}

// ReadSweep reads the results a Sweep saved (OutDir/sweep.json). A missing
// file is an error that wraps fs.ErrNotExist.
func ReadSweep(path string) ([]experiment.RunRecord, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sweep: reading sweep results: %w", err)
	}
	var results []experiment.RunRecord
	if err := json.Unmarshal(data, &results); err != nil {
		return nil, fmt.Errorf("sweep: sweep results %s: want a JSON list of trial results: %w", path, err)
	}
	return results, nil
}

// FilterSweep keeps the results whose group is one of groups, in their order.
func FilterSweep(results []experiment.RunRecord, groups ...string) []experiment.RunRecord {
	var kept []experiment.RunRecord
	for _, r := range results {
		for _, g := range groups {
			if r.Group == g {
				kept = append(kept, r)
				break
			}
		}
	}
	return kept
}

// SweepRows formats results as table rows under SweepHeader; the "Δ test"
// column is each trial's test accuracy minus that of the trial labelled
// baseline ("" when there is none among results).
func SweepRows(results []experiment.RunRecord, baseline string) [][]string {
	base, hasBase := 0.0, false
	for _, r := range results {
		if r.Label == baseline {
			base, hasBase = r.TestAcc, true
		}
	}
	rows := make([][]string, 0, len(results))
	for _, r := range results {
		delta := ""
		if hasBase {
			delta = fmt.Sprintf("%+.2f", 100*(r.TestAcc-base))
		}
		rows = append(rows, []string{r.Label, r.Title, fmt.Sprint(r.Params), fmt.Sprintf("%.2f", 100*r.BestValAcc),
			fmt.Sprintf("%.2f", 100*r.TestAcc), delta, fmt.Sprintf("%.1f", r.TrainSeconds)})
	}
	return rows
}

// SweepHeader is the header of SweepRows' table.
var SweepHeader = []string{"trial", "model", "params", "valid acc %", "test acc %", "Δ test (pp)", "train s"}

// SweepTable writes results as a plain-text table (SweepHeader, SweepRows)
// with aligned columns.
func SweepTable(w io.Writer, results []experiment.RunRecord, baseline string) {
	rows := append([][]string{SweepHeader}, SweepRows(results, baseline)...)
	width := make([]int, len(SweepHeader))
	for _, row := range rows {
		for j, c := range row {
			width[j] = max(width[j], len([]rune(c)))
		}
	}
	for _, row := range rows {
		var line strings.Builder
		for j, c := range row {
			pad := strings.Repeat(" ", width[j]-len([]rune(c)))
			if j == 1 || j == 0 {
				line.WriteString(c + pad)
			} else {
				line.WriteString(pad + c)
			}
			if j < len(row)-1 {
				line.WriteString("  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(line.String(), " "))
	}
}

// SweepFigure draws three bar panels over the trials: validation and test
// accuracy (grouped), parameters, and training time.
func SweepFigure(title string, results []experiment.RunRecord) (*plots.Figure, error) {
	if len(results) == 0 {
		return nil, fmt.Errorf("sweep: sweep figure %q: no results", title)
	}
	labels := make([]string, len(results))
	val, test, params, secs := make([]float64, len(results)), make([]float64, len(results)),
		make([]float64, len(results)), make([]float64, len(results))
	for i, r := range results {
		labels[i], val[i], test[i] = r.Label, 100*r.BestValAcc, 100*r.TestAcc
		params[i], secs[i] = float64(r.Params), r.TrainSeconds
	}
	return plots.Bars(title,
		plots.BarPanel{Title: "Accuracy", YLabel: "accuracy (%)", Categories: labels,
			Series: []plots.BarSeries{{Name: "valid", Values: val}, {Name: "test", Values: test}}, ValueLabels: true, ValueFormat: "%.1f"},
		plots.BarPanel{Title: "Parameters", YLabel: "parameters", Categories: labels,
			Series: []plots.BarSeries{{Values: params}}, ValueLabels: true, ValueFormat: "%.0f"},
		plots.BarPanel{Title: "Training time", YLabel: "seconds", Categories: labels,
			Series: []plots.BarSeries{{Values: secs}}, ValueLabels: true, ValueFormat: "%.0f"},
	)
}
