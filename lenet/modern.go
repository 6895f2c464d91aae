package lenet

import (
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// ModernLeNet is the modern LeNet of chapter 1 (seed 000): LeNet's two
// convolution stages with today's tools — strided convolutions instead of
// pooling, batch normalisation, ReLU, and global average pooling instead of
// large dense layers. 1×28×28 → features: conv 16@4×4 stride 2 → BatchNorm →
// ReLU → conv 32@4×4 stride 2 → BatchNorm → ReLU → adaptive avg pool 1×1;
// classifier: flatten → linear 32→classes. 8,922 trainable parameters for 10
// classes. The children are numbered as in the seed's nn.Sequential, so its
// state_dict keys ("features.0.weight" ...) load unchanged.
func ModernLeNet(numClasses int) *models.Model {
	features := nn.Seq(
		nn.NewConv2d(1, 16, 4).Stride(2),
		nn.NewBatchNorm2d(16),
		nn.NewReLU(),
		nn.NewConv2d(16, 32, 4).Stride(2),
		nn.NewBatchNorm2d(32),
		nn.NewReLU(),
		nn.NewAdaptiveAvgPool2d(1, 1),
	)
	classifier := nn.Seq(nn.NewFlatten(), nn.NewLinear(32, numClasses))
	net := nn.NewSequential(
		nn.Named{Name: "features", Layer: features},
		nn.Named{Name: "classifier", Layer: classifier},
	)
	return &models.Model{
		Name: "modern", Title: "Modern LeNet", Net: net, Input: []int{1, 28, 28},
		Embedding: "classifier.0",
	}
}
