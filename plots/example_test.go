package plots_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gocnn/gocnn/plots"
)

// Training curves as in chapter 1: loss and accuracy per epoch, train vs
// test, saved as SVG and PNG (and shown inline when run inside GoNB).
func ExampleTrainingCurves() {
	h := plots.History{
		TrainLoss:     []float64{0.45, 0.12, 0.08},
		EvalLoss:      []float64{0.15, 0.09, 0.07},
		TrainAccuracy: []float64{86.1, 96.4, 97.6},
		EvalAccuracy:  []float64{95.3, 97.2, 97.9},
	}
	fig, err := plots.TrainingCurves(h, plots.DefaultCurveLabels)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "plots-example")
	defer os.RemoveAll(dir)
	if err := fig.SaveAll(filepath.Join(dir, "curves")); err != nil {
		fmt.Println(err)
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	// Output:
	// curves.png
	// curves.svg
}

// A confusion matrix with class names; counts on dark cells are white.
func ExampleConfusionMatrix() {
	cm := [][]int{{50, 2, 0}, {3, 45, 7}, {0, 5, 60}}
	fig, err := plots.ConfusionMatrix("Confusion matrix", cm, []string{"cat", "dog", "bird"})
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, _ := fig.SVG()
	fmt.Println(fig.Title, strings.Contains(string(svg), ">bird<"))
	_, err = plots.ConfusionMatrix("bad", [][]int{{1, 2}}, nil)
	fmt.Println(err)
	// Output:
	// Confusion matrix true
	// plots.ConfusionMatrix("bad"): row 0 has 2 columns, expected 1 (square matrix)
}
