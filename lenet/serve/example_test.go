package serve_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	_ "github.com/gocnn/gocnn/lenet" // registers the LeNets
	"github.com/gocnn/gocnn/lenet/recipes"
	"github.com/gocnn/gocnn/lenet/serve"
	"github.com/gocnn/gocnn/vision/backend"
	"github.com/gocnn/gocnn/vision/models"
)

// Serve the shipped LeNet-5 and ask it about a vertical bar, as a JSON array
// of 28×28 grey levels.
func Example() {
	b, _, err := backend.New() // the backend the environment picks (see vision/backend)
	if err != nil {
		panic(err)
	}
	m, _ := models.New(serve.ShippedModel, models.Options{})
	weights, info, err := serve.ShippedWeights()
	if err != nil {
		panic(err)
	}
	p, err := serve.NewPredictor(b, m, serve.Preprocess{Transform: recipes.LeNet5.Transform()}, weights, info.Source)
	if err != nil {
		panic(err)
	}
	defer p.Close()
	h, err := serve.New(p, info, b.Name())
	if err != nil {
		panic(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()

	pixels := make([]int, 28*28)
	for y := 5; y < 23; y++ {
		for x := 13; x < 16; x++ {
			pixels[y*28+x] = 255
		}
	}
	body, _ := json.Marshal(map[string]any{"pixels": pixels})
	res, err := http.Post(ts.URL+"/api/predict", "application/json", bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var pred serve.Prediction
	if err := json.NewDecoder(res.Body).Decode(&pred); err != nil {
		panic(err)
	}
	fmt.Printf("%s: label %d, p = %.2f\n", res.Status, pred.Label, pred.Probabilities[pred.Label])
	for _, fm := range pred.FeatureMaps {
		fmt.Printf("%s: %d maps of %d×%d\n", fm.Layer, len(fm.Maps), fm.Height, fm.Width)
	}
	// Output:
	// 200 OK: label 1, p = 1.00
	// C1: 6 maps of 28×28
	// C3: 16 maps of 10×10
}
