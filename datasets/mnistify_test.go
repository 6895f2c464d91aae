package datasets

import (
	"errors"
	"math"
	"os"
	"testing"
)

// A digit drawn too large and off-centre, as dark ink on white paper: a 60×40
// (h×w) ring in the top-left corner of a 100×100 image. MNIST's description
// puts its bounding box into a 20×20 box keeping the aspect ratio (20×13:
// 40·20/60 = 13.3 rounds to 13) and its centre of mass at the centre of the
// 28×28 field, (14, 14), to half a pixel (whole-pixel translation).
func TestMNISTifyOffCentreTooLarge(t *testing.T) {
	const h, w = 100, 100
	img := make([]uint8, h*w)
	for i := range img {
		img[i] = 255 // white paper
	}
	for y := 2; y < 62; y++ {
		for x := 3; x < 43; x++ {
			if y < 10 || y >= 54 || x < 11 || x >= 35 { // an 8-pixel-wide ring
				img[y*w+x] = 0
			}
		}
	}
	out, err := MNISTify(img, h, w)
	if err != nil {
		t.Fatal(err)
	}
	y0, x0, y1, x1, ok := BoundingBox(out, MNISTSize, MNISTSize)
	if !ok {
		t.Fatal("no ink in the output")
	}
	if y1-y0 != 20 || x1-x0 != 13 {
		t.Errorf("bounding box %d×%d (rows %d–%d, columns %d–%d): want 20×13", y1-y0, x1-x0, y0, y1, x0, x1)
	}
	cx, cy, _ := CentreOfMass(out, MNISTSize, MNISTSize)
	if math.Abs(cx-14) > 0.5 || math.Abs(cy-14) > 0.5 {
		t.Errorf("centre of mass (%.3f, %.3f): want (14, 14) ± 0.5", cx, cy)
	}
	// Inverted: white ink on a black background (MNIST's polarity) gives the
	// same image.
	inv := make([]uint8, len(img))
	for i, v := range img {
		inv[i] = 255 - v
	}
	out2, err := MNISTify(inv, h, w)
	if err != nil {
		t.Fatal(err)
	}
	for i := range out {
		if out[i] != out2[i] {
			t.Fatalf("pixel %d: %d for dark-on-light, %d for light-on-dark: want the same", i, out[i], out2[i])
		}
	}
}

// A wide digit (a horizontal bar 10×80 at the bottom right) scales its width
// to 20 and its height to 10·20/80 = 2.5, rounded to 3 (Go's math.Round
// rounds half away from zero).
func TestMNISTifyWide(t *testing.T) {
	const h, w = 90, 120
	img := make([]uint8, h*w)
	for y := 75; y < 85; y++ {
		for x := 35; x < 115; x++ {
			img[y*w+x] = 200
		}
	}
	out, err := MNISTify(img, h, w)
	if err != nil {
		t.Fatal(err)
	}
	y0, x0, y1, x1, _ := BoundingBox(out, MNISTSize, MNISTSize)
	if y1-y0 != 3 || x1-x0 != 20 {
		t.Errorf("bounding box %d×%d: want 3×20", y1-y0, x1-x0)
	}
	cx, cy, _ := CentreOfMass(out, MNISTSize, MNISTSize)
	if math.Abs(cx-14) > 0.5 || math.Abs(cy-14) > 0.5 {
		t.Errorf("centre of mass (%.3f, %.3f): want (14, 14) ± 0.5", cx, cy)
	}
}

// Empty inputs: all white, all black, uniformly grey, and ink fainter than
// InkFloor, give ErrEmptyImage; a size mismatch is an error too.
func TestMNISTifyEmpty(t *testing.T) {
	for _, level := range []uint8{0, 255, 128, InkFloor - 1} {
		img := make([]uint8, 30*30)
		for i := range img {
			img[i] = level
		}
		if level == InkFloor-1 {
			clear(img)
			img[15*30+15] = level
		}
		if _, err := MNISTify(img, 30, 30); !errors.Is(err, ErrEmptyImage) {
			t.Errorf("level %d: err %v: want ErrEmptyImage", level, err)
		}
	}
	if _, err := MNISTify(make([]uint8, 10), 3, 3); err == nil {
		t.Error("10 values for 3×3: want an error")
	}
}

// MNIST's test digits themselves: their centre of mass lies at (14, 14) on
// average and MNISTify leaves them nearly as they are (same bounding-box
// size to ±1 pixel, centre within half a pixel of (14, 14)).
func TestMNISTifyOnMNIST(t *testing.T) {
	test, err := LoadSplit(MNIST, "test", Options{})
	if err != nil {
		if os.Getenv("GOCNN_REQUIRE_DATA") == "1" {
			t.Fatalf("MNIST not found: %v", err)
		}
		t.Skipf("MNIST not found: %v", err)
	}
	var sx, sy float64
	const n = 1000
	for i := range n {
		img := test.Image(i)
		cx, cy, _ := CentreOfMass(img, 28, 28)
		sx, sy = sx+cx, sy+cy
		out, err := MNISTify(img, 28, 28)
		if err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		a0, b0, a1, b1, _ := BoundingBox(img, 28, 28)
		c0, d0, c1, d1, _ := BoundingBox(out, 28, 28)
		if abs(max(a1-a0, b1-b0)-max(c1-c0, d1-d0)) > 1 {
			t.Errorf("image %d: bounding box %d×%d became %d×%d", i, a1-a0, b1-b0, c1-c0, d1-d0)
		}
		ox, oy, _ := CentreOfMass(out, 28, 28)
		if math.Abs(ox-14) > 0.5 || math.Abs(oy-14) > 0.5 {
			t.Errorf("image %d: centre of mass (%.3f, %.3f)", i, ox, oy)
		}
	}
	t.Logf("mean centre of mass of %d MNIST test digits: (%.3f, %.3f)", n, sx/n, sy/n)
	if math.Abs(sx/n-14) > 0.1 || math.Abs(sy/n-14) > 0.1 {
		t.Errorf("mean centre of mass of %d MNIST test digits (%.3f, %.3f): want (14, 14) ± 0.1", n, sx/n, sy/n)
	}
}

func abs(x int) int { return max(x, -x) }

// TransformImage equals Prepare on a one-image dataset.
func TestTransformImage(t *testing.T) {
	img := make([]uint8, 28*28)
	img[14*28+14] = 255
	out, h, w, err := TransformImage(img, 28, 28, Transform{Geometry: Resize32, Normalize: true, Mean: MNISTMean, Std: MNISTStd})
	if err != nil || h != 32 || w != 32 || len(out) != 32*32 {
		t.Fatalf("%d values %d×%d, %v: want 1024 values 32×32", len(out), h, w, err)
	}
	mean, std := float32(MNISTMean), float32(MNISTStd)
	if want := (0 - mean) / std; out[0] != want {
		t.Errorf("background %v: want %v", out[0], want)
	}
}
