package alexnet

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// AlexNet is torchvision's AlexNet (torchvision.models.alexnet, after
// Krizhevsky 2014, "One weird trick for parallelizing convolutional neural
// networks", arXiv:1404.5997): 64-192-384-256-256 channels, no LRN, an
// AdaptiveAvgPool2d(6, 6) before the classifier, dropout 0.5 before each of
// the first two linear layers. The children and their indices are
// torchvision's, so its state_dict keys load unchanged:
//
//	features.0  Conv2d(in, 64, 11, stride 4, padding 2)   features.1 ReLU   features.2 MaxPool2d(3, 2)
//	features.3  Conv2d(64, 192, 5, padding 2)             features.4 ReLU   features.5 MaxPool2d(3, 2)
//	features.6  Conv2d(192, 384, 3, padding 1)            features.7 ReLU
//	features.8  Conv2d(384, 256, 3, padding 1)            features.9 ReLU
//	features.10 Conv2d(256, 256, 3, padding 1)            features.11 ReLU  features.12 MaxPool2d(3, 2)
//	avgpool     AdaptiveAvgPool2d(6, 6)                   flatten (torch.flatten in forward, no state)
//	classifier.0 Dropout(0.5)  classifier.1 Linear(9216, 4096)  classifier.2 ReLU
//	classifier.3 Dropout(0.5)  classifier.4 Linear(4096, 4096)  classifier.5 ReLU
//	classifier.6 Linear(4096, classes)
//
// 61,100,840 parameters for 1,000 classes and 3 channels. Input 3×224×224
// (any size ≥ 63×63 works thanks to the adaptive pooling).
func AlexNet(numClasses, inChannels int) *models.Model {
	m := AlexNetWidth(numClasses, inChannels, 1)
	m.Name, m.Title = "alexnet", "AlexNet (torchvision)"
	return m
}

// AlexNetWidth is AlexNet with every conv's channels and the classifier's
// hidden units multiplied by width (rounded, at least 1): width 1 is AlexNet,
// width 1/16 (4-12-24-16-16 channels, 256 hidden units) is the reduced twin
// that convert_weights.py --fixture builds for the offline equivalence test.
// The layer names are AlexNet's, so the same weight-loading code serves both.
func AlexNetWidth(numClasses, inChannels int, width float64) *models.Model {
	c1, c2, c3, c4, c5 := scaled(64, width), scaled(192, width), scaled(384, width), scaled(256, width), scaled(256, width)
	hidden := scaled(4096, width)
	features := nn.Seq(
		nn.NewConv2d(inChannels, c1, 11).Stride(4).Padding(2), nn.NewReLU(), nn.NewMaxPool2d(3).Stride(2),
		nn.NewConv2d(c1, c2, 5).Padding(2), nn.NewReLU(), nn.NewMaxPool2d(3).Stride(2),
		nn.NewConv2d(c2, c3, 3).Padding(1), nn.NewReLU(),
		nn.NewConv2d(c3, c4, 3).Padding(1), nn.NewReLU(),
		nn.NewConv2d(c4, c5, 3).Padding(1), nn.NewReLU(), nn.NewMaxPool2d(3).Stride(2),
	)
	classifier := nn.Seq(
		nn.NewDropout(0.5), nn.NewLinear(c5*6*6, hidden), nn.NewReLU(),
		nn.NewDropout(0.5), nn.NewLinear(hidden, hidden), nn.NewReLU(),
		nn.NewLinear(hidden, numClasses),
	)
	net := nn.NewSequential(
		nn.Named{Name: "features", Layer: features},
		nn.Named{Name: "avgpool", Layer: nn.NewAdaptiveAvgPool2d(6, 6)},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "classifier", Layer: classifier},
	)
	return &models.Model{
		Name: fmt.Sprintf("alexnet-w%g", width), Title: fmt.Sprintf("AlexNet (torchvision layout, width ×%g)", width),
		Net: net, Input: []int{inChannels, 224, 224}, Embedding: "classifier.5",
	}
}
