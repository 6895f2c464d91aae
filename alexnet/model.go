package alexnet

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gocnn/gocnn/vision/experiment"
)

// Model is a network of this package (see experiment.Model). Its Name is the
// registry name, e.g. "alexnet" or "vgg16".
type Model = experiment.Model

// Builder makes a model for a number of classes and of input channels.
type Builder func(numClasses, inChannels int) *Model

var registry = map[string]Builder{
	"alexnet":          AlexNet,
	"alexnet2012":      AlexNet2012,
	"alexnet2012-2gpu": AlexNet2012Grouped,
	"fashion-alexnet":  FashionAlexNet,
	"vgg11":            VGG11,
	"vgg16":            VGG16,
}

// Names lists the registered model names, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns the named model for numClasses classes and inChannels input
// channels; an unknown name or a bad count is an error.
func New(name string, numClasses, inChannels int) (*Model, error) {
	b, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("alexnet: unknown model %q: want one of %s", name, strings.Join(Names(), ", "))
	}
	if numClasses < 2 {
		return nil, fmt.Errorf("alexnet: %d classes: want at least 2", numClasses)
	}
	if inChannels < 1 {
		return nil, fmt.Errorf("alexnet: %d input channels: want at least 1", inChannels)
	}
	return b(numClasses, inChannels), nil
}

// scaled multiplies a layer width by w, rounded, at least 1.
func scaled(n int, w float64) int {
	return max(1, int(math.Round(float64(n)*w)))
}
