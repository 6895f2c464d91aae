package reference

import (
	"math"
	"testing"
)

// The README's earlier modern-LeNet runs: PyTorch seeds 1, 2, 3, 42 and Go
// seeds 42, 1–5 (test accuracy in %).
var (
	torchREADME = []float64{95.04, 95.20, 95.11, 95.11}
	goREADME    = []float64{93.56, 95.00, 94.62, 95.05, 94.82, 95.05}
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.15g, want %.15g (±%g)", what, got, want, tol)
	}
}

// TestMeanSD: numpy gives mean 94.68333333333334 and std(ddof=1)
// 0.575105787370171 for goREADME.
func TestMeanSD(t *testing.T) {
	m, sd, err := MeanSD(goREADME)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "mean", m, 94.68333333333334, 1e-12)
	near(t, "sd", sd, 0.575105787370171, 1e-12)
	if _, sd, _ := MeanSD([]float64{3}); sd != 0 {
		t.Errorf("sd of one value = %g, want 0", sd)
	}
	if _, _, err := MeanSD(nil); err == nil {
		t.Error("MeanSD(nil): no error")
	}
}

// TestWelchTTest: scipy 1.10.1, stats.ttest_ind(torchREADME, goREADME,
// equal_var=False) gives t = 1.8208849336780875 and p = 0.12608280954236437;
// the Welch–Satterthwaite df computed with numpy is 5.193622905025754.
func TestWelchTTest(t *testing.T) {
	w, err := WelchTTest(torchREADME, goREADME)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "t", w.T, 1.8208849336780875, 1e-12)
	near(t, "df", w.DF, 5.193622905025754, 1e-10)
	near(t, "p", w.P, 0.12608280954236437, 1e-10)
	// Swapping the samples flips t and keeps p.
	s, _ := WelchTTest(goREADME, torchREADME)
	near(t, "swapped t", s.T, -w.T, 1e-12)
	near(t, "swapped p", s.P, w.P, 1e-14)
	if _, err := WelchTTest([]float64{1}, goREADME); err == nil {
		t.Error("one-value sample: no error")
	}
	if _, err := WelchTTest([]float64{1, 1}, []float64{2, 2}); err == nil {
		t.Error("samples without variance: no error")
	}
}

// TestStudentTwoSidedP checks closed forms and scipy: with 1 degree of
// freedom (Cauchy) P(|T| ≥ 1) = 1/2; with 2, P(|T| ≥ t) = 1 − t/sqrt(2 + t²)
// (0.18350341907227397 at t = 2, scipy: 0.1835034190722739); scipy's
// 2·stats.t.sf(2.5, 7.3) = 0.039650234665600415 for a non-integer df.
func TestStudentTwoSidedP(t *testing.T) {
	near(t, "p(1, 1)", StudentTwoSidedP(1, 1), 0.5, 1e-13)
	near(t, "p(2, 2)", StudentTwoSidedP(2, 2), 1-2/math.Sqrt(6), 1e-13)
	near(t, "p(-2, 2)", StudentTwoSidedP(-2, 2), 1-2/math.Sqrt(6), 1e-13)
	near(t, "p(2.5, 7.3)", StudentTwoSidedP(2.5, 7.3), 0.039650234665600415, 1e-12)
	near(t, "p(0, 5)", StudentTwoSidedP(0, 5), 1, 1e-15)
	if p := StudentTwoSidedP(math.Inf(1), 5); p != 0 {
		t.Errorf("p(∞, 5) = %g, want 0", p)
	}
	if !math.IsNaN(RegIncBeta(1.5, 1, 1)) {
		t.Error("RegIncBeta outside [0, 1]: not NaN")
	}
	// I_x(1, 1) = x (the uniform distribution's CDF).
	near(t, "I_0.3(1,1)", RegIncBeta(0.3, 1, 1), 0.3, 1e-14)
}

func TestParseSeeds(t *testing.T) {
	got, err := ParseSeeds("1-3,42")
	if err != nil || len(got) != 4 || got[0] != 1 || got[2] != 3 || got[3] != 42 {
		t.Errorf("ParseSeeds(1-3,42) = %v, %v; want [1 2 3 42]", got, err)
	}
	for _, bad := range []string{"", "a", "3-1", "1,,2", "1-", "1.5"} {
		if _, err := ParseSeeds(bad); err == nil {
			t.Errorf("ParseSeeds(%q): no error", bad)
		}
	}
}
