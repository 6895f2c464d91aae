package reference

import (
	"errors"
	"fmt"
	"math"
)

// MeanSD returns the mean and the sample standard deviation (n − 1 in the
// denominator, as Python's statistics.stdev and numpy's std(ddof=1)) of xs.
// The deviation is 0 for a single value; an empty xs is an error.
func MeanSD(xs []float64) (mean, sd float64, err error) {
	if len(xs) == 0 {
		return 0, 0, errors.New("reference: mean of no values")
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) == 1 {
		return mean, 0, nil
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1)), nil
}

// Welch is the result of Welch's unequal-variances t-test of two samples.
type Welch struct {
	T  float64 `json:"t"`  // (mean a − mean b) / sqrt(var a/n_a + var b/n_b)
	DF float64 `json:"df"` // Welch–Satterthwaite degrees of freedom
	P  float64 `json:"p"`  // two-sided p-value under Student's t with DF degrees of freedom
}

// WelchTTest is Welch's two-sample t-test (scipy.stats.ttest_ind with
// equal_var=False): the t statistic of mean(a) − mean(b), the
// Welch–Satterthwaite degrees of freedom and the two-sided p-value. Each
// sample needs at least two values, and not both may have zero variance.
func WelchTTest(a, b []float64) (Welch, error) {
	if len(a) < 2 || len(b) < 2 {
		return Welch{}, fmt.Errorf("reference: Welch's t-test of %d and %d values: want at least 2 in each sample", len(a), len(b))
	}
	ma, sa, _ := MeanSD(a)
	mb, sb, _ := MeanSD(b)
	va, vb := sa*sa/float64(len(a)), sb*sb/float64(len(b))
	if va+vb == 0 {
		return Welch{}, errors.New("reference: Welch's t-test of two samples without variance")
	}
	t := (ma - mb) / math.Sqrt(va+vb)
	df := (va + vb) * (va + vb) / (va*va/float64(len(a)-1) + vb*vb/float64(len(b)-1))
	return Welch{T: t, DF: df, P: StudentTwoSidedP(t, df)}, nil
}

// StudentTwoSidedP is P(|T| ≥ |t|) for Student's t distribution with df > 0
// degrees of freedom (df need not be an integer): the regularised incomplete
// beta function I_x(df/2, 1/2) at x = df/(df + t²).
func StudentTwoSidedP(t, df float64) float64 {
	if math.IsInf(t, 0) {
		return 0
	}
	return RegIncBeta(df/(df+t*t), df/2, 0.5)
}

// RegIncBeta is the regularised incomplete beta function I_x(a, b) for
// 0 ≤ x ≤ 1 and a, b > 0, by the continued fraction of Numerical Recipes
// (Press et al., 3rd ed., §6.4), accurate to about 1e-14 here; NaN outside
// the domain.
func RegIncBeta(x, a, b float64) float64 {
	switch {
	case x < 0 || x > 1 || !(a > 0) || !(b > 0):
		return math.NaN()
	case x == 0:
		return 0
	case x == 1:
		return 1
	}
	la, _ := math.Lgamma(a + b)
	lb, _ := math.Lgamma(a)
	lc, _ := math.Lgamma(b)
	front := math.Exp(la - lb - lc + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(x, a, b) / a
	}
	return 1 - front*betaCF(1-x, b, a)/b
}

// betaCF evaluates the continued fraction of the incomplete beta function
// by the modified Lentz method.
func betaCF(x, a, b float64) float64 {
	const tiny, eps = 1e-300, 1e-15
	// nonZero keeps Lentz's intermediate values away from 0.
	nonZero := func(v float64) float64 {
		if math.Abs(v) < tiny {
			return tiny
		}
		return v
	}
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1/nonZero(1-qab*x/qap)
	// step takes the next term aa of the fraction into c and d and returns
	// the factor by which it changes the value.
	step := func(aa float64) float64 {
		d = 1 / nonZero(1+aa*d)
		c = nonZero(1 + aa/c)
		return d * c
	}
	h := d
	for m := 1; m <= 1000; m++ {
		fm := float64(m)
		m2 := 2 * fm
		h *= step(fm * (b - fm) * x / ((qam + m2) * (a + m2)))
		del := step(-(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2)))
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}
