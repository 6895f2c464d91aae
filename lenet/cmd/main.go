// Command lenet trains a LeNet on MNIST or Fashion-MNIST and writes its
// metrics, checkpoint and plots.
//
// With no flags it trains LeNet-5 classic on MNIST with chapter 2's recipe
// (seed 001): images resized to 32×32 and normalised with 0.1307/0.3081, batch
// 128, SGD with lr 0.01, momentum 0.9 and weight decay 5e-4, StepLR(5, 0.5), 5
// epochs, keeping the weights of the best test accuracy. Every flag defaults to
// the chosen model's recipe; `-h` lists them.
//
//	go run ./lenet/cmd                                   # LeNet-5, MNIST, seed-001 recipe
//	go run ./lenet/cmd -model lenet1                     # LeNet-1, seed-003 recipe
//	go run ./lenet/cmd -model lenet5 -recipe best        # the ≥ 99% recipe
//	go run ./lenet/cmd -dataset fashion -epochs 10
//	go run ./lenet/cmd -limit 512 -epochs 1              # a quick run
//	go run ./lenet/cmd -resume runs/lenet5-mnist-...     # continue an interrupted run
//	go run ./lenet/cmd -serve 127.0.0.1:8080             # the draw-a-digit page (lenet/serve)
//
// The run directory (default runs/<model>-<dataset>-<time>) receives
// history.json and history.csv (per-epoch history), checkpoint/ (the training
// state, for -resume), best weights restored at the end, and PNG + SVG plots:
// curves, confusion, predictions and tsne.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gocnn/gocnn/internal/cli"
	_ "github.com/gocnn/gocnn/lenet"         // registers lenet1, lenet5, lenet5-1998, modern
	_ "github.com/gocnn/gocnn/lenet/fashion" // registers mlp, fashion-cnn …
	"github.com/gocnn/gocnn/lenet/recipes"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/models"
)

