package experiment

import (
	"fmt"
	"math"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/vision/train"
)

// Recipe is the training recipe of a chapter, as typed data: how the images
// are prepared and how the model is trained. lenet/recipes holds the
// chapters' recipes; the CLI's flag defaults come from the chosen model's
// recipe, and its run.json records the recipe as trained (JSON).
type Recipe struct {
	// Source names the chapter the recipe comes from.
	Source string
	// Resize is the side of a bilinear resize (32: torchvision's Resize(32)
	// of chapters 1–2; any N > 0: N×N), 0 for none.
	Resize int
	// Pad is the zero padding on each side: 2 (28×28 → 32×32, LeCun 1998's
	// inputs) or 0.
	Pad int
	// Normalize with Mean and Std after scaling to [0,1] (MNIST: 0.1307/0.3081).
	Normalize bool
	Mean, Std float64
	// Batch is the training batch size.
	Batch int
	// Epochs of training.
	Epochs int
	// Optimizer and its hyperparameters.
	Optimizer OptimizerSpec
	// Schedule of the learning rate; the zero value keeps it constant.
	Schedule ScheduleSpec
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
	switch {
	case r.Resize == 32:
		t.Geometry = datasets.Resize32
	case r.Pad == 2:
		t.Geometry = datasets.Pad32
	}
	return t
}

// ResizeTo is N for a resize to N×N other than 32 (which Transform handles),
// else 0.
func (r Recipe) ResizeTo() int {
	if r.Resize == 32 {
		return 0
	}
	return max(r.Resize, 0)
}

// TrainImages is the number of training images of MNIST and Fashion-MNIST,
// the 60,000 a recipe's Validation hold-out is drawn from.
const TrainImages = 60000

// ScaleValidation is a validation hold-out of validation images (of the
// 60,000 TrainImages) when only limit training images are used: the same
// share of the images kept, rounded, at least one. A limit of 0 (all images)
// or of at least TrainImages, and a validation of 0, leave it unchanged.
// LeNet-1's 5,000 become 250 of 3,000 (5,000 · 3,000 / 60,000).
func ScaleValidation(validation, limit int) int {
	if limit <= 0 || validation <= 0 || limit >= TrainImages {
		return validation
	}
	return max(1, int(math.Round(float64(validation)*float64(limit)/TrainImages)))
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
// caller sets the rest (Dir, Name, Progress ...). A geometry the datasets
// package cannot make, or a bad optimiser or schedule, is an error.
func (r Recipe) TrainConfig() (train.Config, error) {
	if r.Pad != 0 && r.Pad != 2 || r.Pad != 0 && r.Resize != 0 || r.Resize < 0 {
		return train.Config{}, fmt.Errorf("recipe: resize %d, pad %d: want a resize, a padding of 2 or neither", r.Resize, r.Pad)
	}
	opt, err := r.Optimizer.Build()
	if err != nil {
		return train.Config{}, err
	}
	sched, err := r.Schedule.Build()
	if err != nil {
		return train.Config{}, err
	}
	return train.Config{Epochs: r.Epochs, Optimizer: opt, Schedule: sched, Seed: r.Seed, KeepBest: true}, nil
}

// String describes the recipe in one line.
func (r Recipe) String() string {
	s := fmt.Sprintf("%s, batch %d, %d epochs, %s", r.Source, r.Batch, r.Epochs, r.Optimizer)
	if sc := r.Schedule.String(); sc != "" {
		s += ", " + sc
	}
	if r.Resize > 0 {
		s += fmt.Sprintf(", resize%d", r.Resize)
	}
	if r.Pad > 0 {
		s += fmt.Sprintf(", pad%d", 28+2*r.Pad)
	}
	if r.Normalize {
		s += fmt.Sprintf(", normalise %g/%g", r.Mean, r.Std)
	}
	if r.Validation > 0 {
		s += fmt.Sprintf(", %d held out for validation", r.Validation)
	}
	return s
}
