package reference

import (
	"strings"
	"testing"
)

// The README's earlier modern-LeNet runs (stats_test.go): Go seeds 42, 1–5
// against PyTorch seeds 1, 2, 3, 42. Go: mean 94.68, sd 0.58 (numpy), min
// 93.56, max 95.05; PyTorch: mean 95.115, sd 0.0656; scipy's Welch test of
// Go − PyTorch: t = −1.8209, p = 0.1261 (TestWelchTTest, sign swapped).
func TestCompare(t *testing.T) {
	runs := func(fw string, accs []float64) *RunFile {
		f := &RunFile{Framework: fw}
		for i, a := range accs {
			f.Runs = append(f.Runs, SeedRun{Seed: int64(i + 1), TestAcc: a})
		}
		return f
	}
	c, err := Compare(runs("gomlx", goREADME), runs("pytorch", torchREADME))
	if err != nil {
		t.Fatal(err)
	}
	near(t, "diff", c.Diff(), 94.68333333333334-95.115, 1e-9)
	near(t, "t", c.Welch.T, -1.8208849336780875, 1e-12)
	want := "gomlx    6 seeds: 94.68 ± 0.58% (min 93.56%, max 95.05%)\n" +
		"pytorch  4 seeds: 95.12 ± 0.07% (min 95.04%, max 95.20%)\n" +
		"Welch's t-test, Go − PyTorch: t = -1.82, df = 5.2, two-sided p = 0.13\n"
	if got := c.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	if _, err := Compare(runs("gomlx", []float64{95}), runs("pytorch", torchREADME)); err == nil ||
		!strings.Contains(err.Error(), "at least 2") {
		t.Errorf("one Go run: err %v; want Welch's test to ask for at least 2", err)
	}
	if _, err := Compare(nil, runs("pytorch", torchREADME)); err == nil {
		t.Error("nil run file: no error")
	}
}
