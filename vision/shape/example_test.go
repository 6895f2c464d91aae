package shape_test

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/shape"
)

func ExampleSpec_Explain() {
	e, err := shape.NewSpec(shape.Conv, 5).Explain("H", 19)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Text)
	p := shape.Spec{Op: shape.MaxPool, Kernel: 3, Stride: 2, Dilation: 1, CeilMode: true}
	e, _ = p.Explain("W", 8)
	fmt.Println(e.Text)
	// Output:
	// H_out = ⌊(19 + 2·0 − 1·(5 − 1) − 1)/1⌋ + 1 = 15
	// W_out = ⌈(8 + 2·0 − 1·(3 − 1) − 1)/2⌉ + 1 = 4
}

func ExampleConv2d() {
	x := []int{3, 19, 19}
	h1, _ := shape.Conv2d(x, 7, 5, 1, 0, 1)
	h2, _ := shape.Conv2d(h1, 2, 3, 1, 0, 1)
	fmt.Println(x, "→", h1, "→", h2)
	_, err := shape.Conv2d([]int{1, 4, 4}, 1, 7, 1, 0, 1)
	fmt.Println(err)
	// Output:
	// [3 19 19] → [7 15 15] → [2 13 13]
	// input [1 4 4], height: shape: Conv2d kernel_size=7 (effective 7 with dilation=1) is larger than the padded input 4 (input 4 + 2·padding 0)
}
