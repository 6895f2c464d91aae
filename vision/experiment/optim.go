package experiment

import (
	"fmt"
	"strconv"

	"github.com/gocnn/gocnn/vision/train"
)

// The optimisers a Recipe can name (OptimizerSpec.Name), with PyTorch's
// semantics.
const (
	SGD   = "sgd"   // momentum, weight decay added to the gradient
	Adam  = "adam"  // L2 weight decay
	AdamW = "adamw" // decoupled weight decay
)

// OptimizerSpec is a recipe's optimiser as data (it is saved in run.json):
// which one and its hyperparameters. Build makes the train.Optimizer.
type OptimizerSpec struct {
	Name        string  `json:"name"` // SGD, Adam or AdamW
	LR          float64 `json:"lr"`
	Momentum    float64 `json:"momentum,omitempty"` // SGD only
	WeightDecay float64 `json:"weight_decay,omitempty"`
}

// Build returns the optimiser; a bad name or hyperparameter is an error.
func (o OptimizerSpec) Build() (train.Optimizer, error) {
	if !(o.LR > 0) {
		return nil, fmt.Errorf("learning rate %g: want a positive number", o.LR)
	}
	if o.Momentum < 0 || o.WeightDecay < 0 {
		return nil, fmt.Errorf("momentum %g, weight decay %g: want non-negative numbers", o.Momentum, o.WeightDecay)
	}
	switch o.Name {
	case SGD:
		return train.SGD{LR: o.LR, Momentum: o.Momentum, WeightDecay: o.WeightDecay}, nil
	case Adam:
		return train.Adam{LR: o.LR, WeightDecay: o.WeightDecay}, nil
	case AdamW:
		return train.Adam{LR: o.LR, WeightDecay: o.WeightDecay, Decoupled: true}, nil
	}
	return nil, fmt.Errorf("unknown optimizer %q: want sgd, adam or adamw", o.Name)
}

// String describes the optimiser, e.g. "sgd lr 0.01 momentum 0.9 wd 0.0005".
func (o OptimizerSpec) String() string {
	s := fmt.Sprintf("%s lr %g", o.Name, o.LR)
	if o.Momentum > 0 {
		s += fmt.Sprintf(" momentum %g", o.Momentum)
	}
	if o.WeightDecay > 0 {
		s += fmt.Sprintf(" wd %g", o.WeightDecay)
	}
	return s
}

// The schedules a Recipe can name (ScheduleSpec.Kind).
const (
	StepLR  = "step"    // StepLR: the rate times Gamma every StepSize epochs
	Plateau = "plateau" // ReduceLROnPlateau on the validation loss: times Factor after Patience epochs without progress
)

// ScheduleSpec is a recipe's learning-rate schedule as data (it is saved in
// run.json). The zero value keeps the rate constant. Build makes the
// train.Scheduler.
type ScheduleSpec struct {
	Kind     string  `json:"kind,omitempty"` // "", StepLR or Plateau
	StepSize int     `json:"step_size,omitempty"`
	Gamma    float64 `json:"gamma,omitempty"`
	Factor   float64 `json:"factor,omitempty"`
	Patience int     `json:"patience,omitempty"`
}

// Build returns the scheduler (nil for a constant rate); a bad kind or
// setting is an error.
func (s ScheduleSpec) Build() (train.Scheduler, error) {
	var sc train.Scheduler
	switch s.Kind {
	case "":
		return nil, nil
	case StepLR:
		sc = &train.StepLR{StepSize: s.StepSize, Gamma: s.Gamma}
	case Plateau:
		if s.Patience < 0 {
			return nil, fmt.Errorf("schedule %s: patience %d: want a whole number of epochs", s, s.Patience)
		}
		sc = &train.ReduceLROnPlateau{Factor: s.Factor, Patience: s.Patience, NoPatience: s.Patience == 0}
	default:
		return nil, fmt.Errorf("schedule kind %q: want %q, %q or none", s.Kind, StepLR, Plateau)
	}
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("schedule %s: %w", s, err)
	}
	return sc, nil
}

// String is the schedule as the CLI's -schedule flag writes it:
// "step:SIZE:GAMMA", "plateau:FACTOR:PATIENCE" or "" (constant).
func (s ScheduleSpec) String() string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	switch s.Kind {
	case StepLR:
		return fmt.Sprintf("step:%d:%s", s.StepSize, g(s.Gamma))
	case Plateau:
		return fmt.Sprintf("plateau:%s:%d", g(s.Factor), s.Patience)
	}
	return s.Kind
}
