package metrics

import (
	"math"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
)

// sklearnCase holds values computed by testdata/gen_fixtures.py with
// scikit-learn 1.2.1 (labels=range(num_classes), zero_division=0).
type sklearnCase struct {
	Name           string    `json:"name"`
	NumClasses     int       `json:"num_classes"`
	YTrue          []int32   `json:"y_true"`
	YPred          []int32   `json:"y_pred"`
	Accuracy       float64   `json:"accuracy"`
	Confusion      [][]int64 `json:"confusion"`
	Precision      []float64 `json:"precision"`
	Recall         []float64 `json:"recall"`
	F1             []float64 `json:"f1"`
	MacroF1        float64   `json:"macro_f1"`
	MacroPrecision float64   `json:"macro_precision"`
	MacroRecall    float64   `json:"macro_recall"`
	WeightedF1     float64   `json:"weighted_f1"`
	Names          []string  `json:"names"`
	Report2        string    `json:"report2"`
	Report4        string    `json:"report4"`
}

func loadCases(t *testing.T) []sklearnCase {
	t.Helper()
	var cases []sklearnCase
	testutil.ReadJSON(t, "testdata/metrics_sklearn.json", &cases)
	if len(cases) != 3 {
		t.Fatalf("got %d fixture cases, want 3", len(cases))
	}
	return cases
}

const tol = 1e-12 // both sides compute in float64 from the same integer counts

func close(a, b float64) bool { return math.Abs(a-b) <= tol }

func closeAll(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !close(got[i], want[i]) {
			t.Errorf("%s[%d] = %.15g, sklearn gives %.15g", what, i, got[i], want[i])
		}
	}
}

func TestAgainstSklearn(t *testing.T) {
	for _, tc := range loadCases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			acc, err := Accuracy(tc.YTrue, tc.YPred)
			if err != nil || !close(acc, tc.Accuracy) {
				t.Errorf("Accuracy = %v, %v; sklearn accuracy_score gives %v", acc, err, tc.Accuracy)
			}
			c, err := ConfusionMatrix(tc.NumClasses, tc.YTrue, tc.YPred)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tc.Confusion {
				for j := range tc.Confusion[i] {
					if c.Counts[i][j] != tc.Confusion[i][j] {
						t.Errorf("Counts[%d][%d] = %d, sklearn confusion_matrix gives %d", i, j, c.Counts[i][j], tc.Confusion[i][j])
					}
				}
			}
			closeAll(t, "Precision", c.Precision(), tc.Precision)
			closeAll(t, "Recall", c.Recall(), tc.Recall)
			closeAll(t, "F1", c.F1(), tc.F1)
			for _, m := range []struct {
				name      string
				got, want float64
			}{
				{"MacroF1", c.MacroF1(), tc.MacroF1},
				{"MacroPrecision", c.MacroPrecision(), tc.MacroPrecision},
				{"MacroRecall", c.MacroRecall(), tc.MacroRecall},
				{"WeightedF1", c.WeightedF1(), tc.WeightedF1},
				{"Confusion.Accuracy", c.Accuracy(), tc.Accuracy},
			} {
				if !close(m.got, m.want) {
					t.Errorf("%s = %.15g, sklearn gives %.15g", m.name, m.got, m.want)
				}
			}
			if f, _ := MacroF1(tc.NumClasses, tc.YTrue, tc.YPred); !close(f, tc.MacroF1) {
				t.Errorf("MacroF1() = %v, sklearn gives %v", f, tc.MacroF1)
			}
			for _, r := range []struct {
				digits int
				want   string
			}{{2, tc.Report2}, {4, tc.Report4}} {
				got, err := c.Report(tc.Names, r.digits)
				if err != nil {
					t.Fatal(err)
				}
				if got != r.want {
					t.Errorf("Report(digits=%d):\n%s\nsklearn classification_report:\n%s", r.digits, got, r.want)
				}
			}
		})
	}
}

// TestZeroDivision checks the zero_division=0 convention by hand: class 1 is
// never predicted (precision 0/0 -> 0) and never true (recall 0/0 -> 0), so
// its F1 is 0 and macro-F1 = (1 + 0)/2 = 0.5 for a perfect class 0.
func TestZeroDivision(t *testing.T) {
	f, err := MacroF1(2, []int32{0, 0}, []int32{0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if f != 0.5 {
		t.Errorf("MacroF1 = %v, want 0.5", f)
	}
	var empty Confusion
	empty.NumClasses = 0
	if got := empty.Accuracy(); got != 0 {
		t.Errorf("empty accuracy = %v, want 0", got)
	}
}

func TestErrors(t *testing.T) {
	if _, err := Accuracy([]int32{1}, nil); err == nil {
		t.Error("Accuracy with different lengths: want an error")
	}
	if _, err := NewConfusion(0); err == nil {
		t.Error("NewConfusion(0): want an error")
	}
	c, _ := NewConfusion(3)
	if err := c.Add([]int32{0, 3}, []int32{0, 1}); err == nil {
		t.Error("Add with class 3 of 3: want an error")
	}
	if c.Total() != 0 {
		t.Errorf("a rejected Add counted %d samples, want 0", c.Total())
	}
	if _, err := c.Report([]string{"a"}, 2); err == nil {
		t.Error("Report with 1 name for 3 classes: want an error")
	}
}
