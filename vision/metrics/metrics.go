package metrics

import (
	"fmt"
	"strings"
)

// Accuracy is the fraction of positions where yPred equals yTrue. It is 0 for
// empty slices. The slices must have the same length (an error otherwise).
func Accuracy(yTrue, yPred []int32) (float64, error) {
	if len(yTrue) != len(yPred) {
		return 0, fmt.Errorf("metrics: accuracy of %d true labels and %d predictions: want equal lengths", len(yTrue), len(yPred))
	}
	if len(yTrue) == 0 {
		return 0, nil
	}
	correct := 0
	for i, t := range yTrue {
		if yPred[i] == t {
			correct++
		}
	}
	return float64(correct) / float64(len(yTrue)), nil
}

// Confusion is a confusion matrix: Counts[t][p] is the number of samples of
// true class t predicted as class p (scikit-learn's layout).
type Confusion struct {
	NumClasses int
	Counts     [][]int64
}

// NewConfusion returns an empty numClasses × numClasses matrix.
func NewConfusion(numClasses int) (*Confusion, error) {
	if numClasses <= 0 {
		return nil, fmt.Errorf("metrics: confusion matrix with %d classes: want a positive number", numClasses)
	}
	c := &Confusion{NumClasses: numClasses, Counts: make([][]int64, numClasses)}
	for i := range c.Counts {
		c.Counts[i] = make([]int64, numClasses)
	}
	return c, nil
}

// ConfusionMatrix builds the matrix of yTrue against yPred.
func ConfusionMatrix(numClasses int, yTrue, yPred []int32) (*Confusion, error) {
	c, err := NewConfusion(numClasses)
	if err != nil {
		return nil, err
	}
	if err := c.Add(yTrue, yPred); err != nil {
		return nil, err
	}
	return c, nil
}

// Add counts more samples. Labels outside [0, NumClasses) are an error and
// leave the matrix unchanged.
func (c *Confusion) Add(yTrue, yPred []int32) error {
	if len(yTrue) != len(yPred) {
		return fmt.Errorf("metrics: %d true labels and %d predictions: want equal lengths", len(yTrue), len(yPred))
	}
	n := int32(c.NumClasses)
	for i, t := range yTrue {
		if t < 0 || t >= n || yPred[i] < 0 || yPred[i] >= n {
			return fmt.Errorf("metrics: sample %d has true class %d and prediction %d: want both in [0, %d)", i, t, yPred[i], n)
		}
	}
	for i, t := range yTrue {
		c.Counts[t][yPred[i]]++
	}
	return nil
}

// Total is the number of samples counted.
func (c *Confusion) Total() int64 {
	var s int64
	for _, row := range c.Counts {
		for _, v := range row {
			s += v
		}
	}
	return s
}

// Accuracy is trace / total (0 when empty).
func (c *Confusion) Accuracy() float64 {
	var tp int64
	for i := range c.Counts {
		tp += c.Counts[i][i]
	}
	return div(float64(tp), float64(c.Total()))
}

// Support returns the number of true samples of each class (row sums).
func (c *Confusion) Support() []int64 {
	rows, _ := c.marginals()
	return rows
}

// predicted returns the number of predictions of each class (column sums).
func (c *Confusion) predicted() []int64 {
	_, cols := c.marginals()
	return cols
}

// marginals returns the row sums (true class) and column sums (predicted
// class) of Counts.
func (c *Confusion) marginals() (rows, cols []int64) {
	rows, cols = make([]int64, c.NumClasses), make([]int64, c.NumClasses)
	for t, row := range c.Counts {
		for p, v := range row {
			rows[t] += v
			cols[p] += v
		}
	}
	return rows, cols
}

// Precision returns TP/(TP+FP) per class, 0 for a class never predicted.
func (c *Confusion) Precision() []float64 { return c.diagonalOver(c.predicted()) }

// Recall returns TP/(TP+FN) per class, 0 for a class absent from yTrue.
func (c *Confusion) Recall() []float64 { return c.diagonalOver(c.Support()) }

// diagonalOver returns TP/total[k] per class k, 0 where total[k] is 0.
func (c *Confusion) diagonalOver(total []int64) []float64 {
	out := make([]float64, c.NumClasses)
	for k := range out {
		out[k] = div(float64(c.Counts[k][k]), float64(total[k]))
	}
	return out
}

