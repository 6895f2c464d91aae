package plots

import (
	"bytes"
	"html"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fashionNames are Fashion-MNIST's class names (torchvision's order).
var fashionNames = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// render checks that f renders to a PNG of the expected pixel size and to an
// SVG containing every want string (titles, labels, legend entries), and, when
// PLOTS_REVIEW_DIR is set, saves both files there for visual review.
func render(t *testing.T, name string, f *Figure, err error, want ...string) string {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	if !strings.HasPrefix(s, "<?xml") || !strings.Contains(s, "</svg>") {
		t.Fatalf("%s: SVG is not a complete document", name)
	}
	for _, w := range want {
		if !strings.Contains(s, ">"+html.EscapeString(w)+"<") {
			t.Errorf("%s: SVG has no text element %q", name, w)
		}
	}
	pngData, err := f.PNG(50)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatalf("%s: PNG does not decode: %v", name, err)
	}
	// The PNG is Width×Height inches at 50 dpi (1 inch = 72 points).
	wantW := int(math.Ceil(float64(f.Width) / 72 * 50))
	if b := img.Bounds(); b.Dx() < wantW-1 || b.Dx() > wantW+1 {
		t.Errorf("%s: PNG is %d px wide, expected %d (%.2f in at 50 dpi)", name, b.Dx(), wantW, float64(f.Width)/72)
	}
	if dir := os.Getenv("PLOTS_REVIEW_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := f.SaveAll(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestTrainingCurves(t *testing.T) {
	h := History{
		TrainLoss:     []float64{0.45, 0.12, 0.08, 0.06, 0.05},
		EvalLoss:      []float64{0.15, 0.09, 0.07, 0.065, 0.06},
		TrainAccuracy: []float64{86.1, 96.4, 97.6, 98.2, 98.5},
		EvalAccuracy:  []float64{95.3, 97.2, 97.9, 98.0, 98.2},
	}
	f, err := TrainingCurves(h, DefaultCurveLabels)
	render(t, "curves", f, err, "Loss per epoch", "Accuracy per epoch", "Epoch", "Loss",
		"Accuracy (%)", "Train Loss", "Test Loss", "Train Accuracy", "Test Accuracy")
	if _, err := TrainingCurves(History{}, DefaultCurveLabels); err == nil {
		t.Error("empty history: expected an error")
	}
	if _, err := Lines("x", LinePanel{Series: []Series{{X: []float64{1, 2}, Y: []float64{1}}}}); err == nil {
		t.Error("len(X) != len(Y): expected an error")
	}
}

func TestStepLoss(t *testing.T) {
	it := make([]float64, 200)
	loss := make([]float64, 200)
	for i := range it {
		it[i] = float64(i * 50)
		loss[i] = 2.3*math.Exp(-float64(i)/30) + 0.1 + 0.05*math.Sin(float64(i))
	}
	f, err := StepLoss("", "Validation Loss", it, loss)
	render(t, "steploss", f, err, "Validation Loss Over Time", "Iteration", "Loss", "Validation Loss")
}

// digit draws a synthetic 28×28 image: a ring whose radius depends on k.
func digit(k int) []uint8 {
	p := make([]uint8, 28*28)
	r := 4 + float64(k)
	for y := 0; y < 28; y++ {
		for x := 0; x < 28; x++ {
			d := math.Hypot(float64(x)-13.5, float64(y)-13.5)
			if math.Abs(d-r) < 1.5 {
				p[y*28+x] = 255
			}
		}
	}
	return p
}

func TestImageGrid(t *testing.T) {
	var imgs [][]uint8
	var titles []string
	for k := 0; k < 6; k++ {
		imgs = append(imgs, digit(k))
		titles = append(titles, "Digit: "+string(rune('0'+k)))
	}
	f, err := ImageGrid("", ImagesU8(imgs, 28, 28), titles, GridOptions{Cols: 6})
	render(t, "show_images", f, err, "Digit: 0", "Digit: 5")
	if _, err := ImageGrid("", []Image{{H: 28, W: 28, Pix: make([]float32, 10)}}, nil, GridOptions{}); err == nil {
		t.Error("wrong pixel count: expected an error")
	}
}

