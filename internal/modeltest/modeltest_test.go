package modeltest

import (
	"testing"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

func init() {
	models.MustRegister("modeltest-tiny", func(o models.Options) (*models.Model, error) {
		o = o.Or(models.Options{Classes: 10, Channels: 1, Size: 2})
		net := nn.NewSequential(
			nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
			nn.Named{Name: "out", Layer: nn.NewLinear(o.Channels*o.Size*o.Size, o.Classes)},
		)
		return &models.Model{Name: "modeltest-tiny", Net: net, Input: []int{o.Channels, o.Size, o.Size}, Embedding: "flatten"}, nil
	})
}

// A 2×2 one-channel input flattened into a linear layer of 3 outputs has
// 4·3 weights + 3 biases = 15 parameters.
func TestCheckCounts(t *testing.T) {
	CheckCounts(t, models.Options{Classes: 3}, []Count{{"modeltest-tiny", 15, "4·3 + 3"}})
}
