package demos_test

import (
	"fmt"

	"github.com/gocnn/gocnn/alexnet/demos"
	"github.com/gocnn/gocnn/vision/backend"
)

func ExamplePool() {
	b, _, err := backend.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	x := demos.Counting(4, 4)
	mx, _ := demos.Pool(b, x, demos.MaxPool, 2, 2)
	avg, _ := demos.Pool(b, x, demos.AvgPool, 2, 2)
	conv, _ := demos.Convolve(b, x, demos.ChapterKernel(), 1, 0)
	fmt.Println(x)
	fmt.Println(mx)
	fmt.Println(avg)
	fmt.Println(conv)
	// Output:
	// [[1 2 3 4] [5 6 7 8] [9 10 11 12] [13 14 15 16]]
	// [[6 8] [14 16]]
	// [[3.5 5.5] [11.5 13.5]]
	// [[54 63] [90 99]]
}

func ExampleNewTrace() {
	tr, err := demos.NewTrace(demos.Conv, demos.Counting(4, 4), demos.Matrix{{1, 0}, {0, -1}}, 0, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(tr.Text())
	// Output:
	// Conv2d, window 2×2, stride 2, input [[1 2 3 4] [5 6 7 8] [9 10 11 12] [13 14 15 16]]
	// kernel [[1 0] [0 -1]]
	// out(0,0) reads rows 0–1, cols 0–1 (0,0) (0,1) (1,0) (1,1): 1·1 + 2·0 + 5·0 + 6·-1 = -5
	// out(0,1) reads rows 0–1, cols 2–3 (0,2) (0,3) (1,2) (1,3): 3·1 + 4·0 + 7·0 + 8·-1 = -5
	// out(1,0) reads rows 2–3, cols 0–1 (2,0) (2,1) (3,0) (3,1): 9·1 + 10·0 + 13·0 + 14·-1 = -5
	// out(1,1) reads rows 2–3, cols 2–3 (2,2) (2,3) (3,2) (3,3): 11·1 + 12·0 + 15·0 + 16·-1 = -5
	// output [[-5 -5] [-5 -5]]
}

func ExampleChain() {
	steps, _ := demos.Chain()
	for _, s := range steps {
		fmt.Println(s.In, "→", s.Out, "filters", s.FilterShape, "|", s.Explain.Text)
	}
	// Output:
	// [3 19 19] → [7 15 15] filters [7 3 5 5] | H_out = ⌊(19 + 2·0 − 1·(5 − 1) − 1)/1⌋ + 1 = 15
	// [7 15 15] → [2 13 13] filters [2 7 3 3] | H_out = ⌊(15 + 2·0 − 1·(3 − 1) − 1)/1⌋ + 1 = 13
}
