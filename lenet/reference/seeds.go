package reference

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"slices"
	"time"

	"github.com/gocnn/gocnn/lenet/recipes"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/train"
	"github.com/gomlx/compute"
)

// Metrics are the values of SeedsConfig.Metric and what each means
// (RunFile.Metric).
var Metrics = map[string]string{
	"final":      "test accuracy after the last epoch",
	"best":       "best test accuracy over the epochs (best weights kept by test accuracy)",
	"best_valid": "test accuracy of the weights with the best validation accuracy",
}

// SeedsConfig is a sweep of one model over seeds with its chapter's recipe.
type SeedsConfig struct {
	Model   string  // registry name, e.g. "modern"
	Dataset string  // "mnist" (default) or "fashion"
	Seeds   []int64 // one run per seed
	// Metric is each run's figure (a key of Metrics); "" or "auto" takes the
	// one train_torch.py takes for the model: "best_valid" when the recipe
	// holds out a validation set, "best" for LeNet-5, else "final".
	Metric string
	Epochs int // 0: the recipe's
	// Limit uses only this many training (and test) images, 0 all; a recipe's
	// validation hold-out shrinks in proportion (experiment.ScaleValidation).
	Limit   int
	DataDir string // IDX files; "" for the default places
	// OutDir receives each seed's run folder, OutDir/seed<N>.
	OutDir string
	// JSON, when set, is rewritten (atomically) after each seed, so that an
	// interrupted sweep keeps the seeds it finished.
	JSON     string
	Backend  string             // the backend's description for the file (backend.Choice.Config)
	Command  string             // how the sweep was started, for the file
	Progress train.ProgressMode // each run's progress display (on Out)
	// Out receives one line per seed and the summary line; nil: nothing.
	Out io.Writer
}

// AutoMetric is the metric SeedsConfig.Metric "auto" picks for a model
// whose recipe holds out validation images (validation > 0) or not.
func AutoMetric(model string, validation int) string {
	switch {
	case validation > 0:
		return "best_valid"
	case model == "lenet5" || model == "lenet5-1998":
		return "best"
	}
	return "final"
}

// Seeds trains the model once per seed with its recipe (lenet/recipes.For)
// on backend b and returns every run's test accuracy in percent, as
// lenet/reference/cmd/seeds and train_torch.py --json record them. A bad
// model, metric or option is an error before any training.
func Seeds(b compute.Backend, cfg SeedsConfig) (*RunFile, error) {
	if cfg.Dataset == "" {
		cfg.Dataset = "mnist"
	}
	if len(cfg.Seeds) == 0 {
		return nil, fmt.Errorf("reference: no seeds")
	}
	if cfg.Epochs < 0 || cfg.Limit < 0 {
		return nil, fmt.Errorf("reference: epochs %d, limit %d: want non-negative numbers", cfg.Epochs, cfg.Limit)
	}
	if _, err := models.New(cfg.Model, models.Options{Classes: 10}); err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	recipe, err := recipes.For(cfg.Model)
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	metric := cfg.Metric
	if metric == "" || metric == "auto" {
		metric = AutoMetric(cfg.Model, recipe.Validation)
	}
	if _, ok := Metrics[metric]; !ok {
		return nil, fmt.Errorf("reference: metric %q: want final, best, best_valid or auto", cfg.Metric)
	}
	if (metric == "best_valid") != (recipe.Validation > 0) {
		return nil, fmt.Errorf("reference: metric %s: %s's recipe %s a validation set", metric, cfg.Model,
			map[bool]string{true: "holds out", false: "has no"}[recipe.Validation > 0])
	}
	out := cfg.Out
	if out == nil {
		out = io.Discard
	}
	rf := &RunFile{
		Framework: "gomlx", Version: gomlxVersion(), Backend: cfg.Backend, Model: cfg.Model, Dataset: cfg.Dataset,
		Metric: Metrics[metric], Command: cfg.Command, CPU: CPUModel(), Date: time.Now().UTC().Format(time.RFC3339),
	}
	for _, seed := range cfg.Seeds {
		sr, recipeText, err := seedRun(b, cfg, recipe, metric, seed)
		if err != nil {
			return nil, err
		}
		rf.Recipe = recipeText
		rf.Runs = append(rf.Runs, sr)
		if cfg.JSON != "" {
			if err := WriteRunFile(cfg.JSON, rf); err != nil {
				return nil, err
			}
		}
		fmt.Fprintf(out, "%s seed %d: test acc %.2f%% (%s) | %.1fs\n", cfg.Model, seed, sr.TestAcc, metric, sr.Seconds)
	}
	accs := rf.Accuracies()
	mean, sd, _ := MeanSD(accs)
	fmt.Fprintf(out, "%s: %d seeds, test acc %.2f ± %.2f%% (mean ± sd), min %.2f%%, max %.2f%%\n",
		cfg.Model, len(accs), mean, sd, slices.Min(accs), slices.Max(accs))
	return rf, nil
}

// seedRun trains one seed and returns its record and the recipe it used.
func seedRun(b compute.Backend, cfg SeedsConfig, recipe experiment.Recipe, metric string, seed int64) (SeedRun, string, error) {
	m, err := models.New(cfg.Model, models.Options{Classes: 10})
	if err != nil {
		return SeedRun{}, "", fmt.Errorf("reference: %w", err)
	}
	r := recipe
	r.Seed = seed
	r.Validation = experiment.ScaleValidation(r.Validation, cfg.Limit)
	if cfg.Epochs > 0 {
		r.Epochs = cfg.Epochs
	}
	log := io.Discard
	if cfg.Progress != train.ProgressOff && cfg.Out != nil {
		log = cfg.Out
	}
	res, err := experiment.Run(b, experiment.RunConfig{
		Model: m, Recipe: r, Dataset: cfg.Dataset, DataDir: cfg.DataDir, Limit: cfg.Limit,
		OutDir: filepath.Join(cfg.OutDir, fmt.Sprintf("seed%d", seed)), TSNEPoints: -1, Progress: cfg.Progress, Out: log,
	})
	if err != nil {
		return SeedRun{}, "", fmt.Errorf("reference: seed %d: %w", seed, err)
	}
	sr := SeedRun{Seed: seed, Seconds: res.Seconds}
	var evals []float64
	for _, e := range res.Trainer.History().Epochs {
		evals = append(evals, 100*e.ValAcc)
	}
	if r.Validation > 0 {
		sr.EpochValidAcc = evals
		sr.TestAcc = 100 * res.Report.TestAcc
	} else {
		sr.EpochTestAcc = evals
		sr.FinalTestAcc, sr.BestTestAcc = evals[len(evals)-1], slices.Max(evals)
		sr.TestAcc = map[string]float64{"final": sr.FinalTestAcc, "best": sr.BestTestAcc}[metric]
	}
	return sr, r.String(), nil
}

// gomlxVersion is the GoMLX module version this binary was built with.
func gomlxVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/gomlx/gomlx" {
				return "GoMLX " + d.Version
			}
		}
	}
	return "GoMLX (unknown version)"
}
