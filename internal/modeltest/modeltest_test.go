package modeltest

import (
	"testing"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// flatLinear is a registered model: a 2×2 one-channel image flattened
// (embedding "0") into a linear layer of o.Classes outputs.
func flatLinear(o models.Options) (*models.Model, error) {
	net := nn.Seq(nn.NewFlatten(), nn.NewLinear(4, o.Classes))
	return &models.Model{Name: "modeltest-flat-linear", Net: net, Input: []int{1, 2, 2}, Embedding: "0"}, nil
}

// With 3 classes flatLinear has 4·3 weights + 3 biases = 15 parameters.
func TestCheckCounts(t *testing.T) {
	models.MustRegister("modeltest-flat-linear", flatLinear)
	CheckCounts(t, models.Options{Classes: 3}, []Count{{"modeltest-flat-linear", 15, "4·3 + 3"}})
}
