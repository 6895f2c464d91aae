package datasets

import "testing"

// A vertical bar drawn as strokes: white paper, black ink along the bar, and
// MNISTify turns the drawing back into a bright bar in the middle columns of
// a 28×28 image, centred at (14, 14) as MNIST's digits are.
func TestStrokes(t *testing.T) {
	bar := make([]uint8, 28*28)
	for y := 6; y < 22; y++ {
		bar[y*28+14] = 255
	}
	d, err := Strokes(bar, 28, 28, 10, 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(d) != 280*280 {
		t.Fatalf("%d pixels, want 280×280 = 78400", len(d))
	}
	// Pixel (y, x) = (140, 145) is the centre of bar pixel (14, 14); (10, 10) is paper.
	if d[140*280+145] != 0 || d[10*280+10] != 255 {
		t.Errorf("ink %d (want 0), paper %d (want 255)", d[140*280+145], d[10*280+10])
	}
	img, err := MNISTify(d, 280, 280)
	if err != nil {
		t.Fatal(err)
	}
	var mass, my, mx float64
	for y := range 28 {
		for x := range 28 {
			v := float64(img[y*28+x])
			mass, my, mx = mass+v, my+v*float64(y), mx+v*float64(x)
			if v > 0 && (x < 10 || x > 18) {
				t.Errorf("ink at (%d, %d), outside the bar's columns 10-18", y, x)
			}
		}
	}
	// MNISTify puts the centre of mass within half a pixel of (14, 14).
	if cy, cx := my/mass, mx/mass; cy < 13.5 || cy > 14.5 || cx < 13.5 || cx > 14.5 {
		t.Errorf("centre of mass (%.2f, %.2f), want (14, 14) within half a pixel", cy, cx)
	}
	if _, err := Strokes(bar, 28, 27, 10, 9); err == nil {
		t.Error("wrong size: no error")
	}
	if _, err := Strokes(bar, 28, 28, 0, 9); err == nil {
		t.Error("scale 0: no error")
	}
}