// F1 returns 2·P·R/(P+R) per class, 0 when P+R = 0, computed from P and R
// as scikit-learn 1.2 does.
func (c *Confusion) F1() []float64 {
	p, r := c.Precision(), c.Recall()
	out := make([]float64, c.NumClasses)
	for k := range out {
		out[k] = div(2*p[k]*r[k], p[k]+r[k])
	}
	return out
}

// MacroF1 is the unweighted mean of F1 over all NumClasses classes.
func (c *Confusion) MacroF1() float64 { return mean(c.F1()) }

// MacroPrecision is the unweighted mean of Precision.
func (c *Confusion) MacroPrecision() float64 { return mean(c.Precision()) }

// MacroRecall is the unweighted mean of Recall (the balanced accuracy when every class is present).
func (c *Confusion) MacroRecall() float64 { return mean(c.Recall()) }

// WeightedF1 is the mean of F1 weighted by support (average="weighted").
func (c *Confusion) WeightedF1() float64 { return weighted(c.F1(), c.Support()) }

// MacroF1 is a shortcut for ConfusionMatrix(numClasses, yTrue, yPred).MacroF1().
func MacroF1(numClasses int, yTrue, yPred []int32) (float64, error) {
	c, err := ConfusionMatrix(numClasses, yTrue, yPred)
	if err != nil {
		return 0, err
	}
	return c.MacroF1(), nil
}

// Report formats the matrix like sklearn.metrics.classification_report(
// y_true, y_pred, labels=range(NumClasses), target_names=names, digits=digits,
// zero_division=0), including its quirk of a "micro avg" line in place of
// "accuracy" when some class occurs neither in y_true nor in y_pred. names may be nil (class indices are printed) or must have
// NumClasses entries; digits < 1 means 2 (sklearn's default).
func (c *Confusion) Report(names []string, digits int) (string, error) {
	if names != nil && len(names) != c.NumClasses {
		return "", fmt.Errorf("metrics: report with %d class names for %d classes: want one name per class", len(names), c.NumClasses)
	}
	if digits < 1 {
		digits = 2
	}
	if names == nil {
		names = make([]string, c.NumClasses)
		for i := range names {
			names[i] = fmt.Sprint(i)
		}
	}
	const lastHeading = "weighted avg"
	width := len(lastHeading)
	for _, n := range names {
		width = max(width, len(n))
	}
	width = max(width, digits)
	var b strings.Builder
	fmt.Fprintf(&b, "%*s  %9s %9s %9s %9s\n\n", width, "", "precision", "recall", "f1-score", "support")
	p, r, f, s := c.Precision(), c.Recall(), c.F1(), c.Support()
	row := func(name string, p, r, f float64, s int64) {
		fmt.Fprintf(&b, "%*s  %9.*f %9.*f %9.*f %9d\n", width, name, digits, p, digits, r, digits, f, s)
	}
	for k := range names {
		row(names[k], p[k], r[k], f[k], s[k])
	}
	total := c.Total()
	b.WriteString("\n")
	// sklearn prints an "accuracy" line only when every listed class occurs in
	// y_true or y_pred; otherwise it prints the micro average, which here
	// (every sample's classes are listed) equals the accuracy in all three columns.
	allSeen := true
	pred := c.predicted()
	for k := range s {
		if s[k] == 0 && pred[k] == 0 {
			allSeen = false
		}
	}
	if acc := c.Accuracy(); allSeen {
		fmt.Fprintf(&b, "%*s  %9s %9s %9.*f %9d\n", width, "accuracy", "", "", digits, acc, total)
	} else {
		row("micro avg", acc, acc, acc, total)
	}
	row("macro avg", mean(p), mean(r), mean(f), total)
	row(lastHeading, weighted(p, s), weighted(r, s), weighted(f, s), total)
	return b.String(), nil
}

// String is the matrix as rows of counts, true classes down, predictions across.
func (c *Confusion) String() string {
	w := 1
	for _, row := range c.Counts {
		for _, v := range row {
			w = max(w, len(fmt.Sprint(v)))
		}
	}
	var b strings.Builder
	for _, row := range c.Counts {
		for j, v := range row {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%*d", w, v)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func div(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func weighted(xs []float64, w []int64) float64 {
	s, tw := 0.0, 0.0
	for i, x := range xs {
		s += x * float64(w[i])
		tw += float64(w[i])
	}
	return div(s, tw)
}
