package alexnet

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// FashionAlexNet is the AlexNet-style network that alexnet/cmd trains on
// Fashion-MNIST resized to 1×64×64 (FashionAlexNetSized(classes, channels,
// 64, 0.5)). It keeps AlexNet's design — a large strided first conv, five
// convs with ReLU, overlapping 3/2 max pooling, two dropout-regularised
// hidden linear layers — at a size the pure-Go backend trains in minutes.
func FashionAlexNet(numClasses, inChannels int) *models.Model {
	return FashionAlexNetSized(numClasses, inChannels, 64, 0.5)
}

// FashionAlexNetSized is the scaled AlexNet for inputs inChannels×size×size
// (size ≥ 32) with channel widths 64·w-192·w-256·w-256·w-192·w and 1024·w hidden
// units (w = width):
//
//	features.0 Conv2d(in, c1, 5, stride 2, padding 2) → 1 ReLU → 2 MaxPool2d(3, 2)
//	features.3 Conv2d(c1, c2, 5, padding 2)         → 4 ReLU → 5 MaxPool2d(3, 2)
//	features.6 Conv2d(c2, c3, 3, padding 1) → 7 ReLU → 8 Conv2d(c3, c4, 3, padding 1) → 9 ReLU
//	features.10 Conv2d(c4, c5, 3, padding 1) → 11 ReLU → 12 MaxPool2d(3, 2)
//	flatten → classifier: 0 Dropout(0.5) → 1 Linear → 2 ReLU → 3 Dropout(0.5) → 4 Linear → 5 ReLU → 6 Linear(classes)
//
// For 64×64 the feature maps are 32, 15, 7 and 3 pixels wide. The first conv
// is 5×5 with stride 2 instead of 11×11 with stride 4: Fashion-MNIST's
// 28-pixel images upsampled to 64 hold no detail that an 11-pixel stride-4
// filter would need. The initialisation is He's (Kaiming normal: convs
// fan_out as torchvision's VGG, linears fan_in; biases 0): with PyTorch's default
// (Kaiming uniform, a=√5) the eight-layer ReLU network's signal shrinks layer
// by layer and SGD had not moved the loss from ln 10 after 40 steps. A size
// below 32 returns nil.
func FashionAlexNetSized(numClasses, inChannels, size int, width float64) *models.Model {
	if size < 32 {
		return nil
	}
	c1, c2, c3, c4, c5 := scaled(64, width), scaled(192, width), scaled(256, width), scaled(256, width), scaled(192, width)
	hidden := scaled(1024, width)
	conv := func(in, out, k int) *nn.Conv2d { return nn.NewConv2d(in, out, k).Init(kaimingNormalFanOut, nn.Zeros) }
	features := nn.Seq(
		conv(inChannels, c1, 5).Stride(2).Padding(2), nn.NewReLU(), nn.NewMaxPool2d(3).Stride(2),
		conv(c1, c2, 5).Padding(2), nn.NewReLU(), nn.NewMaxPool2d(3).Stride(2),
		conv(c2, c3, 3).Padding(1), nn.NewReLU(),
		conv(c3, c4, 3).Padding(1), nn.NewReLU(),
		conv(c4, c5, 3).Padding(1), nn.NewReLU(), nn.NewMaxPool2d(3).Stride(2),
	)
	out, err := features.OutputShape([]int{inChannels, size, size})
	if err != nil {
		return nil
	}
	flat := out[0] * out[1] * out[2]
	linear := func(in, out int) *nn.Linear { return nn.NewLinear(in, out).Init(kaimingNormalFanIn, nn.Zeros) }
	classifier := nn.Seq(
		nn.NewDropout(0.5), linear(flat, hidden), nn.NewReLU(),
		nn.NewDropout(0.5), linear(hidden, hidden), nn.NewReLU(),
		linear(hidden, numClasses),
	)
	net := nn.NewSequential(
		nn.Named{Name: "features", Layer: features},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "classifier", Layer: classifier},
	)
	return &models.Model{
		Name: "fashion-alexnet", Title: fmt.Sprintf("AlexNet for Fashion-MNIST (%d×%d, width ×%g)", size, size, width),
		Net: net, Input: []int{inChannels, size, size}, Embedding: "classifier.5",
	}
}
