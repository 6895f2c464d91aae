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
	"strings"

	"github.com/gocnn/gocnn/internal/cli"
	"github.com/gocnn/gocnn/lenet/recipes"
	"github.com/gocnn/gocnn/lenet/reference"
	"github.com/gocnn/gocnn/vision/models"
)

func main() {
	os.Exit(cli.ExitStatus("seeds", run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

type options struct {
	cli.RunFlags
	model, dataset, seeds, metric, out, jsonPath string
	epochs                                       int
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("seeds", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.RunFlags.Register(fs, "the IDX files", "off")
	fs.StringVar(&o.model, "model", "modern", "model: "+strings.Join(models.Names(), ", "))
	fs.StringVar(&o.dataset, "dataset", "mnist", "dataset: mnist or fashion")
	fs.StringVar(&o.seeds, "seeds", "1-10", "seeds, e.g. 1-10 or 1,2,3,42")
	fs.StringVar(&o.metric, "metric", "auto", "each run's figure: final, best, best_valid or auto (as train_torch.py for the model)")
	fs.StringVar(&o.out, "out", "", "folder of the runs, <out>/seed<N> (default runs/seeds-<model>-<dataset>)")
	fs.StringVar(&o.jsonPath, "json", "", "results file (default <out>/seeds.json)")
	fs.IntVar(&o.epochs, "epochs", 0, "training epochs (default: the recipe's)")
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
	if _, ok := reference.Metrics[metric]; !ok {
		return cli.Usagef("-metric %q: want final, best, best_valid or auto", o.metric)
	}
	if (metric == "best_valid") != (recipe.Validation > 0) {
		return cli.Usagef("-metric %s: %s's recipe %s", metric, o.model,
			map[bool]string{true: "holds out a validation set", false: "has no validation set"}[recipe.Validation > 0])
	}
	if o.epochs < 0 || o.Limit < 0 {
		return cli.UsageError{Msg: "-epochs and -limit: want non-negative numbers"}
	}
	setup, err := cli.StartRun(o.Progress, o.Backend, stdout)
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
	rf, err := reference.Seeds(b, reference.SeedsConfig{
		Model: o.model, Dataset: o.dataset, Seeds: seeds, Metric: metric, Epochs: o.epochs, Limit: o.Limit,
		DataDir: o.Data, OutDir: out, JSON: jsonPath, Backend: choice.Config,
		Command: "go run ./lenet/reference/cmd/seeds " + strings.Join(args, " "), Progress: pmode, Out: stdout,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d runs)\n", jsonPath, len(rf.Runs))
	return nil
}
