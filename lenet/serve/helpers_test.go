package serve

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"

	"github.com/gocnn/gocnn/datasets"
	_ "github.com/gocnn/gocnn/lenet" // registers the LeNets
	"github.com/gocnn/gocnn/lenet/recipes"
	"github.com/gocnn/gocnn/vision/backend"
	"github.com/gocnn/gocnn/vision/models"
)

var (
	shared     *Server
	sharedErr  error
	sharedOnce sync.Once
	sharedName string
)

// testServer is one Server with the shipped LeNet-5 on the backend the
// environment picks (GOMLX_BACKEND, else XLA when a plugin is installed, else
// Go), shared by the package's tests: compiling six batch sizes takes a
// moment.
func testServer(t testing.TB) *Server {
	t.Helper()
	sharedOnce.Do(func() {
		b, _, err := backend.Select("")
		if err != nil {
			sharedErr = err
			return
		}
		sharedName = b.Name()
		m, err := models.New(ShippedModel, models.Options{})
		if err != nil {
			sharedErr = err
			return
		}
		w, info, err := ShippedWeights()
		if err != nil {
			sharedErr = err
			return
		}
		p, err := NewPredictor(b, m, Preprocess{Transform: recipes.LeNet5.Transform()}, w, info.Source)
		if err != nil {
			sharedErr = err
			return
		}
		shared, sharedErr = New(p, info, b.Name())
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// mnistTest returns MNIST's test set, skipping the test when it is missing
// unless GOCNN_REQUIRE_DATA=1.
func mnistTest(t testing.TB) *datasets.Dataset {
	t.Helper()
	ds, err := datasets.LoadSplit(datasets.MNIST, "test", datasets.Options{})
	if err != nil {
		if os.Getenv("GOCNN_REQUIRE_DATA") == "1" {
			t.Fatalf("MNIST not found: %v", err)
		}
		t.Skipf("MNIST not found: %v", err)
	}
	return ds
}

// bar is a synthetic "1": a vertical bar, 0 background, 255 ink.
func bar() []uint8 {
	img := make([]uint8, 28*28)
	for y := 5; y < 23; y++ {
		for x := 13; x < 16; x++ {
			img[y*28+x] = 255
		}
	}
	return img
}

func jsonBody(t testing.TB, img []uint8) []byte {
	t.Helper()
	vals := make([]int, len(img))
	for i, v := range img {
		vals[i] = int(v)
	}
	b, err := json.Marshal(map[string]any{"pixels": vals})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pngOf renders a 28×28 MNIST image as a scale× larger PNG of dark ink on white
// paper, as the page's canvas sends it.
func pngOf(t testing.TB, img []uint8, scale int) []byte {
	t.Helper()
	n := 28 * scale
	out := image.NewGray(image.Rect(0, 0, n, n))
	for y := range n {
		for x := range n {
			out.SetGray(x, y, color.Gray{Y: 255 - img[(y/scale)*28+x/scale]})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// do sends one request to h and returns the status and the decoded JSON body.
func do(t testing.TB, h http.Handler, method, path, contentType string, body []byte) (int, map[string]any, http.Header) {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var v map[string]any
	if ct := rec.Header().Get("Content-Type"); ct == "application/json" {
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s %s: body %q: %v", method, path, rec.Body.String(), err)
		}
	}
	return rec.Code, v, rec.Header()
}
