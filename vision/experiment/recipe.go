package experiment

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/vision/train"
)

// Recipe is the training recipe of a chapter: how the images are prepared and
// how the model is trained. The CLI's flag defaults come from the chosen
// model's recipe.
type Recipe struct {
	// Source names the chapter the recipe comes from.
	Source string
	// Resize: "resize32" (bilinear 28→32 as torchvision's Resize(32)), any
	// "resizeN" (bilinear to N×N), "pad32" (zero padding 2 on each side) or ""
	// (28×28 as is).
	Resize string
	// Normalize with Mean and Std after scaling to [0,1] (MNIST: 0.1307/0.3081).
	Normalize bool
	Mean, Std float64
	// Batch is the training batch size.
	Batch int
	// Epochs of training.
	Epochs int
	// Optimizer: "sgd", "adam" or "adamw", with PyTorch's semantics.
	Optimizer   string
	LR          float64
	Momentum    float64 // SGD only
	WeightDecay float64
	// Schedule: "" (constant), "step:S:G" (StepLR, step size S epochs, gamma G)
	// or "plateau:F:P" (ReduceLROnPlateau on the validation loss, factor F,
	// patience P).
	Schedule string
	// Validation is the number of training images held out for validation
	// (seeded split); 0 evaluates on the test set every epoch, as seeds 000 and
	// 001 do.
	Validation int
	// Seed of the run: weights, shuffling and the split.
	Seed int64
}

// Transform is the recipe's image preparation (geometry and normalisation).
func (r Recipe) Transform() datasets.Transform {
	t := datasets.Transform{Normalize: r.Normalize, Mean: float32(r.Mean), Std: float32(r.Std)}
	switch r.Resize {
	case "resize32":
		t.Geometry = datasets.Resize32
	case "pad32":
		t.Geometry = datasets.Pad32
	}
	return t
}

// ResizeTo is N for a "resizeN" recipe other than resize32 (which Transform
// handles), else 0.
func (r Recipe) ResizeTo() int {
	n, err := strconv.Atoi(strings.TrimPrefix(r.Resize, "resize"))
	if err != nil || !strings.HasPrefix(r.Resize, "resize") || n == 32 {
		return 0
	}
	return n
}

// DataConfig is the DataConfig of the recipe for a dataset ("mnist"
// or "fashion"), a data directory ("" for the default places) and a limit on
// the number of images (0 for all).
func (r Recipe) DataConfig(dataset, dir string, limit int) DataConfig {
	return DataConfig{
		Dataset: dataset, Dir: dir, Transform: r.Transform(), Resize: r.ResizeTo(), Batch: r.Batch,
		Validation: r.Validation, Limit: limit, Seed: r.Seed,
	}
}

// TrainConfig is the train.Config of the recipe: its epochs, optimiser,
// schedule and seed, keeping the best weights by evaluation accuracy. The
// caller sets the rest (Dir, Name, Progress ...).
func (r Recipe) TrainConfig() (train.Config, error) {
	opt, err := Optimizer(r.Optimizer, r.LR, r.Momentum, r.WeightDecay)
	if err != nil {
		return train.Config{}, err
	}
	sched, err := Schedule(r.Schedule)
	if err != nil {
		return train.Config{}, err
	}
	return train.Config{Epochs: r.Epochs, Optimizer: opt, Schedule: sched, Seed: r.Seed, KeepBest: true}, nil
}

// String describes the recipe in one line.
func (r Recipe) String() string {
	s := fmt.Sprintf("%s, batch %d, %d epochs, %s lr %g", r.Source, r.Batch, r.Epochs, r.Optimizer, r.LR)
	if r.Momentum > 0 {
		s += fmt.Sprintf(" momentum %g", r.Momentum)
	}
	if r.WeightDecay > 0 {
		s += fmt.Sprintf(" wd %g", r.WeightDecay)
	}
	if r.Schedule != "" {
		s += ", " + r.Schedule
	}
	if r.Resize != "" {
		s += ", " + r.Resize
	}
	if r.Normalize {
		s += fmt.Sprintf(", normalise %g/%g", r.Mean, r.Std)
	}
	if r.Validation > 0 {
		s += fmt.Sprintf(", %d held out for validation", r.Validation)
	}
	return s
}
