// Command seeds trains one LeNet with its chapter's recipe once per seed and
// writes every run's test accuracy to a JSON file (reference.RunFile, the
// shape lenet/reference/train_torch.py --json writes for PyTorch), rewritten
// atomically after each seed, so that an interrupted sweep keeps the seeds
// it finished.
//
//	go run ./lenet/reference/cmd/seeds -model modern -seeds 1-10 -json modern-go.json
//	go run ./lenet/reference/cmd/seeds -model mlp -dataset fashion -seeds 42
//
// Each seed's run folder (metrics.json, test.json, weights, plots; no t-SNE)
// is <out>/seed<N>. The figure per run (-metric) defaults to the one
// train_torch.py takes for the model: the last epoch's test accuracy for
// "modern", the best epoch's for "lenet5", and the test accuracy of the
// weights with the best validation accuracy when the recipe holds out a
// validation set (chapters 3 and 4).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gocnn/gocnn/internal/cli"
	_ "github.com/gocnn/gocnn/lenet"         // registers lenet1, lenet5, lenet5-1998, modern
	_ "github.com/gocnn/gocnn/lenet/fashion" // registers mlp, fashion-cnn …
	"github.com/gocnn/gocnn/lenet/recipes"
	"github.com/gocnn/gocnn/lenet/reference"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/train"
)

func main() {
	os.Exit(cli.ExitStatus("seeds", run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// metrics are the -metric values and what they mean (RunFile.Metric).
var metrics = map[string]string{
	"final":      "test accuracy after the last epoch",
	"best":       "best test accuracy over the epochs (best weights kept by test accuracy)",
	"best_valid": "test accuracy of the weights with the best validation accuracy",
}

type options struct {
	model, dataset, seeds, metric, out, jsonPath, data, backend, progress string
	epochs, limit                                                         int
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("seeds", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.model, "model", "modern", "model: "+strings.Join(models.Names(), ", "))
	fs.StringVar(&o.dataset, "dataset", "mnist", "dataset: mnist or fashion")
	fs.StringVar(&o.seeds, "seeds", "1-10", "seeds, e.g. 1-10 or 1,2,3,42")
	fs.StringVar(&o.metric, "metric", "auto", "each run's figure: final, best, best_valid or auto (as train_torch.py for the model)")
	fs.StringVar(&o.out, "out", "", "folder of the runs, <out>/seed<N> (default runs/seeds-<model>-<dataset>)")
	fs.StringVar(&o.jsonPath, "json", "", "results file (default <out>/seeds.json)")
	fs.StringVar(&o.data, "data", "", "directory with the IDX files (default: $GOCNN_DATA, the user cache, system locations)")
	fs.StringVar(&o.backend, "backend", "", "GoMLX backend, e.g. go, xla:cpu (default: $GOMLX_BACKEND, else XLA if a PJRT plugin is installed, else go)")
	fs.StringVar(&o.progress, "progress", "off", "progress display of each run: off, lines or bar")
	fs.IntVar(&o.epochs, "epochs", 0, "training epochs (default: the recipe's)")
	fs.IntVar(&o.limit, "limit", 0, "use only this many training (and test) images, for quick runs (0: all)")
	if err := cli.Parse(fs, args); err != nil {
		return nil, err
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	seeds, err := reference.ParseSeeds(o.seeds)
	if err != nil {
		return cli.UsageError{Msg: "-seeds: " + err.Error()}
	}
	if _, err := models.New(o.model, models.Options{Classes: 10}); err != nil {
		return cli.UsageError{Msg: "-model: " + err.Error()}
	}
	recipe, err := recipes.For(o.model)
	if err != nil {
		return cli.UsageError{Msg: "-model: " + err.Error()}
	}
	metric := o.metric
	if metric == "auto" {
		switch {
		case recipe.Validation > 0:
			metric = "best_valid"
		case o.model == "lenet5" || o.model == "lenet5-1998":
			metric = "best"
		default:
			metric = "final"
		}
	}
	if _, ok := metrics[metric]; !ok {
		return cli.Usagef("-metric %q: want final, best, best_valid or auto", o.metric)
	}
	if (metric == "best_valid") != (recipe.Validation > 0) {
		return cli.Usagef("-metric %s: %s's recipe %s", metric, o.model,
			map[bool]string{true: "holds out a validation set", false: "has no validation set"}[recipe.Validation > 0])
	}
	if o.epochs < 0 || o.limit < 0 {
		return cli.UsageError{Msg: "-epochs and -limit: want non-negative numbers"}
	}
	setup, err := cli.StartRun(o.progress, o.backend, stdout)
	if err != nil {
		return err
	}
	b, pmode, choice := setup.Backend, setup.Progress, setup.Choice
	out := o.out
	if out == "" {
		out = filepath.Join("runs", fmt.Sprintf("seeds-%s-%s", o.model, o.dataset))
	}
	jsonPath := o.jsonPath
	if jsonPath == "" {
		jsonPath = filepath.Join(out, "seeds.json")
	}
	if err := os.MkdirAll(filepath.Dir(jsonPath), 0o755); err != nil {
		return fmt.Errorf("results folder: %w", err)
	}
	rf := &reference.RunFile{
		Framework: "gomlx", Version: gomlxVersion(), Backend: choice.Config, Model: o.model, Dataset: o.dataset,
		Metric: metrics[metric], Command: "go run ./lenet/reference/cmd/seeds " + strings.Join(args, " "),
		CPU: reference.CPUModel(), Date: time.Now().UTC().Format(time.RFC3339),
	}
	for _, seed := range seeds {
		m, err := models.New(o.model, models.Options{Classes: 10})
		if err != nil {
			return err
		}
		r := recipe
		r.Seed = seed
		if o.epochs > 0 {
			r.Epochs = o.epochs
		}
		rf.Recipe = r.String()
		var log io.Writer = io.Discard
		if pmode != train.ProgressOff {
			log = stdout
		}
		res, err := experiment.Run(b, experiment.RunConfig{
			Model: m, Recipe: r, Dataset: o.dataset, DataDir: o.data, Limit: o.limit,
			OutDir: filepath.Join(out, fmt.Sprintf("seed%d", seed)), TSNEPoints: -1, Progress: pmode, Out: log,
		})
		if err != nil {
			return fmt.Errorf("seed %d: %w", seed, err)
		}
		sr := reference.SeedRun{Seed: seed, Seconds: res.Seconds}
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
		rf.Runs = append(rf.Runs, sr)
		if err := reference.WriteRunFile(jsonPath, rf); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s seed %d: test acc %.2f%% (%s) | %.1fs\n", o.model, seed, sr.TestAcc, metric, sr.Seconds)
	}
	accs := rf.Accuracies()
	mean, sd, _ := reference.MeanSD(accs)
	fmt.Fprintf(stdout, "%s: %d seeds, test acc %.2f ± %.2f%% (mean ± sd), min %.2f%%, max %.2f%%; wrote %s\n",
		o.model, len(accs), mean, sd, slices.Min(accs), slices.Max(accs), jsonPath)
	return nil
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
