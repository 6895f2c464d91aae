package reference

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/gocnn/gocnn/internal/atomicfile"
)

// RunFile is one model's runs over several seeds with one recipe and one
// framework: what lenet/reference/cmd/seeds (Go) and
// lenet/reference/train_torch.py --json (PyTorch) write. Accuracies are in
// percent.
type RunFile struct {
	Framework string `json:"framework"` // "gomlx" or "pytorch"
	Version   string `json:"version"`   // GoMLX's or PyTorch's version
	Backend   string `json:"backend,omitempty"`
	Model     string `json:"model"`
	Dataset   string `json:"dataset"`
	Recipe    string `json:"recipe"`
	// Metric says what each run's TestAcc is, e.g. "test accuracy after the
	// last epoch".
	Metric  string    `json:"metric"`
	Command string    `json:"command"`
	CPU     string    `json:"cpu"`
	Threads int       `json:"threads,omitempty"`
	Date    string    `json:"date"` // when the first run started, UTC, RFC 3339
	Runs    []SeedRun `json:"runs"`
}

// SeedRun is one training run.
type SeedRun struct {
	Seed    int64   `json:"seed"`
	TestAcc float64 `json:"test_acc"` // the run's figure under RunFile.Metric
	// FinalTestAcc and BestTestAcc are the last epoch's and the best epoch's
	// test accuracy, when the test set was evaluated every epoch (0 otherwise).
	FinalTestAcc  float64   `json:"final_test_acc,omitempty"`
	BestTestAcc   float64   `json:"best_test_acc,omitempty"`
	EpochTestAcc  []float64 `json:"epoch_test_acc,omitempty"`
	EpochValidAcc []float64 `json:"epoch_valid_acc,omitempty"`
	Seconds       float64   `json:"seconds"` // training time (noisy on a shared machine)
}

// Accuracies returns the runs' TestAcc, in order.
func (f *RunFile) Accuracies() []float64 {
	accs := make([]float64, len(f.Runs))
	for i, r := range f.Runs {
		accs[i] = r.TestAcc
	}
	return accs
}

// WriteRunFile writes f as indented JSON to path atomically.
func WriteRunFile(path string, f *RunFile) error {
	if err := atomicfile.WriteJSON(path, f, "  "); err != nil {
		return fmt.Errorf("reference: seed runs: %w", err)
	}
	return nil
}

// ReadRunFile reads a file WriteRunFile (or train_torch.py --json) wrote; a
// file without runs is an error.
func ReadRunFile(path string) (*RunFile, error) {
	var f RunFile
	if err := atomicfile.ReadJSON(path, &f); err != nil {
		return nil, fmt.Errorf("reference: seed runs: %w", err)
	}
	if len(f.Runs) == 0 {
		return nil, fmt.Errorf("reference: %s: no runs", path)
	}
	return &f, nil
}

// ReadOptional is ReadRunFile for a reference run that may not have been
// made yet: a file that does not exist is (nil, nil), so that a table can say
// "not run"; any other problem is an error.
func ReadOptional(path string) (*RunFile, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return ReadRunFile(path)
}

// ParseSeeds parses a list of seeds such as "1-10", "1,2,3,42" or "1-3,42".
func ParseSeeds(s string) ([]int64, error) {
	var seeds []int64
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		var lo, hi int64
		if n, err := fmt.Sscanf(part, "%d-%d", &lo, &hi); err == nil && n == 2 && fmt.Sprintf("%d-%d", lo, hi) == part {
			if hi < lo {
				return nil, fmt.Errorf("seeds %q: range %q goes down", s, part)
			}
			for v := lo; v <= hi; v++ {
				seeds = append(seeds, v)
			}
			continue
		}
		var v int64
		if n, err := fmt.Sscanf(part, "%d", &v); err != nil || n != 1 || fmt.Sprint(v) != part {
			return nil, fmt.Errorf("seeds %q: %q is not a seed or a range like 1-10", s, part)
		}
		seeds = append(seeds, v)
	}
	if len(seeds) == 0 {
		return nil, errors.New("no seeds")
	}
	return seeds, nil
}

// CPUModel is the processor's model name from /proc/cpuinfo, or GOARCH
// where that is not readable.
func CPUModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}
