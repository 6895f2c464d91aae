package alexnet

import (
	"fmt"
	"math"

	"github.com/gocnn/gocnn/vision/models"
)

// init registers the package's networks with vision/models (see the package
// documentation for the names).
func init() {
	imagenet := models.Options{Classes: 1000, Channels: 3}
	models.MustRegister("alexnet", func(o models.Options) (*models.Model, error) {
		o = o.Or(models.Options{Classes: 1000, Channels: 3, Size: 224, Width: 1})
		if o.Size != 224 {
			return nil, fmt.Errorf("alexnet: size %d: AlexNet is registered for 224×224 inputs", o.Size)
		}
		if o.Width != 1 {
			return AlexNetWidth(o.Classes, o.Channels, o.Width), nil
		}
		return AlexNet(o.Classes, o.Channels), nil
	})
	for name, build := range map[string]func(int, int) *models.Model{
		"alexnet2012":      AlexNet2012,
		"alexnet2012-2gpu": AlexNet2012Grouped,
		"vgg11":            VGG11,
		"vgg16":            VGG16,
	} {
		models.MustRegister(name, fixed(build, imagenet))
	}
	models.MustRegister("fashion-alexnet", func(o models.Options) (*models.Model, error) {
		o = o.Or(models.Options{Classes: 10, Channels: 1, Size: 64, Width: 0.5})
		m := FashionAlexNetSized(o.Classes, o.Channels, o.Size, o.Width)
		if m == nil {
			return nil, fmt.Errorf("alexnet: fashion-alexnet: size %d: want at least 32", o.Size)
		}
		return m, nil
	})
}

// fixed adapts a builder of a network with one input size and no width
// multiplier to models.Builder, with defaults d.
func fixed(build func(classes, channels int) *models.Model, d models.Options) models.Builder {
	return func(o models.Options) (*models.Model, error) {
		o = o.Or(d)
		m := build(o.Classes, o.Channels)
		if o.Size != 0 && o.Size != m.Input[1] {
			return nil, fmt.Errorf("alexnet: %s takes %d×%d inputs, not %d×%d", m.Name, m.Input[1], m.Input[2], o.Size, o.Size)
		}
		if o.Width != 0 && o.Width != 1 {
			return nil, fmt.Errorf("alexnet: %s has no width multiplier (width %g)", m.Name, o.Width)
		}
		return m, nil
	}
}

// scaled multiplies a layer width by w, rounded, at least 1.
func scaled(n int, w float64) int {
	return max(1, int(math.Round(float64(n)*w)))
}
