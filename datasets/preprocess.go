package datasets

import (
	"fmt"
	"math"

	"github.com/gocnn/gocnn/internal/enum"
)

// Normalization constants: the mean and standard deviation of the training
// pixels scaled to [0,1] (population statistics over all 60,000×28×28 values).
const (
	MNISTMean        = 0.1307 // torchvision's customary value; exact: 0.130660
	MNISTStd         = 0.3081 // exact: 0.308108
	FashionMNISTMean = 0.2860 // exact: 0.286041
	FashionMNISTStd  = 0.3530 // exact: 0.353024
)

// MeanStd returns the normalization constants of a known dataset.
func MeanStd(name string) (mean, std float32, err error) {
	switch name {
	case MNIST:
		return MNISTMean, MNISTStd, nil
	case FashionMNIST:
		return FashionMNISTMean, FashionMNISTStd, nil
	}
	_, err = lookup(name)
	return 0, 0, err
}

// PixelStats computes the mean and (population) standard deviation of the
// pixels of ds scaled to [0,1], in float64.
func PixelStats(ds *Dataset) (mean, std float64) {
	var hist [256]int64
	for _, p := range ds.Images {
		hist[p]++
	}
	n := float64(len(ds.Images))
	var s, s2 float64
	for v, c := range hist {
		x := float64(v) / 255
		s += float64(c) * x
		s2 += float64(c) * x * x
	}
	mean = s / n
	return mean, math.Sqrt(max(s2/n-mean*mean, 0))
}

// ToFloat32 scales the pixels to [0,1] as torchvision's ToTensor does
// (value/255), laid out channels-last [N, H, W, 1].
func ToFloat32(ds *Dataset) []float32 {
	out := make([]float32, len(ds.Images))
	for i, p := range ds.Images {
		out[i] = float32(p) / 255
	}
	return out
}

// Normalize replaces every x by (x-mean)/std in place, as torchvision's
// Normalize((mean,), (std,)).
func Normalize(x []float32, mean, std float32) {
	for i, v := range x {
		x[i] = (v - mean) / std
	}
}

// Pad returns ds with p zero pixels added on every side, as torchvision's
// transforms.Pad(p) (fill 0): 28×28 becomes (28+2p)×(28+2p).
func Pad(ds *Dataset, p int) (*Dataset, error) {
	if p < 0 {
		return nil, fmt.Errorf("datasets: pad %d: want p >= 0", p)
	}
	h, w := ds.H+2*p, ds.W+2*p
	out := &Dataset{Name: ds.Name, N: ds.N, H: h, W: w, Images: make([]uint8, ds.N*h*w),
		Labels: ds.Labels, Classes: ds.Classes}
	for i := range ds.N {
		src, dst := ds.Image(i), out.Images[i*h*w:(i+1)*h*w]
		for y := range ds.H {
			copy(dst[(y+p)*w+p:(y+p)*w+p+ds.W], src[y*ds.W:(y+1)*ds.W])
		}
	}
	return out, nil
}

// PIL's fixed-point precision for 8-bit resampling (Resample.c).
const pilPrecisionBits = 32 - 8 - 2

// pilCoeffs reproduces PIL's precompute_coeffs + normalize_coeffs_8bpc for
// the bilinear (triangle) filter, resampling inSize pixels to outSize.
// bounds holds (first input pixel, count) per output pixel; kk holds ksize
// fixed-point weights per output pixel.
func pilCoeffs(inSize, outSize int) (ksize int, bounds []int, kk []int32) {
	scale := float64(inSize) / float64(outSize)
	filterscale := max(scale, 1.0)
	support := 1.0 * filterscale // bilinear support is 1
	ksize = int(math.Ceil(support))*2 + 1
	bounds = make([]int, 2*outSize)
	kk = make([]int32, outSize*ksize)
	w := make([]float64, ksize)
	for xx := range outSize {
		center := (float64(xx) + 0.5) * scale
		ss := 1.0 / filterscale
		xmin := int(center - support + 0.5) // C cast: truncation toward zero
		xmin = max(xmin, 0)
		xmax := min(int(center+support+0.5), inSize) - xmin
		ww := 0.0
		for x := range xmax {
			t := math.Abs((float64(x+xmin) - center + 0.5) * ss)
			v := 0.0
			if t < 1.0 {
				v = 1.0 - t
			}
			w[x] = v
			ww += v
		}
		for x := range ksize {
			v := 0.0
			if x < xmax && ww != 0 {
				v = w[x] / ww
			}
			f := v * (1 << pilPrecisionBits)
			if v < 0 {
				kk[xx*ksize+x] = int32(-0.5 + f)
			} else {
				kk[xx*ksize+x] = int32(0.5 + f)
			}
		}
		bounds[2*xx], bounds[2*xx+1] = xmin, xmax
	}
	return ksize, bounds, kk
}

