package train

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gocnn/gocnn/internal/atomicfile"
)

// EvalStats are the results of one evaluation pass over a data set.
type EvalStats struct {
	Name    string  `json:"name"`
	Loss    float64 `json:"loss"`     // mean cross-entropy per sample
	Acc     float64 `json:"acc"`      // fraction correct, in [0, 1]
	MacroF1 float64 `json:"macro_f1"` // sklearn f1_score(average="macro", zero_division=0)
}

// EpochStats is one row of the History.
type EpochStats struct {
	Epoch      int         `json:"epoch"`      // 1-based
	TrainLoss  float64     `json:"train_loss"` // mean per-sample loss over the epoch, in training mode
	TrainAcc   float64     `json:"train_acc"`
	ValLoss    float64     `json:"val_loss"` // first evaluation set (0 without one)
	ValAcc     float64     `json:"val_acc"`
	ValMacroF1 float64     `json:"val_macro_f1"`
	Evals      []EvalStats `json:"evals,omitempty"` // every evaluation set, the first one included
	LR         float64     `json:"lr"`              // learning rate used during the epoch
	TrainSecs  float64     `json:"train_seconds"`   // training part only
	Seconds    float64     `json:"seconds"`         // training plus evaluation
	ImagesPerS float64     `json:"images_per_sec"`  // training throughput
	Best       bool        `json:"best"`            // best validation accuracy so far
}

// StepRecord is the loss of one training step and how long it took.
type StepRecord struct {
	Step  int64   `json:"step"` // global step, 1-based
	Epoch int     `json:"epoch"`
	Loss  float64 `json:"loss"` // mean loss of the batch
	Acc   float64 `json:"acc"`  // batch accuracy
	// Seconds is the step's wall time: building the batch tensors, running
	// the compiled train graph (forward, backward, update; the first step of
	// a new batch shape also compiles it) and reading loss and accuracy back.
	// It excludes the loader and the progress output. bench/ takes its
	// training-step medians from it.
	Seconds float64 `json:"seconds,omitempty"`
}

// StepEval is an evaluation made every Config.EvalEverySteps steps.
type StepEval struct {
	Step  int64   `json:"step"`
	Epoch int     `json:"epoch"`
	Loss  float64 `json:"loss"`
	Acc   float64 `json:"acc"`
}

// History is what Fit records. It is saved as JSON and CSV in Config.Dir.
type History struct {
	Epochs     []EpochStats `json:"epochs"`
	Steps      []StepRecord `json:"steps,omitempty"`
	StepEvals  []StepEval   `json:"step_evals,omitempty"`
	BestEpoch  int          `json:"best_epoch"` // 0 when there is no evaluation set
	BestValAcc float64      `json:"best_val_acc"`
}

// WriteJSON writes the history to path atomically (temp file + rename).
func (h *History) WriteJSON(path string) error {
	if err := atomicfile.WriteJSON(path, h, " "); err != nil {
		return fmt.Errorf("train: history: %w", err)
	}
	return nil
}

// ReadHistory reads a history written by WriteJSON.
func ReadHistory(path string) (*History, error) {
	var h History
	if err := atomicfile.ReadJSON(path, &h); err != nil {
		return nil, fmt.Errorf("train: reading history: %w", err)
	}
	return &h, nil
}

// CSV returns one line per epoch with columns epoch, train_loss, train_acc,
// val_loss, val_acc, val_macro_f1, lr, seconds, images_per_sec, then
// <name>_loss, <name>_acc, <name>_macro_f1 for every further evaluation set.
func (h *History) CSV() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"epoch", "train_loss", "train_acc", "val_loss", "val_acc", "val_macro_f1", "lr", "seconds", "images_per_sec"}
	if len(h.Epochs) > 0 {
		for _, e := range h.Epochs[0].Evals[min(1, len(h.Epochs[0].Evals)):] {
			header = append(header, e.Name+"_loss", e.Name+"_acc", e.Name+"_macro_f1")
		}
	}
	_ = w.Write(header)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, e := range h.Epochs {
		row := []string{strconv.Itoa(e.Epoch), f(e.TrainLoss), f(e.TrainAcc), f(e.ValLoss), f(e.ValAcc), f(e.ValMacroF1),
			f(e.LR), f(e.Seconds), f(e.ImagesPerS)}
		for _, ev := range e.Evals[min(1, len(e.Evals)):] {
			row = append(row, f(ev.Loss), f(ev.Acc), f(ev.MacroF1))
		}
		_ = w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

// StepsCSV returns one line per training step: step, epoch, loss, acc.
func (h *History) StepsCSV() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"step", "epoch", "loss", "acc"})
	for _, s := range h.Steps {
		_ = w.Write([]string{strconv.FormatInt(s.Step, 10), strconv.Itoa(s.Epoch),
			strconv.FormatFloat(s.Loss, 'g', -1, 64), strconv.FormatFloat(s.Acc, 'g', -1, 64)})
	}
	w.Flush()
	return buf.Bytes()
}

// WriteCSV writes CSV() to path atomically.
func (h *History) WriteCSV(path string) error { return atomicfile.WriteFile(path, h.CSV()) }

// Save writes history.json, history.csv and steps.csv into dir.
func (h *History) Save(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("train: creating output folder: %w", err)
	}
	if err := h.WriteJSON(filepath.Join(dir, "history.json")); err != nil {
		return err
	}
	if err := h.WriteCSV(filepath.Join(dir, "history.csv")); err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, "steps.csv"), h.StepsCSV())
}
