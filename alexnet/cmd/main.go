// Command alexnet trains an AlexNet-style network on Fashion-MNIST with the
// shared training loop, or classifies a photo with torchvision's pretrained
// AlexNet.
//
// Training (default): FashionAlexNet (alexnet.FashionAlexNetSized with -size
// 64 and -width 0.5: 32-96-128-128-96 channels, 512 hidden units, 1.16 M
// parameters) on Fashion-MNIST resized to 64×64 and normalised with
// 0.2860/0.3530, batch 128, SGD lr 0.01 momentum 0.9 weight decay 5e-4 (the
// 2012 paper's), 2 epochs, keeping the weights of the best test accuracy.
// Two epochs keep the default run in minutes on the pure-Go backend; d2l's
// full AlexNet at 224×224 costs 50× more per image (mult-adds 36.9 M here).
// Measured (Go backend, GOEXPERIMENT=simd, 2 cores, /usr/bin/time -v): test
// accuracy 84.45% after epoch 1 and 87.15% (macro-F1 0.8692) after epoch 2,
// 589 s of training (209–230 images/s), 10 min 35 s wall, 5.0 GB peak RSS;
// d2l's AlexNet reaches ~88% after 10 epochs at 224×224. More epochs
// (-epochs 10) take ~5 min each; XLA CPU runs a step about twice as fast
// (bench/results/bench.md).
//
//	go run ./alexnet/cmd                           # 2 epochs, all of Fashion-MNIST
//	go run ./alexnet/cmd -limit 5000 -epochs 1     # a quick run
//	go run ./alexnet/cmd -size 96 -width 1         # bigger and slower
//
// The run directory (default runs/fashion-alexnet-<time>) receives the
// checkpoint, metrics and plots (curves, confusion, predictions, t-SNE), as
// lenet's command writes them.
//
// Pretrained ImageNet classification (weights converted once, with internet,
// by alexnet/convert_weights.py):
//
//	/usr/bin/python3 alexnet/convert_weights.py          # writes alexnet.safetensors
//	go run ./alexnet/cmd -classify photo.jpg -weights alexnet.safetensors
//
// prints the top-5 ImageNet classes with their probabilities (-model vgg11 or
// vgg16 for VGG weights converted with --model).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gocnn/gocnn/alexnet"
	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/cli"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/ml/model"
)

