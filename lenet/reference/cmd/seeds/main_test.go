package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil/datatest"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/cli/clitest"
	"github.com/gocnn/gocnn/lenet/reference"
)

// TestQuickSeeds trains the modern LeNet for one epoch on 512 images with two
// seeds on the Go backend and checks the results file: two runs, in order,
// each with its one epoch's test accuracy as the figure (metric "final"), an
// accuracy in percent above chance (10%) for 512 MNIST images.
func TestQuickSeeds(t *testing.T) {
	datatest.Need(t, datasets.MNIST)
	dir := t.TempDir()
	path := filepath.Join(dir, "go.json")
	var out bytes.Buffer
	err := run([]string{"-model", "modern", "-seeds", "1,2", "-epochs", "1", "-limit", "512", "-backend", "go",
		"-out", dir, "-json", path}, &out, &out)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	f, err := reference.ReadRunFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Framework != "gomlx" || f.Model != "modern" || f.Metric != reference.Metrics["final"] || len(f.Runs) != 2 {
		t.Fatalf("results %+v: want 2 gomlx runs of modern with the final metric", f)
	}
	for i, r := range f.Runs {
		if r.Seed != int64(i+1) || len(r.EpochTestAcc) != 1 || r.TestAcc != r.EpochTestAcc[0] || r.TestAcc <= 10 || r.TestAcc > 100 {
			t.Errorf("run %d: %+v; want seed %d, one epoch, test acc in (10, 100]%%", i, r, i+1)
		}
	}
	if !strings.Contains(out.String(), "2 seeds, test acc") {
		t.Errorf("output has no summary line:\n%s", out.String())
	}
}

// Bad flags are usage errors that name the flag; a metric the recipe does
// not allow says so.
func TestUsageErrors(t *testing.T) {
	clitest.UsageErrors(t, run, []clitest.Case{
		{Args: []string{"-seeds", "3-1"}, Want: "-seeds"},
		{Args: []string{"-model", "lenet7"}, Want: "-model"},
		{Args: []string{"-metric", "median"}, Want: `-metric "median"`},
		{Args: []string{"-model", "modern", "-metric", "best_valid"}, Want: "-metric best_valid: modern's recipe has no"},
		{Args: []string{"-model", "mlp", "-metric", "final"}, Want: "-metric final: mlp's recipe holds out"},
		{Args: []string{"extra"}, Want: "unexpected argument"},
	})
}
