package sweep

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/lenet"
	"github.com/gocnn/gocnn/lenet/recipes"
	"github.com/gocnn/gocnn/vision/experiment"
)

var sweepFixture = []experiment.RunRecord{
	{Label: "baseline", Group: "baseline", Title: "LeNet-1", Params: 3246, BestValAcc: 0.9, TestAcc: 0.9125, TrainSeconds: 20},
	{Label: "relu", Group: "activation", Title: "LeNet-1 (relu, avg pool)", Params: 3246, BestValAcc: 0.95, TestAcc: 0.9550, TrainSeconds: 21.04},
	{Label: "max", Group: "pool", Title: "LeNet-1 (tanh, max pool)", Params: 3246, BestValAcc: 0.93, TestAcc: 0.9000, TrainSeconds: 19},
}

// The Δ column is test accuracy minus the baseline's in percentage points:
// 95.50 − 91.25 = +4.25 and 90.00 − 91.25 = −1.25.
func TestSweepTable(t *testing.T) {
	var buf bytes.Buffer
	SweepTable(&buf, FilterSweep(sweepFixture, "baseline", "activation"), "baseline")
	want := "" +
		"trial     model                     params  valid acc %  test acc %  Δ test (pp)  train s\n" +
		"baseline  LeNet-1                     3246        90.00       91.25        +0.00     20.0\n" +
		"relu      LeNet-1 (relu, avg pool)    3246        95.00       95.50        +4.25     21.0\n"
	if buf.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", buf.String(), want)
	}
	if rows := SweepRows(sweepFixture, "none"); rows[2][5] != "" {
		t.Errorf("Δ without a baseline = %q, want empty", rows[2][5])
	}
	if rows := SweepRows(sweepFixture, "baseline"); rows[2][5] != "-1.25" {
		t.Errorf("Δ of max pool = %q, want -1.25 (90.00 − 91.25)", rows[2][5])
	}
	if _, err := SweepFigure("sweep", sweepFixture); err != nil {
		t.Errorf("SweepFigure: %v", err)
	}
	if _, err := SweepFigure("empty", nil); err == nil {
		t.Error("SweepFigure of no results: no error, want one")
	}
}

func TestSweepFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), SweepFile)
	if _, err := ReadSweep(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadSweep of a missing file: %v, want fs.ErrNotExist", err)
	}
	all := mergeResult(nil, sweepFixture[0])
	all = mergeResult(all, sweepFixture[1])
	replaced := sweepFixture[0]
	replaced.TestAcc = 0.5
	all = mergeResult(all, replaced) // same label: replaces, keeps the order
	if err := writeSweep(path, all); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("sweep file mode: %v, %v; want -rw-r--r-- (0644) like the other run files", st.Mode(), err)
	}
	got, err := ReadSweep(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := []experiment.RunRecord{replaced, sweepFixture[1]}; !reflect.DeepEqual(got, want) {
		t.Errorf("read back %+v, want %+v", got, want)
	}
	if err := os.WriteFile(path, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadSweep(path); err == nil || !strings.Contains(err.Error(), "JSON list") {
		t.Errorf("ReadSweep of an object: %v, want an error asking for a JSON list", err)
	}
}

func TestSweepErrors(t *testing.T) {
	m := lenet.LeNet1(10)
	for _, tc := range []struct {
		trials []Trial
		cfg    SweepConfig
		want   string
	}{
		{[]Trial{{Label: "a", Model: m}}, SweepConfig{}, "SweepConfig.OutDir"},
		{[]Trial{{Label: "a"}}, SweepConfig{OutDir: "x"}, `trial "a" has no model`},
		{[]Trial{{Label: "a/b", Model: m}}, SweepConfig{OutDir: "x"}, `label "a/b"`},
	} {
		if _, err := Sweep(nil, tc.trials, tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Sweep(%+v): %v, want an error containing %q", tc.trials, err, tc.want)
		}
	}
}

// A real sweep of two one-epoch trials on 300 MNIST images (200 training, 100
// validation): sweep.json holds both results with the variants' parameter
// counts, and accuracies in [0, 1]. Skipped when MNIST is not on disk.
func TestSweepTrains(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two small models")
	}
	if _, _, err := datasets.LoadMNIST(datasets.Options{}); err != nil {
		var nf *datasets.NotFoundError
		if errors.As(err, &nf) {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	b := testutil.Backend(t)
	r := recipes.LeNet1
	r.Epochs, r.Validation, r.Batch = 1, 100, 50
	var trials []Trial
	for _, opts := range []lenet.LeNet1Options{{}, {ExtraConv: true}} {
		m, err := lenet.LeNet1Variant(10, opts)
		if err != nil {
			t.Fatal(err)
		}
		trials = append(trials, Trial{Label: m.Name, Group: "test", Model: m, Recipe: r})
	}
	dir := t.TempDir()
	var out bytes.Buffer
	if _, err := Sweep(b, trials, SweepConfig{Dataset: "mnist", Limit: 300, OutDir: dir, Out: &out}); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSweep(filepath.Join(dir, SweepFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Params != 3246 || got[1].Params != 4554 {
		t.Fatalf("sweep.json %+v, want lenet1 (3,246 params) then lenet1-conv3 (4,554)", got)
	}
	for _, r := range got {
		if r.TestAcc < 0 || r.TestAcc > 1 || r.BestValAcc < 0 || r.BestValAcc > 1 || r.TrainSeconds <= 0 {
			t.Errorf("%s: implausible result %+v", r.Label, r)
		}
	}
	if n := strings.Count(out.String(), "\n"); n != 2 {
		t.Errorf("printed %d lines, want one per trial:\n%s", n, out.String())
	}
}
