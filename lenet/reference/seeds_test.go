package reference

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil/datatest"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/vision/backend"
)

// Seeds 1, 2, 1 of the modern LeNet on 512 MNIST images for one epoch on the
// Go backend: three runs in order, seed 1's accuracy the same both times (the
// Go backend is deterministic), each above chance (10%), the file written.
func TestSeeds(t *testing.T) {
	datatest.Need(t, datasets.MNIST)
	b, _, err := backend.Select("go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var out bytes.Buffer
	rf, err := Seeds(b, SeedsConfig{Model: "modern", Seeds: []int64{1, 2, 1}, Epochs: 1, Limit: 512,
		OutDir: dir, JSON: filepath.Join(dir, "go.json"), Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	if len(rf.Runs) != 3 || rf.Metric != Metrics["final"] || rf.Model != "modern" {
		t.Fatalf("%+v: want 3 runs of modern with the final metric", rf)
	}
	for i, r := range rf.Runs {
		if r.TestAcc <= 10 || r.TestAcc > 100 || len(r.EpochTestAcc) != 1 {
			t.Errorf("run %d: %+v: want one epoch and a test accuracy in (10, 100]%%", i, r)
		}
	}
	if rf.Runs[0].TestAcc != rf.Runs[2].TestAcc {
		t.Errorf("seed 1 twice: %.4f%% then %.4f%%; want the same", rf.Runs[0].TestAcc, rf.Runs[2].TestAcc)
	}
	saved, err := ReadRunFile(filepath.Join(dir, "go.json"))
	if err != nil || len(saved.Runs) != 3 {
		t.Errorf("the results file: %v, err %v; want 3 runs", saved, err)
	}
	if !strings.Contains(out.String(), "3 seeds, test acc") {
		t.Errorf("no summary line in\n%s", out.String())
	}
}

// LeNet-1's recipe holds out 5,000 of the 60,000 training images; under a
// limit of 600 images Seeds holds out the same share, 50 (as the command's
// -limit does), instead of failing for want of images, and takes the test
// accuracy of the best validation epoch.
func TestSeedsLimitScalesValidation(t *testing.T) {
	datatest.Need(t, datasets.MNIST)
	b, _, err := backend.Select("go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rf, err := Seeds(b, SeedsConfig{Model: "lenet1", Seeds: []int64{1}, Epochs: 1, Limit: 600, OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rf.Runs) != 1 || rf.Metric != Metrics["best_valid"] || rf.Runs[0].TestAcc <= 0 {
		t.Fatalf("%+v: want one lenet1 run with the best_valid metric", rf)
	}
	if !strings.Contains(rf.Recipe, "50 held out") {
		t.Errorf("recipe %q: want 50 images held out for validation", rf.Recipe)
	}
}

// A bad model, metric or option is an error before any training.
func TestSeedsErrors(t *testing.T) {
	for name, cfg := range map[string]SeedsConfig{
		"unknown model":        {Model: "lenet9", Seeds: []int64{1}},
		"no seeds":             {Model: "modern"},
		"unknown metric":       {Model: "modern", Seeds: []int64{1}, Metric: "median"},
		"best_valid, no split": {Model: "modern", Seeds: []int64{1}, Metric: "best_valid"},
		"final with a split":   {Model: "lenet1", Seeds: []int64{1}, Metric: "final"},
		"negative limit":       {Model: "modern", Seeds: []int64{1}, Limit: -1},
	} {
		if _, err := Seeds(nil, cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
