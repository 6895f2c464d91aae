package experiment

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gocnn/gocnn/internal/runlock"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/summary"
	"github.com/gocnn/gocnn/vision/train"
	"github.com/gomlx/compute"
)

// RunConfig is one training run of a model with a recipe: what `go run
// ./lenet/cmd` and `go run ./alexnet/cmd` do, and what the notebooks call.
type RunConfig struct {
	Model   *models.Model
	Recipe  Recipe // the chapter's recipe (e.g. lenet/recipes.For), possibly changed
	Dataset string // "mnist" or "fashion"
	DataDir string // "" for the default places
	Limit   int    // use only this many training and test images (0: all)
	// OutDir receives history.json/csv, test.json, classification_report.txt,
	// model.safetensors (the best weights), checkpoint/ and the PNG + SVG
	// figures.
	OutDir string
	Resume bool // continue from OutDir/checkpoint
	// TSNEPoints embedded in the t-SNE figure (0: 1000; < 0: none).
	TSNEPoints int
	Progress   train.ProgressMode
	// Live is the notebook block for the progress (train.Config.Live;
	// vision/notebook.Live in GoNB).
	Live func(html string)
	Out  io.Writer // default os.Stdout
	// Stop, when set, is asked before every training step (see
	// train.Config.Stop): true writes a mid-epoch checkpoint and Run returns
	// an error wrapping train.ErrInterrupted.
	Stop func() bool
	// Locked says that the caller already holds OutDir's lock
	// (internal/runlock); otherwise Run takes it for the run's duration, so
	// two runs never write into the same folder.
	Locked bool
}

// RunResult is what Run produced.
type RunResult struct {
	Summary *summary.Summary
	Data    *Data
	Trainer *train.Trainer
	Report  *Report
	Seconds float64 // training time
}

// Run prints the model's summary, loads the data, trains with the recipe
// (keeping the best weights by evaluation accuracy), evaluates on the test
// set and writes the report into OutDir.
func Run(b compute.Backend, cfg RunConfig) (*RunResult, error) {
	out := cfg.Out
	if out == nil {
		out = os.Stdout
	}
	m, r := cfg.Model, cfg.Recipe
	res := &RunResult{}
	var err error
	if !cfg.Locked && cfg.OutDir != "" {
		lock, err := runlock.Acquire(cfg.OutDir)
		if err != nil {
			return nil, err
		}
		defer lock.Release()
	}
	if res.Summary, err = summary.Summarize(m.Net, m.Input, summary.Options{}); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "%s — %s\n%s\n", m.Title, r, res.Summary)
	if res.Data, err = Load(r.DataConfig(cfg.Dataset, cfg.DataDir, cfg.Limit)); err != nil {
		return nil, err
	}
	d := res.Data
	size := d.Train.SampleShape()
	if d.Valid != nil {
		fmt.Fprintf(out, "data: %s (%d×%d), %d training, %d validation, %d test images\n", d.Title(), size[0], size[1], d.Train.Len(), d.Valid.Len(), d.Test.Len())
	} else {
		fmt.Fprintf(out, "data: %s (%d×%d), %d training, %d test images\n", d.Title(), size[0], size[1], d.Train.Len(), d.Test.Len())
	}
	tc, err := r.TrainConfig()
	if err != nil {
		return nil, err
	}
	tc.NumClasses, tc.Dir, tc.Resume = len(d.Classes), filepath.Join(cfg.OutDir, "checkpoint"), cfg.Resume
	tc.Name, tc.Progress, tc.Live, tc.Out, tc.Stop = m.Name+"-"+d.Name, cfg.Progress, cfg.Live, out, cfg.Stop
	if res.Trainer, err = train.New(b, m.Net, tc); err != nil {
		return nil, err
	}
	start := time.Now()
	if _, err := res.Trainer.Fit(d.Train, train.EvalSet{Name: d.EvalName(), Data: d.Eval()}); err != nil {
		return nil, err
	}
	res.Seconds = time.Since(start).Seconds()
	fmt.Fprintf(out, "training: %.1fs\n", res.Seconds)
	res.Report, err = WriteReport(res.Trainer, d, ReportConfig{
		Dir: cfg.OutDir, Title: fmt.Sprintf("%s on %s", m.Title, d.Title()), Embedding: m.Embedding, TSNEPoints: cfg.TSNEPoints,
	})
	if err != nil {
		return nil, err
	}
	rep := res.Report
	fmt.Fprintf(out, "\ntest | loss %.4f acc %.4f macro_f1 %.4f (best epoch %d)\n", rep.TestLoss, rep.TestAcc, rep.MacroF1,
		res.Trainer.History().BestEpoch)
	if rep.TSNE != nil {
		fmt.Fprintf(out, "t-SNE of %d test embeddings: trustworthiness (k=5) %.4f\n", len(rep.TSNE), rep.Trustworthiness)
	}
	return res, nil
}
