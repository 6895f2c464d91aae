package lenet

import (
	"path/filepath"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/safetensors"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// nchwToNHWC reorders PyTorch's [N, C, H, W] images to channels-last.
func nchwToNHWC(t safetensors.Tensor) *tensors.Tensor {
	n, c, h, w := t.Shape[0], t.Shape[1], t.Shape[2], t.Shape[3]
	out := make([]float32, len(t.Data))
	for b := range n {
		for ch := range c {
			for y := range h {
				for x := range w {
					out[((b*h+y)*w+x)*c+ch] = t.Data[((b*c+ch)*h+y)*w+x]
				}
			}
		}
	}
	return tensors.FromFlatDataAndDimensions(out, n, h, w, c)
}

// The seeds' PyTorch modules (testdata/make_fixtures.py) and these models give
// the same logits for the same weights and input: max |Δ| ≤ 1e-4, BatchNorm in
// eval mode with non-trivial running statistics.
func TestSameLogitsAsPyTorch(t *testing.T) {
	b := testutil.Backend(t)
	for _, name := range []string{"lenet1", "lenet5", "modern"} {
		t.Run(name, func(t *testing.T) {
			fixture := filepath.Join("testdata", name+".safetensors")
			state, err := safetensors.Read(fixture)
			if err != nil {
				t.Fatal(err)
			}
			input, want := state["input"], state["logits"]
			delete(state, "input")
			delete(state, "logits")
			m, err := New(name)
			if err != nil {
				t.Fatal(err)
			}
			store := model.NewStore()
			if err := nn.LoadStateDict(store, "/", m.Net, m.Input, state); err != nil {
				t.Fatalf("loading %s: %v", fixture, err)
			}
			exec, err := model.NewExec1(b, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
				return m.Net.Forward(scope, x)
			})
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Call1(nchwToNHWC(input))
			if err != nil {
				t.Fatal(err)
			}
			got := tensors.MustCopyFlatData[float32](out)
			testutil.CloseToPyTorch(t, "logits", got, want.Data, 1e-4)
		})
	}
}
