package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/cli"
)

// run.json records the resolved run; -resume DIR alone rebuilds it (here a
// LeNet-1 run, which the default flags would not), a conflicting flag is a
// usage error naming both values, and -epochs extends the run and is
// recorded.
func TestResumeRestoresRecordedRun(t *testing.T) {
	needMNIST(t)
	dir := filepath.Join(t.TempDir(), "run")
	var out bytes.Buffer
	if err := run([]string{"-model", "lenet1", "-limit", "512", "-epochs", "1", "-tsne", "0", "-progress", "off", "-out", dir}, &out, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	rec, err := readRecord(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Model != "lenet1" || rec.Recipe.Optimizer.Name != "adam" || rec.Recipe.Validation != 43 || rec.Limit != 512 ||
		rec.Flags["lr"] != "0.001" || rec.Backend == "" || len(rec.Data.Files) != 4 || len(rec.Data.Files[0].SHA256) != 64 {
		t.Errorf("run.json: %+v: want lenet1, adam, 43 validation images (5000 × 512/60000), limit 512, lr 0.001, the backend, 4 data files with SHA-256", rec)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-model", "lenet5"}, "-model lenet5 conflicts with the run in " + dir + ", recorded with -model lenet1"},
		{[]string{"-lr", "0.01"}, "-lr 0.01 conflicts with the run in " + dir + ", recorded with -lr 0.001"},
		{[]string{"-limit", "1024"}, "recorded with -limit 512"},
		{[]string{"-epochs", "1", "-dataset", "fashion"}, "recorded with -dataset mnist"},
	} {
		err := run(append([]string{"-resume", dir}, tc.args...), &out, &out)
		var ue cli.UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("-resume with %v: %v, want a usage error saying %q", tc.args, err, tc.want)
		}
	}
	// Flags equal to the recorded values are accepted; -epochs extends.
	out.Reset()
	if err := run([]string{"-resume", dir, "-model", "lenet1", "-lr", "0.001", "-epochs", "2", "-progress", "off"}, &out, &out); err != nil {
		t.Fatalf("-resume -epochs 2: %v\n%s", err, out.String())
	}
	for _, want := range []string{"extending the run from 1 to 2 epochs", "LeNet-1", "==> lenet1-mnist | epoch 2/2", "43 validation"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("resumed output lacks %q:\n%s", want, out.String())
		}
	}
	if rec, err = readRecord(dir); err != nil || rec.Recipe.Epochs != 2 || len(rec.Extended) != 1 {
		t.Errorf("run.json after extending: %+v, %v: want 2 epochs and one extension recorded", rec, err)
	}
	// A new run into the folder is refused: it holds a run.
	err = run([]string{"-limit", "512", "-out", dir}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "already holds a run") {
		t.Errorf("a new run into %s: %v, want a refusal", dir, err)
	}
}

// The -schedule flag's syntax is parsed in one place, into the recipe's
// typed schedule, and written back the same way.
func TestParseSchedule(t *testing.T) {
	for _, spec := range []string{"cosine", "step:0:0.5", "step:2.5:0.5", "plateau:0.1:-1", "step:5"} {
		if _, err := parseSchedule(spec); err == nil {
			t.Errorf("parseSchedule(%q): want an error", spec)
		}
	}
	for _, spec := range []string{"step:5:0.5", "plateau:0.1:10", ""} {
		s, err := parseSchedule(spec)
		if err != nil || s.String() != spec {
			t.Errorf("parseSchedule(%q) = %+v, %v; String %q", spec, s, err, s.String())
		}
	}
}
