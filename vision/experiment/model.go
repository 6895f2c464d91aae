package experiment

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/nn"
)

// Model is a network with what the commands and notebooks need to use it:
// its name, input shape, embedding layer and training recipe.
type Model struct {
	// Name is the registry name, e.g. "lenet5" or "alexnet".
	Name string
	// Title is the human name, e.g. "LeNet-5 (classic)".
	Title string
	// Net is the network. It takes channels-last images [B,H,W,C] and returns logits [B,10].
	Net *nn.Sequential
	// Input is the input shape in PyTorch order without batch: [C, H, W].
	Input []int
	// Embedding is the dotted path of the layer whose output is the penultimate
	// feature vector (see nn.Sequential.ForwardTaps).
	Embedding string
	// Recipe is the chapter's training recipe for this model.
	Recipe Recipe
}

// NumParams is the number of trainable parameters of the model.
func (m *Model) NumParams() int64 {
	n, err := nn.TotalParams(m.Net, m.Input)
	if err != nil {
		panic(fmt.Sprintf("experiment: model %s: %v", m.Name, err)) // the builders make valid models
	}
	return n
}

// MultAdds is the number of multiply-adds of one forward pass of one input,
// counted as torchinfo counts them.
func (m *Model) MultAdds() int64 {
	n, err := nn.TotalMultAdds(m.Net, m.Input)
	if err != nil {
		panic(fmt.Sprintf("experiment: model %s: %v", m.Name, err))
	}
	return n
}
