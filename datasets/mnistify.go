package datasets

import (
	"errors"
	"fmt"
	"math"
)

// MNIST's own normalisation of a drawn digit, as described on the MNIST page
// (LeCun, Cortes, Burges): "The original black and white images from NIST were
// size normalized to fit in a 20x20 pixel box while preserving their aspect
// ratio. The resulting images contain grey levels as a result of the
// anti-aliasing technique used by the normalization algorithm. The images were
// centered in a 28x28 image by computing the center of mass of the pixels, and
// translating the image so as to position this point at the center of the
// 28x28 field."
const (
	// MNISTSize is the side of an MNIST image.
	MNISTSize = 28
	// MNISTBox is the side of the box the digit's bounding box is scaled into.
	MNISTBox = 20
	// InkFloor is the smallest ink level (after inversion, 0–255) that counts
	// as ink for the bounding box; fainter pixels are treated as background
	// (anti-aliasing fringes, compression noise).
	InkFloor = 16
)

// ErrEmptyImage is returned by MNISTify for an image with no ink: all
// background (e.g. an all-white drawing) or uniformly grey.
var ErrEmptyImage = errors.New("the image has no ink (empty or all one colour): draw a digit")

// MNISTify turns one h×w grey image (0–255, row-major) into a 28×28 MNIST-style
// image: bright ink on a black background, the ink's bounding box scaled to fit
// a 20×20 box keeping its aspect ratio (with ResizeImage, PIL's antialiased
// bilinear), then translated by whole pixels so that its centre of mass lies
// at the centre of the 28×28 field, (14, 14) in pixel coordinates (x = column,
// y = row), within half a pixel: where MNIST's own digits have it (the mean
// over the first 1,000 test digits is (14.007, 13.986)). Ink pushed over the
// border by the translation is cut off, as in MNIST.
//
// The paper's level is the median of the outermost pixels: when it is above
// mid-grey the image is taken as dark ink on light paper and inverted. The
// paper's level is then subtracted (grey paper is no ink), and ink below
// InkFloor is set to 0. An image without ink gives ErrEmptyImage.
func MNISTify(grey []uint8, h, w int) ([]uint8, error) {
	if h <= 0 || w <= 0 || len(grey) != h*w {
		return nil, fmt.Errorf("datasets: MNISTify: %d values for a %d×%d image", len(grey), h, w)
	}
	ink := make([]uint8, len(grey))
	paper := borderMedian(grey, h, w)
	invert := paper > 127
	if invert {
		paper = 255 - paper
	}
	for i, v := range grey {
		if invert {
			v = 255 - v
		}
		v -= min(v, paper)
		if v < InkFloor {
			v = 0
		}
		ink[i] = v
	}
	y0, x0, y1, x1, ok := BoundingBox(ink, h, w)
	if !ok {
		return nil, ErrEmptyImage
	}
	bh, bw := y1-y0, x1-x0
	crop := make([]uint8, bh*bw)
	for y := range bh {
		copy(crop[y*bw:(y+1)*bw], ink[(y0+y)*w+x0:(y0+y)*w+x1])
	}
	// Scale the longer side to 20, keeping the aspect ratio.
	nh, nw := MNISTBox, MNISTBox
	if bh > bw {
		nw = max(1, int(math.Round(float64(bw)*MNISTBox/float64(bh))))
	} else if bw > bh {
		nh = max(1, int(math.Round(float64(bh)*MNISTBox/float64(bw))))
	}
	box := make([]uint8, nh*nw)
	ResizeImage(box, crop, bh, bw, nh, nw)
	// Place the box in the middle of the field, then move its centre of mass
	// to (14, 14).
	field := make([]uint8, MNISTSize*MNISTSize)
	oy, ox := (MNISTSize-nh)/2, (MNISTSize-nw)/2
	for y := range nh {
		copy(field[(oy+y)*MNISTSize+ox:], box[y*nw:(y+1)*nw])
	}
	cx, cy, ok := CentreOfMass(field, MNISTSize, MNISTSize)
	if !ok {
		return nil, ErrEmptyImage // the resize faded every pixel to 0
	}
	dx := int(math.Round(MNISTSize/2 - cx))
	dy := int(math.Round(MNISTSize/2 - cy))
	out := make([]uint8, MNISTSize*MNISTSize)
	for y := range MNISTSize {
		sy := y - dy
		if sy < 0 || sy >= MNISTSize {
			continue
		}
		for x := range MNISTSize {
			sx := x - dx
			if sx < 0 || sx >= MNISTSize {
				continue
			}
			out[y*MNISTSize+x] = field[sy*MNISTSize+sx]
		}
	}
	return out, nil
}

// borderMedian is the median of the outermost rows and columns of an h×w
// image.
func borderMedian(img []uint8, h, w int) uint8 {
	var hist [256]int
	n := 0
	for y := range h {
		for x := range w {
			if y == 0 || y == h-1 || x == 0 || x == w-1 {
				hist[img[y*w+x]]++
				n++
			}
		}
	}
	seen := 0
	for v, c := range hist {
		seen += c
		if 2*seen >= n {
			return uint8(v)
		}
	}
	return 255
}

// BoundingBox returns the smallest rectangle [y0, y1) × [x0, x1) holding every
// non-zero pixel of an h×w image, and false when there is none.
func BoundingBox(img []uint8, h, w int) (y0, x0, y1, x1 int, ok bool) {
	y0, x0, y1, x1 = h, w, 0, 0
	for y := range h {
		for x := range w {
			if img[y*w+x] != 0 {
				y0, y1 = min(y0, y), max(y1, y+1)
				x0, x1 = min(x0, x), max(x1, x+1)
			}
		}
	}
	if y1 == 0 {
		return 0, 0, 0, 0, false
	}
	return y0, x0, y1, x1, true
}

// CentreOfMass returns the intensity-weighted centre (x, y) of an h×w image in
// pixel coordinates: pixel (row i, column j) sits at (j, i). It returns false
// for an all-zero image.
func CentreOfMass(img []uint8, h, w int) (x, y float64, ok bool) {
	var s, sx, sy float64
	for i := range h {
		for j := range w {
			v := float64(img[i*w+j])
			s += v
			sx += v * float64(j)
			sy += v * float64(i)
		}
	}
	if s == 0 {
		return 0, 0, false
	}
	return sx / s, sy / s, true
}

// TransformImage applies t to one h×w grey image (0–255) and returns the
// float32 values the network reads (channels-last [H', W', 1], flattened) and
// the output height and width: the same computation as Prepare on a dataset.
func TransformImage(img []uint8, h, w int, t Transform) (out []float32, oh, ow int, err error) {
	ds := &Dataset{Name: "image", N: 1, H: h, W: w, Images: img, Labels: []uint8{0}, Classes: []string{"?"}}
	out, _, shape, err := Prepare(ds, t)
	if err != nil {
		return nil, 0, 0, err
	}
	return out, shape[0], shape[1], nil
}