func TestSamplesPerClass(t *testing.T) {
	var imgs []Image
	var labels []int
	for i := 0; i < 60; i++ {
		imgs = append(imgs, GrayU8(digit(i%10), 28, 28))
		labels = append(labels, (i*7)%10)
	}
	sel, titles, err := SamplesPerClass(imgs, labels, fashionNames, 3)
	if err != nil {
		t.Fatal(err)
	}
	// 60 images, 6 per class: 3 of each of the 10 classes are kept.
	if len(sel) != 30 || titles[0] != "T-shirt/top" || titles[29] != "Ankle boot" {
		t.Fatalf("SamplesPerClass: got %d images, titles %q..%q; expected 30, T-shirt/top..Ankle boot", len(sel), titles[0], titles[len(titles)-1])
	}
	f, err := ImageGrid("Fashion-MNIST: samples per class", sel, titles, GridOptions{Cols: 6})
	render(t, "samples_per_class", f, err, "Fashion-MNIST: samples per class", "Ankle boot", "Sneaker")
}

func TestPredictionGrid(t *testing.T) {
	var imgs []Image
	var tl, pl []int
	for i := 0; i < 10; i++ {
		imgs = append(imgs, GrayU8(digit(i), 28, 28))
		tl = append(tl, i)
		p := i
		if i%4 == 3 {
			p = (i + 1) % 10
		}
		pl = append(pl, p)
	}
	f, err := PredictionGrid("Predicciones", imgs, tl, pl, fashionNames, GridOptions{Cols: 5})
	s := render(t, "predictions", f, err, "Predicciones", "T: Dress / P: Coat", "T: Trouser / P: Trouser")
	// Mistakes (i = 3 and 7) are titled and framed in red (#d62728): at
	// least two red titles plus two red borders.
	if n := strings.Count(strings.ToLower(s), "#d62728"); n < 4 {
		t.Errorf("prediction grid: %d red elements, expected >= 4 (2 titles + 2 borders)", n)
	}
	if _, err := PredictionGrid("", imgs, tl[:3], pl, nil, GridOptions{}); err == nil {
		t.Error("label count mismatch: expected an error")
	}
}

func TestConfusionMatrix(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cm := make([][]int, 10)
	for i := range cm {
		cm[i] = make([]int, 10)
		for j := range cm[i] {
			if i == j {
				cm[i][j] = 800 + rng.IntN(150)
			} else {
				cm[i][j] = rng.IntN(40)
			}
		}
	}
	cm[6][0] = 120 // shirts confused with T-shirts, as in Fashion-MNIST
	f, err := ConfusionMatrix("Confusion matrix", cm, fashionNames)
	want := append([]string{"Confusion matrix", "Predicted label", "True label", "120"}, fashionNames...)
	s := render(t, "confusion", f, err, want...)
	// The 10 diagonal cells are dark (>= 800 of a max <= 950): their counts
	// are white, so there are at least 10 white fills besides the background.
	if n := strings.Count(strings.ToLower(s), "fill:#ffffff"); n < 11 {
		t.Errorf("confusion matrix: %d white fills, expected >= 11 (background + 10 diagonal counts)", n)
	}
	if _, err := ConfusionMatrix("", [][]int{{1, 2}, {3}}, nil); err == nil {
		t.Error("ragged matrix: expected an error")
	}
}

func TestClassScatter(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var xy [][2]float64
	var labels []int
	for i := 0; i < 1000; i++ {
		k := i % 10
		a := float64(k) / 10 * 2 * math.Pi
		xy = append(xy, [2]float64{30*math.Cos(a) + 4*rng.NormFloat64(), 30*math.Sin(a) + 4*rng.NormFloat64()})
		labels = append(labels, k)
	}
	names := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	f, err := ClassScatter(xy, labels, names, DefaultTSNELabels)
	render(t, "tsne_scatter", f, err, append([]string{"t-SNE of the embeddings learned by LeNet", "Component 1", "Component 2"}, names...)...)
	if _, err := ClassScatter(xy[:3], labels, names, DefaultTSNELabels); err == nil {
		t.Error("points/labels mismatch: expected an error")
	}
}

func TestClassDistribution(t *testing.T) {
	var labels []int
	for k := 0; k < 10; k++ {
		for i := 0; i < 6000-100*k; i++ {
			labels = append(labels, k)
		}
	}
	f, err := ClassDistribution("Class distribution", labels, fashionNames)
	// Class 0 has 6000 examples, class 9 has 6000 - 900 = 5100.
	render(t, "class_distribution", f, err, append([]string{"Class distribution", "Class", "Number of images", "6000", "5100"}, fashionNames...)...)
}

