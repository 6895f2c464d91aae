package experiment

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gocnn/gocnn/vision/train"
)

// Optimizer returns the named optimiser with PyTorch's semantics: "sgd"
// (momentum, weight decay added to the gradient), "adam" (L2 weight decay) or
// "adamw" (decoupled weight decay).
func Optimizer(name string, lr, momentum, weightDecay float64) (train.Optimizer, error) {
	if !(lr > 0) {
		return nil, fmt.Errorf("learning rate %g: want a positive number", lr)
	}
	if momentum < 0 || weightDecay < 0 {
		return nil, fmt.Errorf("momentum %g, weight decay %g: want non-negative numbers", momentum, weightDecay)
	}
	switch strings.ToLower(name) {
	case "sgd":
		return train.SGD{LR: lr, Momentum: momentum, WeightDecay: weightDecay}, nil
	case "adam":
		return train.Adam{LR: lr, WeightDecay: weightDecay}, nil
	case "adamw":
		return train.Adam{LR: lr, WeightDecay: weightDecay, Decoupled: true}, nil
	}
	return nil, fmt.Errorf("unknown optimizer %q: want sgd, adam or adamw", name)
}

// Schedule parses a learning-rate schedule: "" or "none" (constant),
// "step:S:G" (StepLR every S epochs by G) or "plateau:F:P"
// (ReduceLROnPlateau on the validation loss with factor F and patience P).
func Schedule(spec string) (train.Scheduler, error) {
	if spec == "" || spec == "none" {
		return nil, nil
	}
	parts := strings.Split(spec, ":")
	bad := fmt.Errorf("schedule %q: want none, step:SIZE:GAMMA or plateau:FACTOR:PATIENCE", spec)
	if len(parts) != 3 {
		return nil, bad
	}
	a, err1 := strconv.ParseFloat(parts[1], 64)
	b, err2 := strconv.ParseFloat(parts[2], 64)
	if err1 != nil || err2 != nil {
		return nil, bad
	}
	var s train.Scheduler
	switch parts[0] {
	case "step":
		if a != float64(int(a)) || a < 1 {
			return nil, fmt.Errorf("schedule %q: step size %v: want a positive whole number of epochs", spec, parts[1])
		}
		s = &train.StepLR{StepSize: int(a), Gamma: b}
	case "plateau":
		if b != float64(int(b)) || b < 0 {
			return nil, fmt.Errorf("schedule %q: patience %v: want a whole number of epochs", spec, parts[2])
		}
		s = &train.ReduceLROnPlateau{Factor: a, Patience: int(b), NoPatience: b == 0}
	default:
		return nil, bad
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("schedule %q: %w", spec, err)
	}
	return s, nil
}
