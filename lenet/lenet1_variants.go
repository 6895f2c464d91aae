package lenet

import (
	"fmt"
	"strings"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// LeNet1Options are the architectural changes of chapter 4's exercises
// (seed 003) to LeNet-1. The zero value is LeNet-1 itself.
type LeNet1Options struct {
	// Activation after each convolution: "tanh" (or "", LeNet-1's), "relu"
	// or "sigmoid".
	Activation string
	// Pool is the subsampling of H2 and H4: "avg" (or "", LeNet-1's) or
	// "max", both 2×2 with stride 2.
	Pool string
	// ExtraConv adds a third convolution "H3b", 12@3×3 with padding 1, and its
	// activation after H3: the maps stay 12@8×8, so the output layer is
	// unchanged; it adds 12·(12·9+1) = 1,308 parameters.
	ExtraConv bool
}

// String describes the options in a few words, e.g. "relu, max pool, +conv".
func (o LeNet1Options) String() string {
	act, pool := o.Activation, o.Pool
	if act == "" {
		act = "tanh"
	}
	if pool == "" {
		pool = "avg"
	}
	s := act + ", " + pool + " pool"
	if o.ExtraConv {
		s += ", +conv"
	}
	return s
}

// Suffix is the part of the model name that says what changed from LeNet-1,
// e.g. "-relu-max-conv3"; "" for LeNet-1's own options.
func (o LeNet1Options) Suffix() string {
	var s strings.Builder
	if o.Activation != "" && o.Activation != "tanh" {
		s.WriteString("-" + o.Activation)
	}
	if o.Pool != "" && o.Pool != "avg" {
		s.WriteString("-" + o.Pool)
	}
	if o.ExtraConv {
		s.WriteString("-conv3")
	}
	return s.String()
}

// activationLayer returns the activation named by opts.Activation.
func (o LeNet1Options) activationLayer() (nn.Layer, error) {
	switch o.Activation {
	case "", "tanh":
		return nn.NewTanh(), nil
	case "relu":
		return nn.NewReLU(), nil
	case "sigmoid":
		return nn.NewSigmoid(), nil
	}
	return nil, fmt.Errorf("lenet: LeNet-1 variant activation %q: want tanh, relu or sigmoid", o.Activation)
}

// poolLayer returns the 2×2 pooling named by opts.Pool.
func (o LeNet1Options) poolLayer() (nn.Layer, error) {
	switch o.Pool {
	case "", "avg":
		return nn.NewAvgPool2d(2), nil
	case "max":
		return nn.NewMaxPool2d(2), nil
	}
	return nil, fmt.Errorf("lenet: LeNet-1 variant pool %q: want avg or max", o.Pool)
}

// LeNet1Variant is LeNet-1 (see LeNet1) changed as opts says, for chapter 4's
// exercises: another activation, max instead of average pooling, or one more
// convolution. The layers keep LeNet-1's names (H1, tanh1, H2, H3, tanh3, H4,
// flatten, Output; the activations keep their "tanh" names whatever the
// function, so that state-dict keys do not depend on it), the weights keep its
// Xavier-uniform initialisation and zero biases, and the model its recipe.
// With the zero options it builds the same network as LeNet1.
//
// Parameters for 10 classes: 3,246 whatever the activation and pooling
// (neither has parameters), 4,554 with ExtraConv. An unknown activation or
// pool, or fewer than 2 classes, is an error.
func LeNet1Variant(numClasses int, opts LeNet1Options) (*models.Model, error) {
	if numClasses < 2 {
		return nil, fmt.Errorf("lenet: LeNet-1 variant with %d classes: want at least 2", numClasses)
	}
	// Check the options once, then build fresh layers for each position.
	if _, err := opts.activationLayer(); err != nil {
		return nil, err
	}
	if _, err := opts.poolLayer(); err != nil {
		return nil, err
	}
	act := func() nn.Layer { l, _ := opts.activationLayer(); return l }
	pool := func() nn.Layer { l, _ := opts.poolLayer(); return l }
	xavier := func(c *nn.Conv2d) *nn.Conv2d { return c.Init(nn.XavierUniform, nn.Zeros) }

	children := []nn.Named{
		{Name: "H1", Layer: xavier(nn.NewConv2d(1, 4, 5))},
		{Name: "tanh1", Layer: act()},
		{Name: "H2", Layer: pool()},
		{Name: "H3", Layer: xavier(nn.NewConv2d(4, 12, 5))},
		{Name: "tanh3", Layer: act()},
	}
	if opts.ExtraConv {
		children = append(children,
			nn.Named{Name: "H3b", Layer: xavier(nn.NewConv2d(12, 12, 3).Padding(1))},
			nn.Named{Name: "tanh3b", Layer: act()},
		)
	}
	children = append(children,
		nn.Named{Name: "H4", Layer: pool()},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "Output", Layer: nn.NewLinear(12*4*4, numClasses).Init(nn.XavierUniform, nn.Zeros)},
	)
	title := "LeNet-1"
	if suffix := opts.Suffix(); suffix != "" {
		title += " (" + opts.String() + ")"
	}
	return &models.Model{
		Name: "lenet1" + opts.Suffix(), Title: title, Net: nn.NewSequential(children...),
		Input: []int{1, 28, 28}, Embedding: "flatten",
	}, nil
}
