package lenet

import (
	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/train"
)

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

// DataConfig is the experiment.DataConfig of the recipe for a dataset ("mnist"
// or "fashion"), a data directory ("" for the default places) and a limit on
// the number of images (0 for all).
func (r Recipe) DataConfig(dataset, dir string, limit int) experiment.DataConfig {
	return experiment.DataConfig{
		Dataset: dataset, Dir: dir, Transform: r.Transform(), Batch: r.Batch,
		Validation: r.Validation, Limit: limit, Seed: r.Seed,
	}
}

// TrainConfig is the train.Config of the recipe: its epochs, optimiser,
// schedule and seed, keeping the best weights by evaluation accuracy. The
// caller sets the rest (Dir, Name, Progress ...).
func (r Recipe) TrainConfig() (train.Config, error) {
	opt, err := experiment.Optimizer(r.Optimizer, r.LR, r.Momentum, r.WeightDecay)
	if err != nil {
		return train.Config{}, err
	}
	sched, err := experiment.Schedule(r.Schedule)
	if err != nil {
		return train.Config{}, err
	}
	return train.Config{Epochs: r.Epochs, Optimizer: opt, Schedule: sched, Seed: r.Seed, KeepBest: true}, nil
}
