package recipes

import (
	"fmt"
	"strings"

	"github.com/gocnn/gocnn/vision/experiment"
)

// LeNet5 is chapter 2's recipe (seed 001) for LeNet-5 classic.
var LeNet5 = experiment.Recipe{
	Source: "chapter 2 (seed 001)", Resize: 32, Normalize: true, Mean: 0.1307, Std: 0.3081,
	Batch: 128, Epochs: 5, Optimizer: experiment.OptimizerSpec{Name: experiment.SGD, LR: 0.01, Momentum: 0.9, WeightDecay: 5e-4},
	Schedule: experiment.ScheduleSpec{Kind: experiment.StepLR, StepSize: 5, Gamma: 0.5}, Seed: 42,
}

// LeNet1 is chapter 4's recipe (seed 003) for LeNet-1 and its variants.
var LeNet1 = experiment.Recipe{
	Source: "chapter 4 (seed 003)", Batch: 256, Epochs: 2, Optimizer: experiment.OptimizerSpec{Name: experiment.Adam, LR: 1e-3},
	Schedule: experiment.ScheduleSpec{Kind: experiment.Plateau, Factor: 0.1, Patience: 10}, Validation: 5000, Seed: 42,
}

// Modern is chapter 1's recipe (seed 000) for the modern LeNet.
var Modern = experiment.Recipe{
	Source: "chapter 1 (seed 000)", Normalize: true, Mean: 0.1307, Std: 0.3081,
	Batch: 32, Epochs: 2, Optimizer: experiment.OptimizerSpec{Name: experiment.AdamW, LR: 1e-3, WeightDecay: 1e-4}, Seed: 42,
}

// LeNet51998 trains the 1998 variant on padded, unnormalised images (the
// model scales them to the paper's −0.1/1.175 range itself) with the classic
// recipe's optimiser.
var LeNet51998 = experiment.Recipe{
	Source: "LeCun et al. 1998 (inputs); chapter 2 (optimiser)", Pad: 2,
	Batch: LeNet5.Batch, Epochs: LeNet5.Epochs, Optimizer: LeNet5.Optimizer, Schedule: LeNet5.Schedule, Seed: 42,
}

// BestLeNet5 is the best recipe found for LeNet-5 classic on MNIST within 10
// epochs (see the lenet package's tests and the README for the measured
// accuracy): the chapter's preprocessing with SGD and a larger, stepped
// learning rate: 10 epochs, lr 0.05, StepLR(4, 0.2).
var BestLeNet5 = func() experiment.Recipe {
	r := LeNet5
	r.Source, r.Epochs = "gocnn's best LeNet-5 recipe", 10
	r.Optimizer.LR = 0.05
	r.Schedule.StepSize, r.Schedule.Gamma = 4, 0.2
	return r
}()

// Fashion trains chapter 3's models as Keras' defaults would (the chapter
// gives no training code): Adam 1e-3, batch 64, 5,000 training images held
// out for validation.
var Fashion = experiment.Recipe{
	Source: "chapter 3 (seed 002), Keras defaults", Batch: 64, Epochs: 5, Optimizer: experiment.OptimizerSpec{Name: experiment.Adam, LR: 1e-3},
	Validation: 5000, Seed: 42,
}

// byModel maps the registry names (vision/models) to their chapter's recipe.
var byModel = map[string]experiment.Recipe{
	"lenet1":       LeNet1,
	"lenet5":       LeNet5,
	"lenet5-1998":  LeNet51998,
	"modern":       Modern,
	"mlp":          Fashion,
	"fashion-cnn":  Fashion,
	"fashion-cnn3": Fashion,
	"fashion-cnn5": Fashion,
	"fashion-cnn7": Fashion,
}

// For returns the chapter's recipe of the named model (a registry name, or a
// LeNet-1 variant's name such as "lenet1-relu-max", which trains with
// LeNet-1's recipe); an unknown name is an error.
func For(name string) (experiment.Recipe, error) {
	if r, ok := byModel[name]; ok {
		return r, nil
	}
	if strings.HasPrefix(name, "lenet1-") {
		return LeNet1, nil
	}
	return experiment.Recipe{}, fmt.Errorf("recipes: no recipe for model %q", name)
}
