package lenet

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gocnn/gocnn/vision/experiment"
)

// Model is a LeNet with its recipe (see experiment.Model). Its Name is the
// registry name: "lenet1", "lenet5", "lenet5-1998", "modern", or chapter 3's
// "mlp" and "fashion-cnn" (3×3 kernels), "fashion-cnn5" and "fashion-cnn7"
// (FashionCNN's 5×5 and 7×7 variants).
type Model = experiment.Model

// Builder makes a model for a number of classes.
type Builder func(numClasses int) *Model

var registry = map[string]Builder{
	"lenet1":       LeNet1,
	"lenet5":       LeNet5,
	"lenet5-1998":  LeNet5LeCun1998,
	"modern":       ModernLeNet,
	"mlp":          MLPBaseline,
	"fashion-cnn":  func(n int) *Model { return FashionCNN(n, 3) },
	"fashion-cnn5": func(n int) *Model { return FashionCNN(n, 5) },
	"fashion-cnn7": func(n int) *Model { return FashionCNN(n, 7) },
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

// New returns the named model for numClasses classes; an unknown name is an
// error that lists the known ones.
func New(name string, numClasses int) (*Model, error) {
	b, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("lenet: unknown model %q: want one of %s", name, strings.Join(Names(), ", "))
	}
	if numClasses < 2 {
		return nil, fmt.Errorf("lenet: %d classes: want at least 2", numClasses)
	}
	return b(numClasses), nil
}
