package alexnet

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/vision/safetensors"
	"github.com/gomlx/gomlx/ml/model"
)

// nchwToNHWC reorders PyTorch's [N, C, H, W] values to channels-last.
func nchwToNHWC(data []float32, n, c, h, w int) []float32 {
	out := make([]float32, len(data))
	for b := range n {
		for ch := range c {
			for y := range h {
				for x := range w {
					out[((b*h+y)*w+x)*c+ch] = data[((b*c+ch)*h+y)*w+x]
				}
			}
		}
	}
	return out
}

// convert_weights.py --fixture saves a randomly initialised 1/16-width
// torchvision AlexNet with the same function as the real weights; LoadWeights
// (the path used for IMAGENET1K_V1) loads it and the Go model gives PyTorch's
// eval-mode logits for a 2×3×112×112 input: max |Δ| ≤ 1e-4.
func TestSameLogitsAsPyTorch(t *testing.T) {
	b := testutil.Backend(t)
	m := AlexNetWidth(10, 3, 1.0/16)
	store := model.NewStore()
	if err := LoadWeights(store, m, filepath.Join("testdata", "alexnet_w16.safetensors")); err != nil {
		t.Fatal(err)
	}
	io, err := safetensors.Read(filepath.Join("testdata", "alexnet_w16_io.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	in, want := io["input"], io["logits"]
	n, c, h, w := in.Shape[0], in.Shape[1], in.Shape[2], in.Shape[3]
	m.Input = []int{c, h, w}
	got, err := Logits(b, store, m, nchwToNHWC(in.Data, n, c, h, w), n)
	if err != nil {
		t.Fatal(err)
	}
	testutil.CloseToPyTorch(t, "logits", got, want.Data, 1e-4)
}

// Weights of the wrong model are rejected, naming the offending keys.
func TestLoadWeightsMismatch(t *testing.T) {
	err := LoadWeights(model.NewStore(), AlexNet(10, 3), filepath.Join("testdata", "alexnet_w16.safetensors"))
	if err == nil {
		t.Fatal("loading 1/16-width weights into AlexNet: want a shape error")
	}
	if err := LoadWeights(model.NewStore(), AlexNet(10, 3), filepath.Join("testdata", "missing.safetensors")); err == nil {
		t.Fatal("missing file: want an error")
	}
}

// Preprocess matches torchvision's Resize(40), CenterCrop(32), ToTensor,
// Normalize on the fixture image (PIL 64×48 → 53×40 → crop at (10, 4)). PIL
// and x/image/draw both resize with an antialiased tent filter and round to
// 8 bits, so a value may differ by one 8-bit level: ≤ 1/255/0.224 ≈ 0.0175.
func TestPreprocessLikeTorchvision(t *testing.T) {
	img, err := LoadImage(filepath.Join("testdata", "preprocess.png"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Preprocess(img, 40, 32)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := safetensors.Read(filepath.Join("testdata", "preprocess.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	want := nchwToNHWC(ref["image"].Data, 1, 3, 32, 32)
	maxDiff, sum := 0.0, 0.0
	for i := range got {
		d := math.Abs(float64(got[i] - want[i]))
		maxDiff, sum = math.Max(maxDiff, d), sum+d
	}
	t.Logf("max |Δ| = %.4f, mean |Δ| = %.5f", maxDiff, sum/float64(len(got)))
	if maxDiff > 1.0/255/0.224+1e-6 {
		t.Errorf("max |Preprocess − torchvision| = %.4f, want ≤ one 8-bit level (0.0175)", maxDiff)
	}
	if _, err := Preprocess(img, 20, 32); err == nil {
		t.Error("crop larger than the resized image: want an error")
	}
}

// Softmax of logits (0, ln 2, ln 4, ln 1): probabilities 1/8, 2/8, 4/8, 1/8.
func TestTopK(t *testing.T) {
	p := TopK([]float32{0, float32(math.Ln2), float32(2 * math.Ln2), 0}, 2)
	if len(p) != 2 || p[0].Class != 2 || p[1].Class != 1 || math.Abs(p[0].Prob-0.5) > 1e-6 || math.Abs(p[1].Prob-0.25) > 1e-6 || p[0].Label != "class 2" {
		t.Fatalf("TopK = %v, want class 2 (0.5) then class 1 (0.25)", p)
	}
	l := make([]float32, 1000)
	l[281] = 10
	if p := TopK(l, 1); p[0].Label != "tabby" {
		t.Errorf("ImageNet class 281 = %q, want tabby", p[0].Label)
	}
}

// torchvision's _IMAGENET_CATEGORIES: 0 is "tench", 999 "toilet tissue".
func TestImageNetClasses(t *testing.T) {
	if ImageNetClasses[0] != "tench" || ImageNetClasses[999] != "toilet tissue" {
		t.Errorf("classes 0 and 999 = %q, %q", ImageNetClasses[0], ImageNetClasses[999])
	}
	for i, c := range ImageNetClasses {
		if c == "" {
			t.Fatalf("class %d is empty", i)
		}
	}
}

// Classify runs the whole photo path (resize 256, crop 224, normalise,
// forward, softmax) on a 1,000-class model: five ImageNet labels, most
// probable first, probabilities in (0, 1] summing to at most 1.
func TestClassify(t *testing.T) {
	b := testutil.Backend(t)
	img, err := LoadImage(filepath.Join("testdata", "preprocess.png"))
	if err != nil {
		t.Fatal(err)
	}
	m := AlexNetWidth(1000, 3, 1.0/16)
	preds, err := Classify(b, model.NewStore(), m, img, 5)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for i, p := range preds {
		if p.Label != ImageNetClasses[p.Class] || p.Prob <= 0 || p.Prob > 1 || (i > 0 && p.Prob > preds[i-1].Prob) {
			t.Errorf("prediction %d: %v", i, p)
		}
		sum += p.Prob
	}
	if len(preds) != 5 || sum > 1+1e-9 {
		t.Errorf("%d predictions with total probability %v, want 5 and ≤ 1", len(preds), sum)
	}
}
