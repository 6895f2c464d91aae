package train_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/vision/backend"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/train"
	. "github.com/gomlx/gomlx/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/model"
)

// linear is a minimal nn.Layer: flatten then one Dense layer.
type linear struct{ classes int }

func (l linear) Type() string { return "Linear" }
func (l linear) Forward(scope *model.Scope, x *Node) *Node {
	return layers.Dense(scope, Reshape(x, x.Shape().Dimensions[0], -1), true, l.classes)
}
func (l linear) OutputShape(in []int) ([]int, error) { return []int{l.classes}, nil }
func (l linear) Params(in []int) []nn.Param          { return nil }
func (l linear) MultAdds(in, out []int) int64        { return 0 }

// Two classes of 2×2 images: class 1 is brighter.
func toyData(n int, seed uint64) ([]float32, []int32) {
	r := rand.New(rand.NewPCG(seed, 0))
	imgs, labels := make([]float32, n*4), make([]int32, n)
	for i := range n {
		labels[i] = int32(i % 2)
		for j := range 4 {
			imgs[i*4+j] = float32(r.NormFloat64()*0.5 + 2*float64(labels[i]))
		}
	}
	return imgs, labels
}

func ExampleFit() {
	b, _, err := backend.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	ti, tl := toyData(128, 1)
	vi, vl := toyData(64, 2)
	trainL, _ := datasets.NewLoader(ti, tl, []int{2, 2, 1}, datasets.LoaderOptions{BatchSize: 16, Shuffle: true, Seed: 1})
	validL, _ := datasets.NewLoader(vi, vl, []int{2, 2, 1}, datasets.LoaderOptions{BatchSize: 16})
	tr, hist, err := train.Fit(b, linear{classes: 2}, trainL, validL, train.Config{
		Epochs:    3,
		Optimizer: train.SGD{LR: 0.1, Momentum: 0.9, WeightDecay: 5e-4},
		Schedule:  &train.StepLR{StepSize: 2, Gamma: 0.5},
		Seed:      42,
		Quiet:     true, // no per-epoch lines (they hold timings)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range hist.Epochs {
		fmt.Printf("epoch %d lr %.3f\n", e.Epoch, e.LR) // StepLR halves it after epoch 2
	}
	fmt.Println("steps:", tr.GlobalStep()) // 3 epochs × 128/16 batches
	fmt.Println("final val acc ≥ 0.9:", hist.Epochs[2].ValAcc >= 0.9)
	// Output:
	// epoch 1 lr 0.100
	// epoch 2 lr 0.100
	// epoch 3 lr 0.050
	// steps: 24
	// final val acc ≥ 0.9: true
}
