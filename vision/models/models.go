package models

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gocnn/gocnn/vision/nn"
)

// Model is a network with what the commands and notebooks need to use it.
type Model struct {
	// Name is the registry name, e.g. "lenet5" or "alexnet".
	Name string
	// Title is the human name, e.g. "LeNet-5 (classic)".
	Title string
	// Net is the network. It takes channels-last images [B,H,W,C] and returns
	// logits [B,classes].
	Net *nn.Sequential
	// Input is the input shape in PyTorch order without batch: [C, H, W].
	Input []int
	// Embedding is the dotted path of the layer whose output is the penultimate
	// feature vector (see nn.Sequential.ForwardTaps).
	Embedding string
}

// NumParams is the number of trainable parameters of the model. The
// registered builders make valid networks; NumParams panics on a network that
// does not accept its own Input (a programming error).
func (m *Model) NumParams() int64 {
	n, err := nn.TotalParams(m.Net, m.Input)
	if err != nil {
		panic(fmt.Sprintf("models: %s: %v", m.Name, err))
	}
	return n
}

// MultAdds is the number of multiply-adds of one forward pass of one input,
// counted as torchinfo counts them; it panics as NumParams does.
func (m *Model) MultAdds() int64 {
	n, err := nn.TotalMultAdds(m.Net, m.Input)
	if err != nil {
		panic(fmt.Sprintf("models: %s: %v", m.Name, err))
	}
	return n
}

// Options parameterise a builder. A zero field means the model's default
// (see Or): the LeNets default to 10 classes, torchvision's networks to
// ImageNet's 1,000 classes and 3 channels.
type Options struct {
	// Classes is the number of outputs.
	Classes int
	// Channels is the number of input channels (1 for grey images, 3 for RGB).
	Channels int
	// Size is the input height and width, for the models that accept several.
	Size int
	// Width multiplies the layer widths, for the models that can be scaled.
	Width float64
}

// Or returns o with its zero fields taken from d, a model's defaults.
func (o Options) Or(d Options) Options {
	if o.Classes == 0 {
		o.Classes = d.Classes
	}
	if o.Channels == 0 {
		o.Channels = d.Channels
	}
	if o.Size == 0 {
		o.Size = d.Size
	}
	if o.Width == 0 {
		o.Width = d.Width
	}
	return o
}

// Builder makes a model from options. It returns an error for options the
// model cannot take (e.g. a size too small for its layers).
type Builder func(Options) (*Model, error)

var (
	mu       sync.RWMutex
	registry = map[string]Builder{}
)

// Register adds a builder under name. Registering a name twice, an empty
// name or a nil builder is an error.
func Register(name string, b Builder) error {
	if name == "" || b == nil {
		return fmt.Errorf("models: Register(%q): want a name and a builder", name)
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[name]; dup {
		return fmt.Errorf("models: Register(%q): name already registered", name)
	}
	registry[name] = b
	return nil
}

// MustRegister is Register for package initialisation: it panics on a
// programming error (a duplicate name).
func MustRegister(name string, b Builder) {
	if err := Register(name, b); err != nil {
		panic(err)
	}
}

// Names lists the registered model names, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// New builds the named model. An unknown name is an error that lists the
// registered ones; fewer than 2 classes or a negative option is an error.
func New(name string, o Options) (*Model, error) {
	mu.RLock()
	b, ok := registry[name]
	mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("models: unknown model %q: want one of %s", name, strings.Join(Names(), ", "))
	}
	if o.Classes != 0 && o.Classes < 2 {
		return nil, fmt.Errorf("models: %s: %d classes: want at least 2", name, o.Classes)
	}
	if o.Channels < 0 || o.Size < 0 || o.Width < 0 {
		return nil, fmt.Errorf("models: %s: options %+v: want no negative value", name, o)
	}
	m, err := b(o)
	if err != nil {
		return nil, fmt.Errorf("models: %s: %w", name, err)
	}
	return m, nil
}
