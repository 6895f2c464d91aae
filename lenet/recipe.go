package lenet

import "github.com/gocnn/gocnn/vision/experiment"

// Recipe is a chapter's training recipe (see experiment.Recipe).
type Recipe = experiment.Recipe

var recipeLeNet5 = Recipe{
	Source: "chapter 2 (seed 001)", Resize: "resize32", Normalize: true, Mean: 0.1307, Std: 0.3081,
	Batch: 128, Epochs: 5, Optimizer: "sgd", LR: 0.01, Momentum: 0.9, WeightDecay: 5e-4,
	Schedule: "step:5:0.5", Seed: 42,
}

var recipeLeNet1 = Recipe{
	Source: "chapter 4 (seed 003)", Batch: 256, Epochs: 2, Optimizer: "adam", LR: 1e-3,
	Schedule: "plateau:0.1:10", Validation: 5000, Seed: 42,
}

var recipeModern = Recipe{
	Source: "chapter 1 (seed 000)", Normalize: true, Mean: 0.1307, Std: 0.3081,
	Batch: 32, Epochs: 2, Optimizer: "adamw", LR: 1e-3, WeightDecay: 1e-4, Seed: 42,
}

// recipeLeNet51998 trains the 1998 variant on padded, unnormalised images (the
// model scales them to the paper's −0.1/1.175 range itself) with the classic
// recipe's optimiser.
var recipeLeNet51998 = Recipe{
	Source: "LeCun et al. 1998 (inputs); chapter 2 (optimiser)", Resize: "pad32",
	Batch: 128, Epochs: 5, Optimizer: "sgd", LR: 0.01, Momentum: 0.9, WeightDecay: 5e-4,
	Schedule: "step:5:0.5", Seed: 42,
}

// BestLeNet5 is the best recipe found for LeNet-5 classic on MNIST within 10
// epochs (see the lenet package's tests and the README for the measured
// accuracy): the chapter's preprocessing with SGD and a larger, stepped
// learning rate.
var BestLeNet5 = Recipe{
	Source: "gocnn's best LeNet-5 recipe", Resize: "resize32", Normalize: true, Mean: 0.1307, Std: 0.3081,
	Batch: 128, Epochs: 10, Optimizer: "sgd", LR: 0.05, Momentum: 0.9, WeightDecay: 5e-4,
	Schedule: "step:4:0.2", Seed: 42,
}