func main() {
	os.Exit(exitStatus(run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// options are the parsed flags; zero values mean "from the recipe".
type options struct {
	cli.RunFlags
	model, dataset, recipe, optimizer, schedule, out, resume string
	serve, weights                                           string
	epochs, batch, tsne                                      int
	lr, momentum, weightDecay                                float64
	seed                                                     int64
	set                                                      map[string]bool
	fs                                                       *flag.FlagSet
	notes                                                    []string // said when the run starts
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("lenet", flag.ContinueOnError)
	o.fs = fs
	fs.SetOutput(stderr)
	o.RunFlags.Register(fs, "the IDX files", "auto")
	fs.StringVar(&o.model, "model", "lenet5", "model: "+strings.Join(models.Names(), ", "))
	fs.StringVar(&o.dataset, "dataset", "mnist", "dataset: mnist or fashion")
	fs.StringVar(&o.recipe, "recipe", "seed", "recipe: seed (the chapter's) or best (lenet5 only: the ≥ 99% recipe)")
	fs.IntVar(&o.epochs, "epochs", 0, "training epochs (default: the recipe's)")
	fs.IntVar(&o.batch, "batch", 0, "batch size (default: the recipe's)")
	fs.StringVar(&o.optimizer, "optimizer", "", "optimizer: sgd, adam or adamw (default: the recipe's)")
	fs.Float64Var(&o.lr, "lr", 0, "learning rate (default: the recipe's)")
	fs.Float64Var(&o.momentum, "momentum", 0, "SGD momentum (default: the recipe's)")
	fs.Float64Var(&o.weightDecay, "weight-decay", 0, "weight decay (default: the recipe's)")
	fs.StringVar(&o.schedule, "schedule", "", "LR schedule: none, step:SIZE:GAMMA or plateau:FACTOR:PATIENCE (default: the recipe's)")
	fs.Int64Var(&o.seed, "seed", 0, "random seed of weights, shuffling and split (default: the recipe's)")
	fs.StringVar(&o.out, "out", "", "output directory (default runs/<model>-<dataset>-<time>)")
	fs.StringVar(&o.resume, "resume", "", "continue the run in this output directory from its checkpoint")
	fs.IntVar(&o.tsne, "tsne", 1000, "test embeddings in the t-SNE plot (0: no t-SNE)")
	fs.StringVar(&o.serve, "serve", "", "serve the draw-a-digit page and its JSON API on HOST:PORT instead of training (\":8080\" binds 127.0.0.1)")
	fs.StringVar(&o.weights, "weights", "", "with -serve: a model.safetensors to serve (default: -resume's, else the shipped LeNet-5)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./lenet/cmd [flags]\n\nTrains a LeNet and writes metrics, a checkpoint and plots.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nRecipes (the defaults of -epochs … -seed for each model):\n")
		for _, name := range models.Names() {
			if r, err := recipes.For(name); err == nil {
				fmt.Fprintf(stderr, "  %-12s %v\n", name, r)
			}
		}
		fmt.Fprintf(stderr, "  %-12s %v\n", "lenet5 best", recipes.BestLeNet5)
	}
	if err := cli.Parse(fs, args); err != nil {
		return nil, err
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	return o, nil
}

// resolve applies the flags on top of the model's recipe and checks them.
func resolve(o *options) (*models.Model, experiment.Recipe, error) {
	m, err := models.New(o.model, models.Options{Classes: 10})
	if err != nil {
		return nil, experiment.Recipe{}, cli.Usagef("-model: %v", err)
	}
	r, err := recipes.For(m.Name)
	if err != nil {
		return nil, r, cli.Usagef("-model: %v", err)
	}
	switch o.recipe {
	case "seed":
	case "best":
		if o.model != "lenet5" {
			return nil, r, cli.Usagef("-recipe best: only for -model lenet5, not %q", o.model)
		}
		r = recipes.BestLeNet5
	default:
		return nil, r, cli.Usagef("-recipe %q: want seed or best", o.recipe)
	}
	if _, err := experiment.DatasetName(o.dataset); err != nil {
		return nil, r, cli.UsageError{Msg: "-dataset: " + err.Error()}
	}
	if o.set["epochs"] {
		if o.epochs <= 0 {
			return nil, r, cli.Usagef("-epochs %d: want a positive number", o.epochs)
		}
		r.Epochs = o.epochs
	}
	if o.set["batch"] {
		if o.batch <= 0 {
			return nil, r, cli.Usagef("-batch %d: want a positive number", o.batch)
		}
		r.Batch = o.batch
	}
	if o.set["optimizer"] {
		r.Optimizer.Name = strings.ToLower(o.optimizer)
	}
	if o.set["lr"] {
		r.Optimizer.LR = o.lr
	}
	if o.set["momentum"] {
		r.Optimizer.Momentum = o.momentum
	}
	if o.set["weight-decay"] {
		r.Optimizer.WeightDecay = o.weightDecay
	}
	if o.set["schedule"] {
		s, err := parseSchedule(o.schedule)
		if err != nil {
			return nil, r, cli.UsageError{Msg: "-schedule: " + err.Error()}
		}
		r.Schedule = s
	}
	if o.set["seed"] {
		r.Seed = o.seed
	}
	if _, err := r.Optimizer.Build(); err != nil {
		return nil, r, cli.UsageError{Msg: "-optimizer/-lr/-momentum/-weight-decay: " + err.Error()}
	}
	if _, err := r.Schedule.Build(); err != nil {
		return nil, r, cli.UsageError{Msg: "-schedule: " + err.Error()}
	}
	if o.Limit < 0 {
		return nil, r, cli.Usagef("-limit %d: want 0 (all) or a positive number", o.Limit)
	}
	r.Validation = scaledValidation(o, r.Validation)
	if o.tsne < 0 {
		return nil, r, cli.Usagef("-tsne %d: want 0 (none) or a positive number", o.tsne)
	}
	if o.Data != "" {
		if st, err := os.Stat(o.Data); err != nil || !st.IsDir() {
			return nil, r, cli.Usagef("-data %q: not a directory", o.Data)
		}
	}
	if o.resume != "" {
		if o.out != "" && filepath.Clean(o.out) != filepath.Clean(o.resume) {
			return nil, r, cli.UsageError{Msg: "-out and -resume name different directories: the resumed run writes into its own directory"}
		}
	}
	return m, r, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	var rec *runRecord
	if o.resume != "" {
		if rec, err = restore(o); err != nil {
			return err
		}
	}
	m, r, err := resolve(o)
	if err != nil {
		return err
	}
	if o.serve != "" {
		return serveModel(o, m, r, stdout)
	}
	if o.weights != "" {
		return cli.UsageError{Msg: "-weights is for -serve (training starts from the recipe's initialisation)"}
	}
	pmode, err := cli.Progress(o.Progress)
	if err != nil {
		return err
	}
	dsName, _ := experiment.DatasetName(o.dataset)
	outDir := o.out
	switch {
	case o.resume != "":
		outDir = o.resume
	case outDir == "":
		outDir = filepath.Join("runs", fmt.Sprintf("%s-%s-%s", m.Name, dsName, time.Now().Format("20060102-150405")))
	}
	// The data and the backend are checked before the run folder is made: a
	// run that cannot start leaves nothing behind.
	data, err := locateData(o)
	if err != nil {
		return err
	}
	b, choice, err := cli.Backend(o.Backend)
	if err != nil {
		return err
	}
	lock, err := lockRunFolder(o, outDir)
	if err != nil {
		return err
	}
	defer lock.Release()
	removeDebris(outDir)

	fmt.Fprintln(stdout, choice)
	for _, n := range o.notes {
		fmt.Fprintln(stdout, n)
	}
	fmt.Fprintf(stdout, "data: %s from %s (4 files, SHA-256 verified)\n", dsName, data.Dir)
	if rec == nil {
		rec = newRecord(o, m, r, choice.Config, choice.Reason, data)
		if err := rec.write(outDir); err != nil {
			return runError{dir: outDir, err: err}
		}
	} else if r, err = rec.resumedRecipe(o, outDir, stdout); err != nil {
		return runError{dir: outDir, err: err}
	}
	stop, stopped := stopOnInterrupt(stdout)
	defer stopped()

	res, err := experiment.Run(b, experiment.RunConfig{
		Model: m, Recipe: r, Dataset: o.dataset, DataDir: data.Dir, Limit: o.Limit,
		OutDir: outDir, Resume: o.resume != "", TSNEPoints: tsnePoints(o.tsne), Progress: pmode, Out: stdout,
		Stop: stop, Locked: true,
	})
	if err != nil {
		return runError{dir: outDir, err: err}
	}
	rep := res.Report
	fmt.Fprintf(stdout, "\nwrote %s:\n", outDir)
	fmt.Fprintf(stdout, "  %s\n", filepath.Join(outDir, "checkpoint")+string(filepath.Separator))
	for _, f := range rep.Files {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	return nil
}

func tsnePoints(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// parseSchedule parses the -schedule flag into the recipe's schedule: "" or
// "none" (constant), "step:S:G" (StepLR every S epochs by G) or
// "plateau:F:P" (ReduceLROnPlateau on the validation loss with factor F and
// patience P). It is the one place a schedule is read from text.
func parseSchedule(spec string) (experiment.ScheduleSpec, error) {
	if spec == "" || spec == "none" {
		return experiment.ScheduleSpec{}, nil
	}
	parts := strings.Split(spec, ":")
	bad := fmt.Errorf("schedule %q: want none, step:SIZE:GAMMA or plateau:FACTOR:PATIENCE", spec)
	if len(parts) != 3 {
		return experiment.ScheduleSpec{}, bad
	}
	a, err1 := strconv.ParseFloat(parts[1], 64)
	b, err2 := strconv.ParseFloat(parts[2], 64)
	if err1 != nil || err2 != nil {
		return experiment.ScheduleSpec{}, bad
	}
	var s experiment.ScheduleSpec
	switch parts[0] {
	case "step":
		if a != float64(int(a)) || a < 1 {
			return s, fmt.Errorf("schedule %q: step size %v: want a positive whole number of epochs", spec, parts[1])
		}
		s = experiment.ScheduleSpec{Kind: experiment.StepLR, StepSize: int(a), Gamma: b}
	case "plateau":
		if b != float64(int(b)) || b < 0 {
			return s, fmt.Errorf("schedule %q: patience %v: want a whole number of epochs", spec, parts[2])
		}
		s = experiment.ScheduleSpec{Kind: experiment.Plateau, Factor: a, Patience: int(b)}
	default:
		return s, bad
	}
	if _, err := s.Build(); err != nil {
		return s, fmt.Errorf("schedule %q: %w", spec, err)
	}
	return s, nil
}
