package train

import (
	"fmt"
	"math"
)

// Scheduler changes the learning rate between epochs, as a torch.optim.lr_scheduler
// whose step() is called once at the end of every epoch. Schedulers are
// pointers to structs with exported fields: their state is saved in
// checkpoints as JSON and restored on Resume.
type Scheduler interface {
	// Name is the PyTorch class name.
	Name() string
	// Validate reports a setting out of range, naming it.
	Validate() error
	// Step is called after epoch (1-based) finished with the given stats,
	// during which the learning rate was lr; it returns the rate of the next epoch.
	Step(epoch int, lr float64, stats EpochStats) float64
}

// StepLR is torch.optim.lr_scheduler.StepLR(step_size, gamma): the rate is
// multiplied by Gamma after every StepSize epochs.
type StepLR struct {
	StepSize int     // epochs between decays (> 0)
	Gamma    float64 // factor, PyTorch's default 0.1 when 0
}

// Name implements Scheduler.
func (s *StepLR) Name() string { return "StepLR" }

// Validate implements Scheduler.
func (s *StepLR) Validate() error {
	if s.StepSize <= 0 {
		return fmt.Errorf("train: StepLR step size %d: want a positive number of epochs", s.StepSize)
	}
	if s.Gamma < 0 {
		return fmt.Errorf("train: StepLR gamma %v: want >= 0", s.Gamma)
	}
	return nil
}

// Step implements Scheduler.
func (s *StepLR) Step(epoch int, lr float64, _ EpochStats) float64 {
	gamma := s.Gamma
	if gamma == 0 {
		gamma = 0.1
	}
	if epoch%s.StepSize == 0 {
		return lr * gamma
	}
	return lr
}

// ReduceLROnPlateau is torch.optim.lr_scheduler.ReduceLROnPlateau: when the
// monitored metric has not improved for more than Patience epochs, the rate is
// multiplied by Factor (not below MinLR). Zero values take PyTorch's defaults:
// Mode "min", Factor 0.1, Patience 10 (set NoPatience for 0), Threshold 1e-4,
// ThresholdMode "rel", Eps 1e-8. Monitor is "val_loss" (default), "val_acc",
// "val_macro_f1", "train_loss" or "train_acc".
type ReduceLROnPlateau struct {
	Monitor       string
	Mode          string // "min" or "max"
	Factor        float64
	Patience      int
	NoPatience    bool // patience 0 (a zero Patience otherwise means the default 10)
	Threshold     float64
	ThresholdMode string // "rel" or "abs"
	Cooldown      int
	MinLR         float64
	Eps           float64

	// State, saved in checkpoints.
	Best            float64 `json:"best"`
	NumBadEpochs    int     `json:"num_bad_epochs"`
	CooldownCounter int     `json:"cooldown_counter"`
	Started         bool    `json:"started"`
}

// Name implements Scheduler.
func (s *ReduceLROnPlateau) Name() string { return "ReduceLROnPlateau" }

func (s *ReduceLROnPlateau) defaults() (monitor, mode string, factor float64, patience int, threshold float64, tmode string, eps float64) {
	monitor, mode, factor, patience, threshold, tmode, eps = s.Monitor, s.Mode, s.Factor, s.Patience, s.Threshold, s.ThresholdMode, s.Eps
	if monitor == "" {
		monitor = "val_loss"
	}
	if mode == "" {
		mode = "min"
	}
	if factor == 0 {
		factor = 0.1
	}
	if patience == 0 && !s.NoPatience {
		patience = 10
	}
	if threshold == 0 {
		threshold = 1e-4
	}
	if tmode == "" {
		tmode = "rel"
	}
	if eps == 0 {
		eps = 1e-8
	}
	return
}

// Validate implements Scheduler.
func (s *ReduceLROnPlateau) Validate() error {
	monitor, mode, factor, patience, _, tmode, _ := s.defaults()
	if _, err := monitorValue(monitor, EpochStats{}); err != nil {
		return err
	}
	switch {
	case mode != "min" && mode != "max":
		return fmt.Errorf("train: ReduceLROnPlateau mode %q: want \"min\" or \"max\"", mode)
	case tmode != "rel" && tmode != "abs":
		return fmt.Errorf("train: ReduceLROnPlateau threshold mode %q: want \"rel\" or \"abs\"", tmode)
	case factor >= 1 || factor < 0:
		return fmt.Errorf("train: ReduceLROnPlateau factor %v: want in [0, 1)", factor)
	case patience < 0 || s.Cooldown < 0:
		return fmt.Errorf("train: ReduceLROnPlateau patience %d, cooldown %d: want >= 0", patience, s.Cooldown)
	}
	return nil
}

func monitorValue(name string, st EpochStats) (float64, error) {
	switch name {
	case "val_loss":
		return st.ValLoss, nil
	case "val_acc":
		return st.ValAcc, nil
	case "val_macro_f1":
		return st.ValMacroF1, nil
	case "train_loss":
		return st.TrainLoss, nil
	case "train_acc":
		return st.TrainAcc, nil
	}
	return 0, fmt.Errorf("train: ReduceLROnPlateau monitors %q: want val_loss, val_acc, val_macro_f1, train_loss or train_acc", name)
}

// Step implements Scheduler with PyTorch's algorithm.
func (s *ReduceLROnPlateau) Step(_ int, lr float64, st EpochStats) float64 {
	monitor, mode, factor, patience, threshold, tmode, eps := s.defaults()
	if !s.Started {
		s.Started = true
		s.Best = math.Inf(1)
		if mode == "max" {
			s.Best = math.Inf(-1)
		}
	}
	current, _ := monitorValue(monitor, st)
	var better bool
	switch {
	case mode == "min" && tmode == "rel":
		better = current < s.Best*(1-threshold)
	case mode == "min":
		better = current < s.Best-threshold
	case tmode == "rel":
		better = current > s.Best*(1+threshold)
	default:
		better = current > s.Best+threshold
	}
	if better {
		s.Best = current
		s.NumBadEpochs = 0
	} else {
		s.NumBadEpochs++
	}
	if s.CooldownCounter > 0 {
		s.CooldownCounter--
		s.NumBadEpochs = 0
	}
	if s.NumBadEpochs > patience {
		newLR := max(lr*factor, s.MinLR)
		if lr-newLR > eps {
			lr = newLR
		}
		s.CooldownCounter = s.Cooldown
		s.NumBadEpochs = 0
	}
	return lr
}
