package lenet

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gocnn/gocnn/vision/nn"
)

// Model is a LeNet network with what the commands and notebooks need to use it.
type Model struct {
	// Name is the registry name: "lenet1", "lenet5", "lenet5-1998", "modern",
	// or chapter 3's "mlp" and "fashion-cnn" (3×3 kernels; FashionCNN builds
	// the 5×5 and 7×7 variants).
	Name string
	// Title is the human name, e.g. "LeNet-5 (classic)".
	Title string
	// Net is the network. It takes channels-last images [B,H,W,C] and returns logits [B,10].
	Net *nn.Sequential
	// Input is the input shape in PyTorch order without batch: [C, H, W].
	Input []int
	// Embedding is the dotted path of the layer whose output is the penultimate
	// feature vector (see nn.Sequential.ForwardTaps).
	Embedding string
	// Recipe is the chapter's training recipe for this model.
	Recipe Recipe
}

// Builder makes a model for a number of classes.
type Builder func(numClasses int) *Model

var registry = map[string]Builder{
	"lenet1":      LeNet1,
	"lenet5":      LeNet5,
	"lenet5-1998": LeNet5LeCun1998,
	"modern":      ModernLeNet,
	"mlp":         MLPBaseline,
	"fashion-cnn": func(n int) *Model { return FashionCNN(n, 3) },
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

// NumParams is the number of trainable parameters of the model.
func (m *Model) NumParams() int64 {
	n, err := nn.TotalParams(m.Net, m.Input)
	if err != nil {
		panic(fmt.Sprintf("lenet: %s: %v", m.Name, err)) // the builders make valid models
	}
	return n
}
