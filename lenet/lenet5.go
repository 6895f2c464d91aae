package lenet

import (
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// LeNet5 is the classic LeNet-5 of chapter 2 (seed 001), after LeCun et al.
// 1998 with today's simplifications (plain tanh, average pooling without
// coefficients, full C3 connections, a linear output): 1×32×32 → C1 conv
// 6@5×5 → tanh → S2 avg pool 2 → C3 conv 16@5×5 → tanh → S4 avg pool 2 → C5
// conv 120@5×5 → tanh → F6 linear 84 → tanh → Output linear classes, PyTorch's
// default initialisation. 61,706 parameters for 10 classes.
func LeNet5(numClasses int) *models.Model {
	net := nn.NewSequential(
		nn.Named{Name: "C1", Layer: nn.NewConv2d(1, 6, 5)},
		nn.Named{Name: "tanh1", Layer: nn.NewTanh()},
		nn.Named{Name: "S2", Layer: nn.NewAvgPool2d(2)},
		nn.Named{Name: "C3", Layer: nn.NewConv2d(6, 16, 5)},
		nn.Named{Name: "tanh3", Layer: nn.NewTanh()},
		nn.Named{Name: "S4", Layer: nn.NewAvgPool2d(2)},
		nn.Named{Name: "C5", Layer: nn.NewConv2d(16, 120, 5)},
		nn.Named{Name: "tanh5", Layer: nn.NewTanh()},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "F6", Layer: nn.NewLinear(120, 84)},
		nn.Named{Name: "tanh6", Layer: nn.NewTanh()},
		nn.Named{Name: "Output", Layer: nn.NewLinear(84, numClasses)},
	)
	return &models.Model{
		Name: "lenet5", Title: "LeNet-5 (classic)", Net: net, Input: []int{1, 32, 32},
		Embedding: "tanh6",
	}
}
