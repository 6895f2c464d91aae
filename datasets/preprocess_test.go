package datasets

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func tinyDataset(n, h, w int) *Dataset {
	ds := &Dataset{Name: "tiny", N: n, H: h, W: w, Images: make([]uint8, n*h*w), Labels: make([]uint8, n),
		Classes: MNISTClasses}
	for i := range ds.Images {
		ds.Images[i] = uint8(i*37 + 11)
	}
	for i := range ds.Labels {
		ds.Labels[i] = uint8(i % 10)
	}
	return ds
}

func TestPad(t *testing.T) {
	ds := &Dataset{Name: "p", N: 1, H: 2, W: 2, Images: []uint8{1, 2, 3, 4}, Labels: []uint8{7}, Classes: MNISTClasses}
	got, err := Pad(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint8{
		0, 0, 0, 0,
		0, 1, 2, 0,
		0, 3, 4, 0,
		0, 0, 0, 0,
	}
	if got.H != 4 || got.W != 4 || !slices.Equal(got.Images, want) {
		t.Errorf("Pad(1) = %d×%d %v, want 4×4 %v", got.H, got.W, got.Images, want)
	}
	if _, err := Pad(ds, -1); err == nil {
		t.Error("Pad(-1) gave no error")
	}
}

// TestResizeConstant: PIL's normalised weights sum to 1, so a constant image
// stays constant when enlarged (28→32) or reduced (28→14), at every grey level.
func TestResizeConstant(t *testing.T) {
	src := make([]uint8, 28*28)
	for v := range 256 {
		for i := range src {
			src[i] = uint8(v)
		}
		for _, size := range []int{32, 14} {
			dst := make([]uint8, size*size)
			ResizeImage(dst, src, 28, 28, size, size)
			for _, p := range dst {
				if int(p) != v {
					t.Fatalf("constant %d resized to %d×%d gave %d", v, size, size, p)
				}
			}
		}
	}
	if _, err := Resize(tinyDataset(1, 2, 2), 0, 3); err == nil {
		t.Error("Resize to 0×3 gave no error")
	}
}

func TestPrepare(t *testing.T) {
	ds := tinyDataset(3, 28, 28)
	const mean, std = 0.5, 0.25
	for _, tc := range []struct {
		g    Geometry
		side int
	}{{Keep, 28}, {Pad32, 32}, {Resize32, 32}} {
		images, labels, shape, err := Prepare(ds, Transform{Geometry: tc.g, Normalize: true, Mean: mean, Std: std})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(shape, []int{tc.side, tc.side, 1}) || len(images) != 3*tc.side*tc.side {
			t.Fatalf("%v: shape %v with %d values, want [%d %d 1] with %d", tc.g, shape, len(images),
				tc.side, tc.side, 3*tc.side*tc.side)
		}
		if !slices.Equal(labels, []int32{0, 1, 2}) {
			t.Errorf("%v: labels %v, want [0 1 2]", tc.g, labels)
		}
		// Top-left pixel of image 1: padding (0) for Pad32, else pixel 784 of the data.
		want := float32(ds.Images[784]) / 255
		if tc.g == Pad32 {
			want = 0
		}
		want = (want - mean) / std
		if tc.g != Resize32 && math.Abs(float64(images[tc.side*tc.side]-want)) > 1e-6 {
			t.Errorf("%v: first value of image 1 = %v, want %v", tc.g, images[tc.side*tc.side], want)
		}
		// Pad32 keeps the original pixels at offset (2,2).
		if tc.g == Pad32 {
			got := images[2*32+2]
			if w := (float32(ds.Images[0])/255 - mean) / std; math.Abs(float64(got-w)) > 1e-6 {
				t.Errorf("Pad32: pixel (2,2) = %v, want %v", got, w)
			}
		}
	}
	images, _, _, err := Prepare(ds, Transform{})
	if err != nil {
		t.Fatal(err)
	}
	if images[0] != float32(ds.Images[0])/255 {
		t.Errorf("ToTensor: %v, want %v/255", images[0], ds.Images[0])
	}
	if _, _, _, err := Prepare(ds, Transform{Normalize: true}); err == nil || !strings.Contains(err.Error(), "std") {
		t.Errorf("std 0: %v, want an error", err)
	}
	if _, _, _, err := Prepare(tinyDataset(1, 27, 27), Transform{Geometry: Pad32}); err == nil {
		t.Error("Pad32 of 27×27 gave no error")
	}
}

func TestSplitErrors(t *testing.T) {
	ds := tinyDataset(10, 2, 2)
	if _, _, err := Split(ds, 11, 1); err == nil {
		t.Error("split of 11 out of 10 gave no error")
	}
	a, b, err := Split(ds, 7, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Every sample lands in exactly one part.
	seen := make([]int, 10)
	for _, part := range []*Dataset{a, b} {
		for i := range part.N {
			seen[slices.Index(ds.Images, part.Image(i)[0])/4]++
		}
	}
	if a.N != 7 || b.N != 3 || !slices.Equal(seen, slices.Repeat([]int{1}, 10)) {
		t.Errorf("split %d/%d covering %v, want 7/3 covering each sample once", a.N, b.N, seen)
	}
}

func TestLoaderEpochs(t *testing.T) {
	const n = 10
	images := make([]float32, n*4)
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(i)
		for j := range 4 {
			images[i*4+j] = float32(i)
		}
	}
	l, err := NewLoader(images, labels, []int{2, 2, 1}, LoaderOptions{BatchSize: 4, Shuffle: true, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	// ceil(10/4) = 3 batches; with DropLast floor(10/4) = 2.
	if l.NumBatches() != 3 {
		t.Errorf("NumBatches = %d, want 3", l.NumBatches())
	}
	if !slices.Equal(l.Order(1), l.Order(1)) || slices.Equal(l.Order(0), l.Order(1)) {
		t.Error("order must depend on the epoch and only on it")
	}
	seen := make([]int, n)
	for b := range l.Epoch(2) {
		for i := range b.Size {
			if b.Images[i*4] != float32(b.Labels[i]) {
				t.Fatalf("image and label out of step: %v vs %d", b.Images[i*4], b.Labels[i])
			}
			seen[b.Labels[i]]++
		}
	}
	if !slices.Equal(seen, slices.Repeat([]int{1}, n)) {
		t.Errorf("epoch visits %v, want every sample once", seen)
	}
	ld, _ := NewLoader(images, labels, []int{2, 2, 1}, LoaderOptions{BatchSize: 4, DropLast: true})
	count := 0
	for range ld.Epoch(0) {
		count++
	}
	if ld.NumBatches() != 2 || count != 2 {
		t.Errorf("DropLast: NumBatches %d, yielded %d, want 2", ld.NumBatches(), count)
	}
	for _, bad := range []struct {
		shape []int
		opts  LoaderOptions
	}{{[]int{2, 2, 1}, LoaderOptions{}}, {[]int{2, 2}, LoaderOptions{BatchSize: 1}}, {[]int{3, 2, 1}, LoaderOptions{BatchSize: 1}}} {
		if _, err := NewLoader(images, labels, bad.shape, bad.opts); err == nil {
			t.Errorf("NewLoader(shape %v, %+v) gave no error", bad.shape, bad.opts)
		}
	}
}

func ExampleNewLoader() {
	// Six 1×1 grey images whose value is their index; labels alternate.
	images := []float32{0, 1, 2, 3, 4, 5}
	labels := []int32{0, 1, 0, 1, 0, 1}
	l, err := NewLoader(images, labels, []int{1, 1, 1}, LoaderOptions{BatchSize: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	for b := range l.Epoch(0) {
		fmt.Println(b.Size, b.Images, b.Labels)
	}
	// Output:
	// 4 [0 1 2 3] [0 1 0 1]
	// 2 [4 5] [0 1]
}

func ExamplePrepare() {
	// One 2×2 image padded to 4×4 and scaled to [0,1], as Pad(1) + ToTensor.
	ds := &Dataset{Name: "demo", N: 1, H: 2, W: 2, Images: []uint8{255, 0, 0, 255},
		Labels: []uint8{3}, Classes: MNISTClasses}
	padded, _ := Pad(ds, 1)
	images, labels, shape, err := Prepare(padded, Transform{Geometry: Keep})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(shape, labels)
	for y := range 4 {
		fmt.Println(images[y*4 : y*4+4])
	}
	// Output:
	// [4 4 1] [3]
	// [0 0 0 0]
	// [0 1 0 0]
	// [0 0 1 0]
	// [0 0 0 0]
}

func ExampleTorchRandPerm() {
	// torch.randperm(10, generator=torch.Generator().manual_seed(42)).tolist()
	fmt.Println(TorchRandPerm(10, 42))
	// Output: [2 6 1 8 4 5 0 9 3 7]
}

func ExampleResizeImage() {
	// A 2×2 checkerboard enlarged to 4×4; PIL gives the same:
	// Image.fromarray(a, "L").resize((4, 4), Image.BILINEAR).
	src := []uint8{0, 255, 255, 0}
	dst := make([]uint8, 16)
	ResizeImage(dst, src, 2, 2, 4, 4)
	for y := range 4 {
		fmt.Println(dst[y*4 : y*4+4])
	}
	// Output:
	// [0 64 191 255]
	// [64 96 159 191]
	// [191 159 96 64]
	// [255 191 64 0]
}

func ExampleLoadMNIST() {
	train, test, err := LoadMNIST(Options{})
	if err != nil {
		fmt.Println(err) // lists every place tried and how to get the files
		return
	}
	trainSet, valSet, _ := Split(train, 55000, 42) // the LeNet-1 chapter's split
	loader, _ := NewDatasetLoader(trainSet, Transform{Geometry: Pad32, Normalize: true, Mean: MNISTMean, Std: MNISTStd},
		LoaderOptions{BatchSize: 256, Shuffle: true, Seed: 1})
	fmt.Println(loader.Len(), valSet.N, test.N)
}
