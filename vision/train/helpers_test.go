package train

import (
	"math/rand/v2"
	"testing"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/vision/nn"
	. "github.com/gomlx/gomlx/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
)

// tinyMLP is a test-only nn.Layer: flatten, Dense(hidden), ReLU, optional
// dropout, Dense(classes).
type tinyMLP struct {
	hidden, classes int
	dropout         float64
}

func (m tinyMLP) Type() string { return "TinyMLP" }

func (m tinyMLP) Forward(scope *model.Scope, x *Node) *Node {
	x = Reshape(x, x.Shape().Dimensions[0], -1)
	x = activation.Relu(layers.Dense(scope.In("fc1"), x, true, m.hidden))
	if m.dropout > 0 {
		x = layers.DropoutStatic(scope, x, m.dropout)
	}
	return layers.Dense(scope.In("fc2"), x, true, m.classes)
}

func (m tinyMLP) OutputShape(in []int) ([]int, error) { return []int{m.classes}, nil }
func (m tinyMLP) Params(in []int) []nn.Param          { return nil }
func (m tinyMLP) MultAdds(in, out []int) int64        { return 0 }

var _ nn.Layer = tinyMLP{}

// synthetic returns n 4×4×1 images of 3 classes: class c brightens row c
// (plus Gaussian noise), so a small MLP learns it in a few epochs.
func synthetic(n int, seed uint64) ([]float32, []int32) {
	r := rand.New(rand.NewPCG(seed, 1))
	imgs := make([]float32, n*16)
	labels := make([]int32, n)
	for i := range n {
		c := int32(r.IntN(3))
		labels[i] = c
		for j := range 16 {
			v := r.NormFloat64() * 0.7
			if j/4 == int(c) {
				v += 1
			}
			imgs[i*16+j] = float32(v)
		}
	}
	return imgs, labels
}

func loaders(t *testing.T, batch int) (trainL, validL *datasets.Loader) {
	t.Helper()
	ti, tl := synthetic(200, 1)
	vi, vl := synthetic(90, 2)
	var err error
	trainL, err = datasets.NewLoader(ti, tl, []int{4, 4, 1}, datasets.LoaderOptions{BatchSize: batch, Shuffle: true, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	validL, err = datasets.NewLoader(vi, vl, []int{4, 4, 1}, datasets.LoaderOptions{BatchSize: 32})
	if err != nil {
		t.Fatal(err)
	}
	return
}
