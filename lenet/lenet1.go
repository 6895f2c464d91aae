package lenet

import (
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// LeNet1 is LeNet-1 (LeCun et al., "Backpropagation applied to handwritten zip
// code recognition", 1989; "Comparison of learning algorithms for handwritten
// digit recognition", 1995) as chapter 4 (seed 003) builds it: 1×28×28 → H1
// conv 4@5×5 → tanh → H2 avg pool 2 → H3 conv 12@5×5 → tanh → H4 avg pool 2 →
// Output linear 192→classes, with Xavier-uniform weights and zero biases.
// 3,246 parameters for 10 classes.
func LeNet1(numClasses int) *models.Model {
	xavier := func(c *nn.Conv2d) *nn.Conv2d { return c.Init(nn.XavierUniform, nn.Zeros) }
	net := nn.NewSequential(
		nn.Named{Name: "H1", Layer: xavier(nn.NewConv2d(1, 4, 5))},
		nn.Named{Name: "tanh1", Layer: nn.NewTanh()},
		nn.Named{Name: "H2", Layer: nn.NewAvgPool2d(2)},
		nn.Named{Name: "H3", Layer: xavier(nn.NewConv2d(4, 12, 5))},
		nn.Named{Name: "tanh3", Layer: nn.NewTanh()},
		nn.Named{Name: "H4", Layer: nn.NewAvgPool2d(2)},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "Output", Layer: nn.NewLinear(12*4*4, numClasses).Init(nn.XavierUniform, nn.Zeros)},
	)
	return &models.Model{
		Name: "lenet1", Title: "LeNet-1", Net: net, Input: []int{1, 28, 28},
		Embedding: "flatten",
	}
}