// clip8 is PIL's rounding of a fixed-point sum to a grey level.
func clip8(v int32) uint8 {
	v >>= pilPrecisionBits
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// ResizeImage resizes one h×w grey image to oh×ow exactly as PIL's
// Image.resize(..., BILINEAR) does on mode "L" (the path torchvision's
// transforms.Resize takes for PIL images): a horizontal pass, rounded to
// uint8, then a vertical pass, with PIL's antialiasing support and 22-bit
// fixed-point weights. dst must hold oh×ow values.
func ResizeImage(dst []uint8, src []uint8, h, w, oh, ow int) {
	if h == oh && w == ow {
		copy(dst, src[:h*w])
		return
	}
	kx, bx, wx := pilCoeffs(w, ow)
	ky, by, wy := pilCoeffs(h, oh)
	tmp := make([]uint8, h*ow)
	if ow != w {
		for y := range h {
			row := src[y*w : (y+1)*w]
			for xx := range ow {
				xmin, n := bx[2*xx], bx[2*xx+1]
				k := wx[xx*kx:]
				ss := int32(1 << (pilPrecisionBits - 1))
				for x := range n {
					ss += int32(row[xmin+x]) * k[x]
				}
				tmp[y*ow+xx] = clip8(ss)
			}
		}
	} else {
		copy(tmp, src[:h*w])
	}
	if oh == h {
		copy(dst, tmp)
		return
	}
	for yy := range oh {
		ymin, n := by[2*yy], by[2*yy+1]
		k := wy[yy*ky:]
		for xx := range ow {
			ss := int32(1 << (pilPrecisionBits - 1))
			for y := range n {
				ss += int32(tmp[(ymin+y)*ow+xx]) * k[y]
			}
			dst[yy*ow+xx] = clip8(ss)
		}
	}
}

// Resize returns ds with every image resized to h×w by ResizeImage, which
// equals torchvision's transforms.Resize((h, w)) on PIL images; for square
// images Resize(ds, 32, 32) equals transforms.Resize(32).
func Resize(ds *Dataset, h, w int) (*Dataset, error) {
	if h <= 0 || w <= 0 {
		return nil, fmt.Errorf("datasets: resize to %d×%d: want positive sizes", h, w)
	}
	out := &Dataset{Name: ds.Name, N: ds.N, H: h, W: w, Images: make([]uint8, ds.N*h*w),
		Labels: ds.Labels, Classes: ds.Classes}
	for i := range ds.N {
		ResizeImage(out.Images[i*h*w:(i+1)*h*w], ds.Image(i), ds.H, ds.W, h, w)
	}
	return out, nil
}

// Geometry is the spatial transform Prepare applies before scaling.
type Geometry int

const (
	// Keep leaves images at their size (28×28).
	Keep Geometry = iota
	// Resize32 resizes to 32×32 as torchvision's transforms.Resize(32).
	Resize32
	// Pad32 pads 2 zero pixels on each side, as torchvision's transforms.Pad(2)
	// (28×28 becomes 32×32).
	Pad32
)

// String names the geometry.
func (g Geometry) String() string { return enum.Name(g, "Geometry", "Keep", "Resize32", "Pad32") }

// Transform is a torchvision-style pipeline: Geometry on the uint8 image,
// then ToTensor (/255), then, if Normalize, (x-Mean)/Std.
type Transform struct {
	Geometry  Geometry
	Normalize bool
	Mean, Std float32 // used when Normalize; Std must be positive
}

// Prepare applies t to ds and returns float32 images [N, H, W, 1]
// (channels-last), int32 labels and the sample shape [H, W, 1]: the arguments
// of NewLoader.
func Prepare(ds *Dataset, t Transform) (images []float32, labels []int32, shape []int, err error) {
	if err := ds.Validate(); err != nil {
		return nil, nil, nil, err
	}
	g := ds
	switch t.Geometry {
	case Keep:
	case Resize32:
		g, err = Resize(ds, 32, 32)
	case Pad32:
		if ds.H > 32 || ds.W > 32 || (32-ds.H)%2 != 0 || (32-ds.W)%2 != 0 || ds.H != ds.W {
			return nil, nil, nil, fmt.Errorf("datasets: %s: Pad32 needs square images of even size <= 32, have %d×%d",
				ds.Name, ds.H, ds.W)
		}
		g, err = Pad(ds, (32-ds.H)/2)
	default:
		return nil, nil, nil, fmt.Errorf("datasets: unknown geometry %v", t.Geometry)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	images = ToFloat32(g)
	if t.Normalize {
		if !(t.Std > 0) {
			return nil, nil, nil, fmt.Errorf("datasets: normalize with std %v: want a positive value", t.Std)
		}
		Normalize(images, t.Mean, t.Std)
	}
	labels = make([]int32, ds.N)
	for i, l := range ds.Labels {
		labels[i] = int32(l)
	}
	return images, labels, []int{g.H, g.W, 1}, nil
}

// NewDatasetLoader is Prepare followed by NewLoader.
func NewDatasetLoader(ds *Dataset, t Transform, opts LoaderOptions) (*Loader, error) {
	images, labels, shape, err := Prepare(ds, t)
	if err != nil {
		return nil, err
	}
	return NewLoader(images, labels, shape, opts)
}
