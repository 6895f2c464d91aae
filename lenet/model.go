package lenet

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/models"
)

// init registers the package's networks with vision/models (see the package
// documentation for the names).
func init() {
	for name, build := range map[string]func(int) *models.Model{
		"lenet1":      LeNet1,
		"lenet5":      LeNet5,
		"lenet5-1998": LeNet5LeCun1998,
		"modern":      ModernLeNet,
	} {
		models.MustRegister(name, grey(build))
	}
}

// grey adapts a builder of grey 28×28 or 32×32 networks to models.Builder:
// the LeNets take one input channel and have one size.
func grey(build func(int) *models.Model) models.Builder {
	return func(o models.Options) (*models.Model, error) {
		o = o.Or(models.Options{Classes: 10, Channels: 1})
		if o.Channels != 1 {
			return nil, fmt.Errorf("lenet: %d input channels: the LeNets take 1", o.Channels)
		}
		m := build(o.Classes)
		if o.Size != 0 && o.Size != m.Input[1] {
			return nil, fmt.Errorf("lenet: %s takes %d×%d inputs, not %d×%d", m.Name, m.Input[1], m.Input[2], o.Size, o.Size)
		}
		if o.Width != 0 && o.Width != 1 {
			return nil, fmt.Errorf("lenet: %s has no width multiplier (width %g)", m.Name, o.Width)
		}
		return m, nil
	}
}
