package fashion

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// MLPBaseline is chapter 3's (seed 002) non-convolutional baseline for
// Fashion-MNIST: flatten 1×28×28 → linear 128 → ReLU → dropout 0.2 → linear 64
// → ReLU → dropout 0.2 → linear classes. 109,386 parameters for 10 classes
// (the chapter rounds it to "~101,000").
func MLPBaseline(numClasses int) *models.Model {
	net := nn.NewSequential(
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "fc1", Layer: nn.NewLinear(28*28, 128)},
		nn.Named{Name: "relu1", Layer: nn.NewReLU()},
		nn.Named{Name: "drop1", Layer: nn.NewDropout(0.2)},
		nn.Named{Name: "fc2", Layer: nn.NewLinear(128, 64)},
		nn.Named{Name: "relu2", Layer: nn.NewReLU()},
		nn.Named{Name: "drop2", Layer: nn.NewDropout(0.2)},
		nn.Named{Name: "out", Layer: nn.NewLinear(64, numClasses)},
	)
	return &models.Model{Name: "mlp", Title: "MLP baseline", Net: net, Input: []int{1, 28, 28},
		Embedding: "drop2"}
}

// FashionCNN is chapter 3's (seed 002) convolutional network with k×k kernels
// ("same" padding k/2, so the spatial sizes go 28 → 14 → 7 whatever k is):
// two blocks of [conv 32 (64) → ReLU → BatchNorm] ×2 → max pool 2, then
// flatten → linear 128 → ReLU → dropout 0.3 → linear classes. With k = 3 it has
// 468,202 trainable parameters, 401,536 of them in the 3136→128 linear layer:
// the chapter's "~94,000" cannot be right for this architecture (see the
// chapter-3 notebook).
func FashionCNN(numClasses, k int) *models.Model {
	block := func(in, out int) []nn.Layer {
		return []nn.Layer{nn.NewConv2d(in, out, k).Padding(k / 2), nn.NewReLU(), nn.NewBatchNorm2d(out)}
	}
	var layers []nn.Layer
	layers = append(layers, block(1, 32)...)
	layers = append(layers, block(32, 32)...)
	layers = append(layers, nn.NewMaxPool2d(2))
	layers = append(layers, block(32, 64)...)
	layers = append(layers, block(64, 64)...)
	layers = append(layers, nn.NewMaxPool2d(2))
	features := nn.Seq(layers...)
	classifier := nn.Seq(nn.NewFlatten(), nn.NewLinear(64*7*7, 128), nn.NewReLU(), nn.NewDropout(0.3), nn.NewLinear(128, numClasses))
	net := nn.NewSequential(
		nn.Named{Name: "features", Layer: features},
		nn.Named{Name: "classifier", Layer: classifier},
	)
	return &models.Model{Name: fmt.Sprintf("fashion-cnn%d", k), Title: fmt.Sprintf("Fashion-MNIST CNN (%d×%d kernels)", k, k),
		Net: net, Input: []int{1, 28, 28}, Embedding: "classifier.3"}
}

// init registers the chapter's networks with vision/models: "mlp",
// "fashion-cnn" (3×3 kernels), "fashion-cnn5" and "fashion-cnn7".
func init() {
	models.MustRegister("mlp", grey28(MLPBaseline))
	for name, k := range map[string]int{"fashion-cnn": 3, "fashion-cnn5": 5, "fashion-cnn7": 7} {
		models.MustRegister(name, grey28(func(classes int) *models.Model { return FashionCNN(classes, k) }))
	}
}

// grey28 adapts a builder of 1×28×28 networks to models.Builder.
func grey28(build func(int) *models.Model) models.Builder {
	return func(o models.Options) (*models.Model, error) {
		o = o.Or(models.Options{Classes: 10, Channels: 1, Size: 28, Width: 1})
		if o.Channels != 1 || o.Size != 28 || o.Width != 1 {
			return nil, fmt.Errorf("fashion: options %+v: the chapter-3 networks take 1×28×28 images and have no width multiplier", o)
		}
		return build(o.Classes), nil
	}
}