func TestHistogram(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var v []float64
	for i := 0; i < 20000; i++ {
		if rng.Float64() < 0.5 {
			v = append(v, 0)
		} else {
			v = append(v, math.Min(1, math.Abs(rng.NormFloat64()*0.3+0.6)))
		}
	}
	f, err := Histogram("Pixel intensities", "Intensity", "Pixels", v, 50)
	render(t, "pixel_histogram", f, err, "Pixel intensities", "Intensity", "Pixels")
	if _, err := Histogram("x", "", "", []float64{math.NaN()}, 10); err == nil {
		t.Error("NaN value: expected an error")
	}
}

func TestBarsAndTable(t *testing.T) {
	kernels := []string{"3×3", "5×5", "7×7"}
	f, err := Bars("Kernel size",
		BarPanel{Title: "Accuracy", XLabel: "Kernel", YLabel: "Accuracy (%)", Categories: kernels,
			Series:      []BarSeries{{Name: "Train", Values: []float64{93.1, 92.8, 92.0}}, {Name: "Test", Values: []float64{91.2, 90.9, 90.1}}},
			ValueLabels: true, ValueFormat: "%.1f"},
		BarPanel{Title: "Parameters", XLabel: "Kernel", YLabel: "Parameters", Categories: kernels,
			Series: []BarSeries{{Values: []float64{206922, 215466, 228282}}}},
		BarPanel{Title: "Time", XLabel: "Kernel", YLabel: "Seconds", Categories: kernels,
			Series: []BarSeries{{Values: []float64{41.5, 48.2, 60.3}}}, ValueLabels: true, ValueFormat: "%.1f s"})
	render(t, "kernel_bars", f, err, "Kernel size", "Accuracy", "Parameters", "Time", "3×3", "7×7", "Train", "Test", "91.2", "60.3 s")
	if _, err := Bars("", BarPanel{Categories: kernels, Series: []BarSeries{{Values: []float64{1}}}}); err == nil {
		t.Error("values/categories mismatch: expected an error")
	}
	tf, err := Table("Results", []string{"Kernel", "Accuracy", "Parameters", "Time"},
		[][]string{{"3×3", "91.2%", "206922", "41.5 s"}, {"5×5", "90.9%", "215466", "48.2 s"}, {"7×7", "90.1%", "228282", "60.3 s"}})
	render(t, "kernel_table", tf, err, "Results", "Kernel", "Accuracy", "91.2%", "228282", "60.3 s")
	if _, err := Table("", []string{"a", "b"}, [][]string{{"1"}}); err == nil {
		t.Error("short row: expected an error")
	}
}

func TestFiltersAndFeatureMaps(t *testing.T) {
	// 6 filters 5×5 (LeNet-5 conv1): filter o is a ramp of slope o-2.5.
	w := make([]float32, 6*1*5*5)
	for o := 0; o < 6; o++ {
		for y := 0; y < 5; y++ {
			for x := 0; x < 5; x++ {
				w[(o*5+y)*5+x] = float32(o-3) * float32(x-2) * 0.1
			}
		}
	}
	f, err := Filters("Filtros de conv1", w, 6, 1, 5, 5, false, GridOptions{})
	render(t, "filters", f, err, "Filtros de conv1", "f0", "f5")
	// The same weights in GoMLX's [kh, kw, in, out] layout give the same cells.
	hwio := make([]float32, len(w))
	for o := 0; o < 6; o++ {
		for y := 0; y < 5; y++ {
			for x := 0; x < 5; x++ {
				hwio[(y*5+x)*6+o] = w[(o*5+y)*5+x]
			}
		}
	}
	g, err := Filters("Filtros de conv1", hwio, 6, 1, 5, 5, true, GridOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := f.SVG()
	b, _ := g.SVG()
	if !bytes.Equal(a, b) {
		t.Error("Filters: OIHW and HWIO layouts of the same weights draw different figures")
	}
	act := make([]float32, 6*24*24)
	for k := 0; k < 6; k++ {
		for i := 0; i < 24*24; i++ {
			act[k*24*24+i] = float32(math.Sin(float64(i%24*(k+1)) / 6))
		}
	}
	fm, err := FeatureMaps("Feature maps", act, 6, 24, 24, false, GridOptions{})
	render(t, "feature_maps", fm, err, "Feature maps", "ch 0", "ch 5")
	if _, err := FeatureMaps("", act[:10], 6, 24, 24, false, GridOptions{}); err == nil {
		t.Error("short activation: expected an error")
	}
}
