package reference

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"
)

// TestCommittedResults reads the reference runs committed in results/ and
// checks the figures that lenet/reference/RESULTS.md, the README's results
// table and notebooks 01, 02 and 04 quote from them: ten seeds per framework
// and model, each file's metric, the mean ± sd rounded to two decimals and
// Welch's t-test (t and p rounded as printed). A re-run that changes a file
// must update those texts too; this test says which figure moved.
func TestCommittedResults(t *testing.T) {
	type summary struct{ goMean, goSD, torchMean, torchSD, t, p float64 }
	cases := []struct {
		model, metric string
		want          summary
	}{
		// Chapter 1 (modern LeNet): the last epoch's test accuracy.
		{"modern", "test accuracy after the last epoch", summary{94.92, 0.27, 95.09, 0.22, -1.53, 0.14}},
		// Chapter 2 (LeNet-5): the best epoch's test accuracy.
		{"lenet5", "best test accuracy over the epochs (best weights kept by test accuracy)", summary{98.36, 0.08, 98.42, 0.14, -1.08, 0.30}},
		// Chapter 4 (LeNet-1): the test accuracy of the best validation epoch.
		{"lenet1", "test accuracy of the weights with the best validation accuracy", summary{92.11, 0.39, 91.98, 0.39, 0.71, 0.49}},
	}
	round2 := func(x float64) float64 { return math.Round(100*x) / 100 }
	for _, c := range cases {
		t.Run(c.model, func(t *testing.T) {
			var files [2]*RunFile
			for i, fw := range []string{"go", "torch"} {
				f, err := ReadRunFile(filepath.Join("results", c.model, fw+".json"))
				if err != nil {
					t.Fatal(err)
				}
				if f.Model != c.model || f.Metric != c.metric {
					t.Errorf("%s.json: model %q, metric %q; want %q, %q", fw, f.Model, f.Metric, c.model, c.metric)
				}
				for j, r := range f.Runs {
					if r.Seed != int64(j+1) {
						t.Errorf("%s.json: run %d has seed %d, want seeds 1-10 in order", fw, j, r.Seed)
					}
				}
				if len(f.Runs) != 10 {
					t.Fatalf("%s.json: %d runs, want 10", fw, len(f.Runs))
				}
				files[i] = f
			}
			cmp, err := Compare(files[0], files[1])
			if err != nil {
				t.Fatal(err)
			}
			got := summary{round2(cmp.MeanA), round2(cmp.SDA), round2(cmp.MeanB), round2(cmp.SDB), round2(cmp.Welch.T), round2(cmp.Welch.P)}
			if got != c.want {
				t.Errorf("Go %.2f ± %.2f, PyTorch %.2f ± %.2f, t = %.2f, p = %.2f; want %s",
					got.goMean, got.goSD, got.torchMean, got.torchSD, got.t, got.p,
					fmt.Sprintf("%.2f ± %.2f, %.2f ± %.2f, t = %.2f, p = %.2f",
						c.want.goMean, c.want.goSD, c.want.torchMean, c.want.torchSD, c.want.t, c.want.p))
			}
		})
	}
}
