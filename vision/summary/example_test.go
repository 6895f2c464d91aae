package summary_test

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/summary"
)

func ExampleSummarize() {
	net := nn.Seq(
		nn.NewConv2d(3, 7, 5).Bias(false), nn.NewReLU(),
		nn.NewConv2d(7, 2, 3).Bias(false),
	)
	s, err := summary.Summarize(net, []int{3, 19, 19}, summary.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)
	// Output:
	// ==========================================================================================
	// Layer (type:depth-idx)                   Output Shape              Param #
	// ==========================================================================================
	// Sequential                               [1, 2, 13, 13]            --
	// ├─Conv2d: 1-1                            [1, 7, 15, 15]            525
	// ├─ReLU: 1-2                              [1, 7, 15, 15]            --
	// ├─Conv2d: 1-3                            [1, 2, 13, 13]            126
	// ==========================================================================================
	// Total params: 651
	// Trainable params: 651
	// Non-trainable params: 0
	// Total mult-adds (M): 0.14
	// ==========================================================================================
	// Input size (MB): 0.00
	// Forward/backward pass size (MB): 0.02
	// Params size (MB): 0.00
	// Estimated Total Size (MB): 0.02
	// ==========================================================================================
}
