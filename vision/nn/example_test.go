package nn_test

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/backend"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// A LeNet-5 written like the course's nn.Sequential, its shapes and parameter
// count, one forward pass with an intermediate output (the F6 embedding), and
// its state dict in PyTorch names.
func Example() {
	net := nn.NewSequential(
		nn.Named{Name: "C1", Layer: nn.NewConv2d(1, 6, 5).Padding(2)},
		nn.Named{Name: "T1", Layer: nn.NewTanh()},
		nn.Named{Name: "S2", Layer: nn.NewAvgPool2d(2)},
		nn.Named{Name: "C3", Layer: nn.NewConv2d(6, 16, 5)},
		nn.Named{Name: "T3", Layer: nn.NewTanh()},
		nn.Named{Name: "S4", Layer: nn.NewAvgPool2d(2)},
		nn.Named{Name: "flat", Layer: nn.NewFlatten()},
		nn.Named{Name: "F5", Layer: nn.NewLinear(16*5*5, 120)},
		nn.Named{Name: "T5", Layer: nn.NewTanh()},
		nn.Named{Name: "F6", Layer: nn.NewLinear(120, 84)},
		nn.Named{Name: "T6", Layer: nn.NewTanh()},
		nn.Named{Name: "F7", Layer: nn.NewLinear(84, 10)},
	)
	in := []int{1, 28, 28} // PyTorch order [C, H, W]
	_ = nn.Walk(net, in, func(path string, l nn.Layer, in, out []int) error {
		if path != "" && l.Type() != "Tanh" {
			fmt.Printf("%-5s %-10s %v\n", path, l.Type(), out)
		}
		return nil
	})
	params, _ := nn.TotalParams(net, in)
	fmt.Println("trainable params:", params)

	b, _, err := backend.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(42))
	exec, err := model.NewExec2(b, store, func(scope *model.Scope, x *graph.Node) (*graph.Node, *graph.Node) {
		logits, taps := net.ForwardTaps(scope, x, "T6")
		return logits, taps[0]
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	images := tensors.FromFlatDataAndDimensions(make([]float32, 4*28*28), 4, 28, 28, 1) // channels-last
	logits, emb, err := exec.Call(images)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("logits", logits.Shape(), "embedding", emb.Shape())
	sd, err := nn.StateDict(store, "", net, in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("C1.weight", sd["C1.weight"].Shape, "F7.weight", sd["F7.weight"].Shape)
	// Output:
	// C1    Conv2d     [6 28 28]
	// S2    AvgPool2d  [6 14 14]
	// C3    Conv2d     [16 10 10]
	// S4    AvgPool2d  [16 5 5]
	// flat  Flatten    [400]
	// F5    Linear     [120]
	// F6    Linear     [84]
	// F7    Linear     [10]
	// trainable params: 61706
	// logits (Float32)[4, 10] embedding (Float32)[4, 84]
	// C1.weight [6 1 5 5] F7.weight [10 84]
}