func main() {
	os.Exit(cli.ExitStatus("alexnet", run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

type options struct {
	cli.RunFlags
	epochs, batch, size, tsne, top   int
	lr, momentum, weightDecay, width float64
	seed                             int64
	out, classify                    string
	weights, model                   string
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("alexnet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.RunFlags.Register(fs, "the Fashion-MNIST IDX files", "auto")
	fs.IntVar(&o.epochs, "epochs", 2, "training epochs")
	fs.IntVar(&o.batch, "batch", 128, "batch size")
	fs.Float64Var(&o.lr, "lr", 0.01, "SGD learning rate")
	fs.Float64Var(&o.momentum, "momentum", 0.9, "SGD momentum")
	fs.Float64Var(&o.weightDecay, "weight-decay", 5e-4, "weight decay")
	fs.IntVar(&o.size, "size", 64, "input side: Fashion-MNIST's 28×28 images are resized (bilinear) to size×size (≥ 32)")
	fs.Float64Var(&o.width, "width", 0.5, "channel width multiplier of the scaled AlexNet")
	fs.Int64Var(&o.seed, "seed", 42, "random seed of weights, dropout and shuffling")
	fs.StringVar(&o.out, "out", "", "output directory (default runs/fashion-alexnet-<time>)")
	fs.IntVar(&o.tsne, "tsne", 1000, "test embeddings in the t-SNE plot (0: none)")
	fs.StringVar(&o.classify, "classify", "", "classify this JPEG/PNG photo with pretrained ImageNet weights (needs -weights) instead of training")
	fs.StringVar(&o.weights, "weights", "", "torchvision weights as .safetensors (alexnet/convert_weights.py), for -classify")
	fs.StringVar(&o.model, "model", "alexnet", "pretrained architecture for -classify: alexnet, vgg11 or vgg16")
	fs.IntVar(&o.top, "top", 5, "number of classes -classify prints")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./alexnet/cmd [flags]\n\nTrains a scaled AlexNet on Fashion-MNIST, or with -classify labels a photo with ImageNet weights.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := cli.Parse(fs, args); err != nil {
		return nil, err
	}
	switch {
	case o.epochs <= 0:
		return nil, cli.Usagef("-epochs %d: want a positive number", o.epochs)
	case o.batch <= 0:
		return nil, cli.Usagef("-batch %d: want a positive number", o.batch)
	case !(o.lr > 0):
		return nil, cli.Usagef("-lr %g: want a positive number", o.lr)
	case o.size < 32:
		return nil, cli.Usagef("-size %d: want at least 32", o.size)
	case !(o.width > 0):
		return nil, cli.Usagef("-width %g: want a positive number", o.width)
	case o.Limit < 0:
		return nil, cli.Usagef("-limit %d: want 0 (all) or a positive number", o.Limit)
	case o.tsne < 0:
		return nil, cli.Usagef("-tsne %d: want 0 (none) or a positive number", o.tsne)
	case o.top <= 0:
		return nil, cli.Usagef("-top %d: want a positive number", o.top)
	case o.classify != "" && o.weights == "":
		return nil, cli.UsageError{Msg: "-classify needs -weights FILE.safetensors (see alexnet/convert_weights.py)"}
	case o.classify == "" && o.weights != "":
		return nil, cli.UsageError{Msg: "-weights is for -classify PHOTO"}
	}
	if o.Data != "" {
		if st, err := os.Stat(o.Data); err != nil || !st.IsDir() {
			return nil, cli.Usagef("-data %q: not a directory", o.Data)
		}
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	setup, err := cli.StartRun(o.Progress, o.Backend, stdout)
	if err != nil {
		return err
	}
	b, pmode := setup.Backend, setup.Progress
	if o.classify != "" {
		return classify(o, b, stdout)
	}

	m, err := models.New("fashion-alexnet", models.Options{Classes: 10, Channels: 1, Size: o.size, Width: o.width})
	if err != nil {
		return cli.Usagef("-size %d -width %g: %v", o.size, o.width, err)
	}
	r := experiment.Recipe{
		Source: "alexnet command (SGD as Krizhevsky et al. 2012)", Resize: o.size,
		Normalize: true, Mean: datasets.FashionMNISTMean, Std: datasets.FashionMNISTStd, Batch: o.batch, Epochs: o.epochs,
		Optimizer: experiment.OptimizerSpec{Name: experiment.SGD, LR: o.lr, Momentum: o.momentum, WeightDecay: o.weightDecay}, Seed: o.seed,
	}
	if o.size == 28 {
		r.Resize = 0 // Fashion-MNIST's own size
	}
	outDir := o.out
	if outDir == "" {
		outDir = filepath.Join("runs", "fashion-alexnet-"+time.Now().Format("20060102-150405"))
	}
	tsne := o.tsne
	if tsne == 0 {
		tsne = -1
	}
	res, err := experiment.Run(b, experiment.RunConfig{
		Model: m, Recipe: r, Dataset: "fashion", DataDir: o.Data, Limit: o.Limit,
		OutDir: outDir, TSNEPoints: tsne, Progress: pmode, Out: stdout,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%.1fs per epoch incl. evaluation\n", res.Seconds/float64(len(res.Trainer.History().Epochs)))
	fmt.Fprintf(stdout, "\nwrote %s:\n  %s\n", outDir, filepath.Join(outDir, "checkpoint")+string(filepath.Separator))
	for _, f := range res.Report.Files {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	return nil
}

// classify labels a photo with pretrained ImageNet weights.
func classify(o *options, b compute.Backend, stdout io.Writer) error {
	m, err := models.New(o.model, models.Options{Classes: 1000, Channels: 3})
	if err != nil || (o.model != "alexnet" && o.model != "vgg11" && o.model != "vgg16") {
		return cli.Usagef("-model %q: want alexnet, vgg11 or vgg16 (torchvision's pretrained models)", o.model)
	}
	store := model.NewStore()
	if err := alexnet.LoadWeights(store, m, o.weights); err != nil {
		return err
	}
	img, err := alexnet.LoadImage(o.classify)
	if err != nil {
		return err
	}
	start := time.Now()
	preds, err := alexnet.Classify(b, store, m, img, o.top)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s, %s (%dx%d) in %.2fs:\n", m.Title, o.classify, img.Bounds().Dx(), img.Bounds().Dy(), time.Since(start).Seconds())
	for i, p := range preds {
		fmt.Fprintf(stdout, "%d. %s\n", i+1, p)
	}
	return nil
}
