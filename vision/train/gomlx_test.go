package train_test

import (
	"iter"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/train"
	. "github.com/gomlx/gomlx/core/graph" //nolint:staticcheck // graph code
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	gomlxtrain "github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// gomlxToy is a GoMLX dataset of 3 batches of 20 points in 4 dimensions whose
// class is the largest of the first three coordinates.
type gomlxToy struct {
	x [][]float32
	y [][]int32
}

func newGomlxToy() *gomlxToy {
	r := rand.New(rand.NewPCG(1, 2))
	d := &gomlxToy{}
	for range 3 {
		var xs []float32
		var ys []int32
		for range 20 {
			best := 0
			row := make([]float32, 4)
			for j := range row {
				row[j] = float32(r.NormFloat64())
				if j < 3 && row[j] > row[best] {
					best = j
				}
			}
			xs = append(xs, row...)
			ys = append(ys, int32(best))
		}
		d.x, d.y = append(d.x, xs), append(d.y, ys)
	}
	return d
}

func (d *gomlxToy) Name() string { return "toy" }

func (d *gomlxToy) Iter() iter.Seq2[gomlxtrain.Batch, error] {
	return func(yield func(gomlxtrain.Batch, error) bool) {
		for i := range d.x {
			x := tensors.FromFlatDataAndDimensions(d.x[i], 20, 4)
			y := tensors.FromFlatDataAndDimensions(d.y[i], 20, 1)
			if !yield(gomlxtrain.Batch{Inputs: []*tensors.Tensor{x}, Labels: []*tensors.Tensor{y}}, nil) {
				return
			}
		}
	}
}

// The project's SGD (Nesterov momentum) and StepLR drive GoMLX's own Trainer
// and Loop: the loss falls and the rate halves every 4 epochs.
func TestGoMLXTrainerAndLoop(t *testing.T) {
	b := testutil.Backend(t)
	net := nn.NewSequential(nn.Named{Name: "fc", Layer: nn.NewLinear(4, 3)})
	store := model.NewStore()
	modelFn := func(scope *model.Scope, x *Node) *Node { return net.Forward(scope, x) }
	opt := train.SGD{LR: 0.1, Momentum: 0.9, Nesterov: true}
	trainer := gomlxtrain.NewTrainer(b, store, modelFn, loss.SparseCategoricalCrossEntropyLogits, train.GoMLX(opt), nil, nil)
	loop := gomlxtrain.NewLoop(trainer)
	if err := train.AttachSchedule(loop, &train.StepLR{StepSize: 4, Gamma: 0.5}, 3, nil); err != nil {
		t.Fatal(err)
	}
	var losses []float64
	loop.OnStep("record", 0, func(_ *gomlxtrain.Loop, metrics []*tensors.Tensor) error {
		losses = append(losses, float64(metrics[0].Value().(float32)))
		return nil
	})
	if _, err := loop.RunEpochs(newGomlxToy(), 10); err != nil {
		t.Fatal(err)
	}
	if len(losses) != 30 {
		t.Fatalf("%d steps, want 30", len(losses))
	}
	first, last := losses[0], losses[len(losses)-1]
	if !(last < first/2) {
		t.Errorf("loss %.4f → %.4f: want it at least halved", first, last)
	}
	lr, err := store.RootScope().At(optimizer.Scope).GetVariable(optimizer.ParamLearningRate).Value()
	if err != nil {
		t.Fatal(err)
	}
	if got := lr.Value().(float64); math.Abs(got-0.025) > 1e-12 {
		t.Errorf("learning rate after 10 epochs %v, want 0.1·0.5² = 0.025", got)
	}
	if got := optimizer.GetGlobalStep(store); got != 30 {
		t.Errorf("global step %d, want 30", got)
	}
}
