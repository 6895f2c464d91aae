package reference

import (
	"fmt"
	"slices"
	"strings"
)

// Comparison sets two frameworks' runs of one recipe side by side: each
// one's mean ± sample standard deviation over its seeds, and Welch's t-test
// of A − B.
type Comparison struct {
	A, B       *RunFile
	MeanA, SDA float64
	MeanB, SDB float64
	Welch      Welch
}

// Compare computes the Comparison of a and b (each needs at least two runs,
// for Welch's test).
func Compare(a, b *RunFile) (*Comparison, error) {
	if a == nil || b == nil {
		return nil, fmt.Errorf("reference: compare: want two run files")
	}
	accA, accB := a.Accuracies(), b.Accuracies()
	w, err := WelchTTest(accA, accB)
	if err != nil {
		return nil, fmt.Errorf("reference: %s against %s: %w", a.Framework, b.Framework, err)
	}
	c := &Comparison{A: a, B: b, Welch: w}
	c.MeanA, c.SDA, _ = MeanSD(accA)
	c.MeanB, c.SDB, _ = MeanSD(accB)
	return c, nil
}

// Diff is MeanA − MeanB, in percentage points.
func (c *Comparison) Diff() float64 { return c.MeanA - c.MeanB }

// String is the comparison in three lines, as the notebooks print it:
//
//	gomlx   10 seeds: 92.11 ± 0.39% (min 91.47%, max 92.93%)
//	pytorch 10 seeds: 91.98 ± 0.39% (min 91.36%, max 92.51%)
//	Welch's t-test, Go − PyTorch: t = 0.71, df = 18.0, two-sided p = 0.49
func (c *Comparison) String() string {
	var sb strings.Builder
	for _, s := range []struct {
		f        *RunFile
		mean, sd float64
	}{{c.A, c.MeanA, c.SDA}, {c.B, c.MeanB, c.SDB}} {
		accs := s.f.Accuracies()
		fmt.Fprintf(&sb, "%-7s %2d seeds: %.2f ± %.2f%% (min %.2f%%, max %.2f%%)\n", s.f.Framework, len(accs), s.mean, s.sd, slices.Min(accs), slices.Max(accs))
	}
	fmt.Fprintf(&sb, "Welch's t-test, %s − %s: t = %.2f, df = %.1f, two-sided p = %.2f\n",
		frameworkLabel(c.A.Framework), frameworkLabel(c.B.Framework), c.Welch.T, c.Welch.DF, c.Welch.P)
	return sb.String()
}

// frameworkLabel is how the text names a RunFile's framework.
func frameworkLabel(f string) string {
	switch f {
	case "gomlx":
		return "Go"
	case "pytorch":
		return "PyTorch"
	}
	return f
}
