package datasets

import "fmt"

// Strokes redraws a grey h×w image (0–255, row-major, bright ink on black,
// as MNIST stores its digits) the way a student draws a digit on the course's
// drawing canvas: on white paper scale times larger in each direction, a
// round black pen of radius pen (canvas pixels) centred on every pixel whose
// ink is at least half. The result has h·scale rows of w·scale pixels. Tests
// and headless notebook runs use it in place of a drawing: MNISTify turns it
// back into an MNIST-like 28×28 digit.
func Strokes(grey []uint8, h, w, scale int, pen float64) ([]uint8, error) {
	if h <= 0 || w <= 0 || len(grey) != h*w {
		return nil, fmt.Errorf("datasets: Strokes: %d pixels for a %d×%d image", len(grey), h, w)
	}
	if scale < 1 || !(pen > 0) {
		return nil, fmt.Errorf("datasets: Strokes: scale %d, pen %g: want scale ≥ 1 and pen > 0", scale, pen)
	}
	H, W := h*scale, w*scale
	out := make([]uint8, H*W)
	for i := range out {
		out[i] = 255
	}
	r := int(pen) + 1
	for y := range h {
		for x := range w {
			if grey[y*w+x] < 128 {
				continue
			}
			cy, cx := (float64(y)+0.5)*float64(scale), (float64(x)+0.5)*float64(scale)
			for py := max(0, int(cy)-r); py < min(H, int(cy)+r+1); py++ {
				for px := max(0, int(cx)-r); px < min(W, int(cx)+r+1); px++ {
					dy, dx := float64(py)+0.5-cy, float64(px)+0.5-cx
					if dy*dy+dx*dx <= pen*pen {
						out[py*W+px] = 0
					}
				}
			}
		}
	}
	return out, nil
}
