package serve

import (
	"bytes"
	"fmt"
	"strconv"
)

// Prediction is the answer of POST /api/predict.
type Prediction struct {
	// Label is the most probable class (0–9 for MNIST).
	Label int `json:"label"`
	// Probabilities are the softmax of the logits, one per class.
	Probabilities []float32 `json:"probabilities"`
	// Input is the 28×28 MNIST-style image the prediction was made from
	// (0 background, 255 ink), after MNISTify for a drawing.
	Input Image `json:"input"`
	// NetworkInput is what the network reads: Input after the run's resize
	// and normalisation, row-major.
	NetworkInput FloatImage `json:"network_input"`
	// FeatureMaps are the outputs of the first two convolution layers.
	FeatureMaps []FeatureMap `json:"feature_maps"`
}

// Image is a grey image, row-major.
type Image struct {
	Width  int   `json:"width"`
	Height int   `json:"height"`
	Pixels Bytes `json:"pixels"`
}

// FloatImage is a float image, row-major.
type FloatImage struct {
	Width  int       `json:"width"`
	Height int       `json:"height"`
	Values []float32 `json:"values"`
}

// FeatureMap is one layer's output for the input: Channels tiles of
// Height×Width grey levels, each 0 at the layer's Min and 255 at its Max (one
// scale for the whole layer).
type FeatureMap struct {
	Layer    string  `json:"layer"`
	Channels int     `json:"channels"`
	Height   int     `json:"height"`
	Width    int     `json:"width"`
	Min      float32 `json:"min"`
	Max      float32 `json:"max"`
	Maps     []Bytes `json:"maps"`
}

// Bytes are grey levels, written in JSON as an array of numbers (not base64,
// as encoding/json writes []byte).
type Bytes []uint8

// MarshalJSON writes b as a JSON array of numbers.
func (b Bytes) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(4*len(b) + 2)
	buf.WriteByte('[')
	for i, v := range b {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(strconv.Itoa(int(v)))
	}
	buf.WriteByte(']')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads a JSON array of numbers 0–255.
func (b *Bytes) UnmarshalJSON(data []byte) error {
	var vals []float64
	if err := jsonUnmarshal(data, &vals); err != nil {
		return err
	}
	out := make(Bytes, len(vals))
	for i, v := range vals {
		if v < 0 || v > 255 || v != float64(uint8(v)) {
			return fmt.Errorf("serve: grey level %v at %d: want an integer 0–255", v, i)
		}
		out[i] = uint8(v)
	}
	*b = out
	return nil
}

// ModelInfo is the answer of GET /api/model.
type ModelInfo struct {
	// Model is the registry name (-model), e.g. "lenet5".
	Model string `json:"model"`
	// Title is the human name, e.g. "LeNet-5 (classic)".
	Title string `json:"title"`
	// Input is the network's input shape [C, H, W].
	Input []int `json:"input"`
	// Parameters is the number of trainable parameters.
	Parameters int64 `json:"parameters"`
	// Layers lists the layers in forward order with their output shapes.
	Layers []Layer `json:"layers"`
	// FeatureLayers are the layers whose outputs /api/predict returns.
	FeatureLayers []string `json:"feature_layers"`
	// Preprocessing describes the path from a drawing to the network input.
	Preprocessing string `json:"preprocessing"`
	// Weights says where the weights came from.
	Weights WeightsInfo `json:"weights"`
	// Backend is the GoMLX backend running the model.
	Backend string `json:"backend"`
	// MaxBodyBytes is the request body limit.
	MaxBodyBytes int64 `json:"max_body_bytes"`
}

// Layer is one layer of ModelInfo.
type Layer struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Output []int  `json:"output"`
}

// WeightsInfo says where weights came from and how good they are.
type WeightsInfo struct {
	// Source is "embedded", a file path or a run directory.
	Source string `json:"source"`
	// SHA256 of the safetensors file.
	SHA256 string `json:"sha256"`
	// TestAccuracy on the 10,000 MNIST test images (0–1), when known
	// (a run's test.json, or the shipped weights' record); 0 when unknown.
	TestAccuracy float64 `json:"test_accuracy,omitempty"`
	// Made says how the weights were made, when known.
	Made string `json:"made,omitempty"`
}

// apiError is the body of every 4xx/5xx answer of the API.
type apiError struct {
	Error    string `json:"error"`
	Expected string `json:"expected,omitempty"`
	Status   int    `json:"status"`
}
