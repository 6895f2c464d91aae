package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/lenet/reference"
)

// TestQuickSeeds trains the modern LeNet for one epoch on 512 images with two
// seeds on the Go backend and checks the results file: two runs, in order,
// each with its one epoch's test accuracy as the figure (metric "final"), an
// accuracy in percent above chance (10%) for 512 MNIST images.
func TestQuickSeeds(t *testing.T) {
	if _, err := datasets.Locate(datasets.MNIST, datasets.Options{}); err != nil {
		if os.Getenv("GOCNN_REQUIRE_DATA") == "1" {
			t.Fatalf("MNIST not found: %v", err)
		}
		t.Skipf("MNIST not found: %v", err)
	}
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

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-seeds", "3-1"},
		{"-model", "lenet7"},
		{"-metric", "median"},
		{"-model", "modern", "-metric", "best_valid"},
		{"-model", "mlp", "-metric", "final"},
		{"extra"},
	} {
		var out bytes.Buffer
		err := run(args, &out, &out)
		if _, ok := err.(usageError); !ok {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}
}
