package alexnet

import (
	"fmt"
	"image"
	_ "image/jpeg" // decoders for LoadImage
	_ "image/png"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/safetensors"
	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"golang.org/x/image/draw"
)

// ImageNetMean and ImageNetStd are the per-channel (R, G, B) statistics that
// torchvision's ImageNet weights expect after scaling pixels to [0, 1].
var (
	ImageNetMean = [3]float32{0.485, 0.456, 0.406}
	ImageNetStd  = [3]float32{0.229, 0.224, 0.225}
)

// LoadWeights reads a .safetensors state_dict (as written by
// convert_weights.py) into store for model m, at the root scope.
//
// Name mapping: none. The file's keys are the PyTorch state_dict keys
// ("features.0.weight", "classifier.6.bias", ...) and each names the GoMLX
// variable at the same dotted path with dots as slashes
// ("/features/0/weight"), because the Go models use torchvision's children
// and indices. Only the layouts change (nn.LoadStateDict): conv weights
// [Cout, Cin, kH, kW] become [kH, kW, Cin, Cout], linear weights [out, in]
// become [in, out]; biases are copied. A "module." prefix (weights saved from
// nn.DataParallel) is stripped. Missing or unexpected keys and shape
// mismatches are reported together and nothing is loaded then.
func LoadWeights(store *model.Store, m *models.Model, path string) error {
	st, err := safetensors.Read(path)
	if err != nil {
		return fmt.Errorf("alexnet: loading weights for %s: %w", m.Name, err)
	}
	sd := make(map[string]nn.Tensor, len(st))
	for k, v := range st {
		sd[strings.TrimPrefix(k, "module.")] = v
	}
	if err := nn.LoadStateDict(store, "/", m.Net, m.Input, sd); err != nil {
		return fmt.Errorf("alexnet: loading %s into %s: %w", path, m.Name, err)
	}
	return nil
}

// LoadImage decodes a JPEG or PNG file.
func LoadImage(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("alexnet: opening image: %w", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("alexnet: decoding image %s (want JPEG or PNG): %w", path, err)
	}
	return img, nil
}

// Preprocess is torchvision's ImageNet evaluation transform
// (Resize(resize), CenterCrop(crop), ToTensor, Normalize(ImageNetMean,
// ImageNetStd)); ImageNet weights use resize 256 and crop 224. The shorter
// side is resized to resize with an antialiased bilinear filter (as PIL's
// BILINEAR, which torchvision uses on PIL images), the longer one to
// ⌊resize·long/short⌋; the crop offsets are round-half-even((size−crop)/2), as
// Python's round. It returns crop×crop×3 values, channels-last (H, W, C).
func Preprocess(img image.Image, resize, crop int) ([]float32, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 || resize <= 0 || crop <= 0 {
		return nil, fmt.Errorf("alexnet: Preprocess: image %dx%d, resize %d, crop %d: want positive sizes", w, h, resize, crop)
	}
	nw, nh := resize, resize
	if w < h {
		nh = int(float64(resize) * float64(h) / float64(w))
	} else {
		nw = int(float64(resize) * float64(w) / float64(h))
	}
	if crop > nw || crop > nh {
		return nil, fmt.Errorf("alexnet: Preprocess: crop %d larger than the resized image %dx%d", crop, nw, nh)
	}
	dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
	draw.BiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	top := int(math.RoundToEven(float64(nh-crop) / 2))
	left := int(math.RoundToEven(float64(nw-crop) / 2))
	out := make([]float32, 0, crop*crop*3)
	for y := range crop {
		for x := range crop {
			c := dst.RGBAAt(left+x, top+y)
			for i, v := range [3]uint8{c.R, c.G, c.B} {
				out = append(out, (float32(v)/255-ImageNetMean[i])/ImageNetStd[i])
			}
		}
	}
	return out, nil
}

// Prediction is one class of a top-k answer.
type Prediction struct {
	Class int     // index of the output
	Label string  // class name
	Prob  float64 // softmax probability
}

// String formats "0.8123  tabby cat (281)".
func (p Prediction) String() string { return fmt.Sprintf("%.4f  %s (%d)", p.Prob, p.Label, p.Class) }

// Classify runs m (weights already in store, e.g. by LoadWeights) on an
// image preprocessed as torchvision does (Preprocess with resize 256/224 of
// the model's input side, crop = input side: 256/224 for AlexNet) and
// returns the k most probable classes. Labels are ImageNetClasses for
// 1,000-class models, "class N" otherwise.
func Classify(backend compute.Backend, store *model.Store, m *models.Model, img image.Image, k int) ([]Prediction, error) {
	side := m.Input[1]
	if m.Input[0] != 3 || m.Input[2] != side {
		return nil, fmt.Errorf("alexnet: Classify: %s takes %v images, want 3×S×S RGB", m.Name, m.Input)
	}
	x, err := Preprocess(img, side*256/224, side)
	if err != nil {
		return nil, err
	}
	logits, err := Logits(backend, store, m, x, 1)
	if err != nil {
		return nil, err
	}
	return TopK(logits, k), nil
}

// Logits runs m in inference mode on n channels-last images (flattened
// [n, H, W, C], m.Input's size) and returns n×classes logits.
func Logits(backend compute.Backend, store *model.Store, m *models.Model, images []float32, n int) ([]float32, error) {
	c, h, w := m.Input[0], m.Input[1], m.Input[2]
	if len(images) != n*h*w*c {
		return nil, fmt.Errorf("alexnet: Logits: %d values for %d images of %v, want %d", len(images), n, m.Input, n*h*w*c)
	}
	exec, err := model.NewExec1(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return m.Net.Forward(scope, x)
	})
	if err != nil {
		return nil, fmt.Errorf("alexnet: Logits: %w", err)
	}
	out, err := exec.Call1(tensors.FromFlatDataAndDimensions(images, n, h, w, c))
	if err != nil {
		return nil, fmt.Errorf("alexnet: running %s: %w", m.Name, err)
	}
	defer out.FinalizeAll()
	return tensors.CopyFlatData[float32](out)
}

// TopK returns the k largest softmax probabilities of one row of logits,
// most probable first.
func TopK(logits []float32, k int) []Prediction {
	mx := math.Inf(-1)
	for _, v := range logits {
		mx = math.Max(mx, float64(v))
	}
	probs := make([]float64, len(logits))
	sum := 0.0
	for i, v := range logits {
		probs[i] = math.Exp(float64(v) - mx)
		sum += probs[i]
	}
	idx := make([]int, len(logits))
	for i := range idx {
		idx[i] = i
		probs[i] /= sum
	}
	sort.SliceStable(idx, func(a, b int) bool { return probs[idx[a]] > probs[idx[b]] })
	k = min(max(k, 0), len(idx))
	out := make([]Prediction, k)
	for i := range k {
		c := idx[i]
		label := fmt.Sprintf("class %d", c)
		if len(logits) == len(ImageNetClasses) {
			label = ImageNetClasses[c]
		}
		out[i] = Prediction{Class: c, Label: label, Prob: probs[c]}
	}
	return out
}
