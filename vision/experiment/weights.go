package experiment

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/safetensors"
	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// SaveWeights writes the model's parameters and buffers from store as a
// safetensors file with PyTorch's state_dict keys and layouts, so that
// PyTorch's load_state_dict (and LoadClassifier) can read it. The file is
// written atomically.
func SaveWeights(store *model.Store, net nn.Layer, in []int, path string) error {
	sd, err := nn.StateDict(store, "/", net, in)
	if err != nil {
		return fmt.Errorf("saving weights to %s: %w", path, err)
	}
	return safetensors.Write(path, sd, map[string]string{"format": "pt", "model": net.Type()})
}

// Classifier runs a model for inference from saved weights.
type Classifier struct {
	net   nn.Layer
	in    []int // [C, H, W]
	store *model.Store
	exec  *model.ExecOneOutput
}

// LoadClassifier reads weights written by SaveWeights (or converted from
// PyTorch) into a fresh store for net, whose input shape is in ([C, H, W]).
func LoadClassifier(b compute.Backend, net nn.Layer, in []int, path string) (*Classifier, error) {
	state, err := safetensors.Read(path)
	if err != nil {
		return nil, err
	}
	c := &Classifier{net: net, in: append([]int(nil), in...), store: model.NewStore()}
	if err := nn.LoadStateDict(c.store, "/", net, in, state); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.exec, err = model.NewExec1(b, c.store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		scope.Store().SetTraining(x.Graph(), false)
		return graph.Softmax(net.Forward(scope, x), -1)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Probabilities returns the softmax of the logits for n images, given as n × H
// × W × C float32 values (channels-last), prepared as for training.
func (c *Classifier) Probabilities(images []float32, n int) ([][]float32, error) {
	sample := c.in[0] * c.in[1] * c.in[2]
	if n <= 0 || len(images) != n*sample {
		return nil, fmt.Errorf("classifier: %d values for %d images of %v", len(images), n, c.in)
	}
	x := tensors.FromFlatDataAndDimensions(images, n, c.in[1], c.in[2], c.in[0])
	out, err := c.exec.Call1(x)
	if err != nil {
		return nil, fmt.Errorf("classifier: %w", err)
	}
	flat := tensors.MustCopyFlatData[float32](out)
	k := len(flat) / n
	probs := make([][]float32, n)
	for i := range probs {
		probs[i] = flat[i*k : (i+1)*k]
	}
	return probs, nil
}

// Predict returns the most probable class of each of n images.
func (c *Classifier) Predict(images []float32, n int) ([]int, error) {
	probs, err := c.Probabilities(images, n)
	if err != nil {
		return nil, err
	}
	preds := make([]int, n)
	for i, p := range probs {
		for j := range p {
			if p[j] > p[preds[i]] {
				preds[i] = j
			}
		}
	}
	return preds, nil
}
