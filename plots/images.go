package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Image is a single-channel image of H rows and W columns, stored row-major
// in Pix (len H*W). Values are mapped to colours by a Colormap after scaling
// (see GridOptions.Range).
type Image struct {
	H, W int
	Pix  []float32
}

// GrayU8 wraps 8-bit pixels (0 black .. 255 white) as an Image; the values are
// scaled to [0, 1].
func GrayU8(pix []uint8, h, w int) Image {
	out := make([]float32, len(pix))
	for i, v := range pix {
		out[i] = float32(v) / 255
	}
	return Image{H: h, W: w, Pix: out}
}

// GrayF32 wraps float pixels as an Image (no copy).
func GrayF32(pix []float32, h, w int) Image { return Image{H: h, W: w, Pix: pix} }

// ImagesU8 wraps a batch of 8-bit images of size h×w each.
func ImagesU8(batch [][]uint8, h, w int) []Image {
	out := make([]Image, len(batch))
	for i, p := range batch {
		out[i] = GrayU8(p, h, w)
	}
	return out
}

// ImagesF32 splits a flat batch of n images of size h×w (as a [N,H,W] or
// [N,1,H,W] tensor's data) into Images.
func ImagesF32(flat []float32, h, w int) ([]Image, error) {
	if h <= 0 || w <= 0 || len(flat)%(h*w) != 0 {
		return nil, fmt.Errorf("plots.ImagesF32: %d values are not a whole number of %d×%d images", len(flat), h, w)
	}
	n := len(flat) / (h * w)
	out := make([]Image, n)
	for i := range out {
		out[i] = Image{H: h, W: w, Pix: flat[i*h*w : (i+1)*h*w]}
	}
	return out, nil
}

func (im Image) check() error {
	if im.H <= 0 || im.W <= 0 || len(im.Pix) != im.H*im.W {
		return fmt.Errorf("image of %d×%d needs %d pixels, has %d", im.H, im.W, im.H*im.W, len(im.Pix))
	}
	return nil
}

// RangeMode says how pixel values are scaled to [0, 1] before the colormap.
type RangeMode int

const (
	// RangeAuto scales each image from its own minimum to its maximum, as
	// matplotlib's imshow does by default.
	RangeAuto RangeMode = iota
	// RangeUnit takes values as already in [0, 1] (clipped).
	RangeUnit
	// RangeSymmetric scales each image to [-m, m] with m its largest
	// absolute value, so 0 maps to the middle of the colormap (filters).
	RangeSymmetric
)

// GridOptions tune an image grid. The zero value is valid: 5 columns, gray
// colormap, per-image auto range, 1.6-inch cells.
type GridOptions struct {
	Cols     int
	Colormap Colormap
	Range    RangeMode
	// CellInches is the side of each image cell, in inches.
	CellInches float64
	// FontSize of the cell titles, in points (default 10).
	FontSize float64
	// Frame draws a thin grey frame around each image (useful when the
	// colormap reaches white, as for filters).
	Frame bool
}

func (o GridOptions) withDefaults(n int) GridOptions {
	if o.Cols <= 0 {
		o.Cols = 5
	}
	if o.Cols > n && n > 0 {
		o.Cols = n
	}
	if o.Colormap == nil {
		o.Colormap = Gray
	}
	if o.CellInches <= 0 {
		o.CellInches = 1.6
	}
	if o.FontSize <= 0 {
		o.FontSize = 10
	}
	return o
}

// gridCell is one image of a grid, with its title and optional highlight.
type gridCell struct {
	img    Image
	title  string
	colour color.Color // title colour and, when border is set, border colour
	border bool
}

// toRGBA converts im to an RGBA image through the colormap, upscaled by an
// integer factor with nearest-neighbour sampling so that small images (28×28)
// stay crisp when the renderer interpolates.
func toRGBA(im Image, cmap Colormap, mode RangeMode) *image.RGBA {
	lo, hi := float32(0), float32(1)
	switch mode {
	case RangeAuto:
		lo, hi = float32(math.Inf(1)), float32(math.Inf(-1))
		for _, v := range im.Pix {
			lo, hi = min(lo, v), max(hi, v)
		}
	case RangeSymmetric:
		var m float32
		for _, v := range im.Pix {
			m = max(m, float32(math.Abs(float64(v))))
		}
		lo, hi = -m, m
	}
	span := float64(hi - lo)
	constant := 0.0 // colormap position of a constant image
	if mode == RangeSymmetric {
		constant = 0.5 // all zero: the centre of a diverging colormap
	}
	f := max(1, 128/max(im.H, im.W))
	out := image.NewRGBA(image.Rect(0, 0, im.W*f, im.H*f))
	for y := 0; y < im.H; y++ {
		for x := 0; x < im.W; x++ {
			t := constant
			if span > 0 {
				t = float64(im.Pix[y*im.W+x]-lo) / span
			}
			c := cmap(t)
			for dy := 0; dy < f; dy++ {
				row := (y*f + dy) * out.Stride
				for dx := 0; dx < f; dx++ {
					o := row + (x*f+dx)*4
					out.Pix[o], out.Pix[o+1], out.Pix[o+2], out.Pix[o+3] = c.R, c.G, c.B, c.A
				}
			}
		}
	}
	return out
}

// gridFigure lays out cells in rows of opts.Cols, each with its title above.
func gridFigure(title string, cells []gridCell, opts GridOptions) (*Figure, error) {
	if len(cells) == 0 {
		return nil, fmt.Errorf("plots: grid %q has no images", title)
	}
	for i, c := range cells {
		if err := c.img.check(); err != nil {
			return nil, fmt.Errorf("plots: grid %q, image %d: %w", title, i, err)
		}
	}
	opts = opts.withDefaults(len(cells))
	cols := opts.Cols
	rows := (len(cells) + cols - 1) / cols
	cell := opts.CellInches
	titleH := 0.0
	for _, c := range cells {
		if c.title != "" {
			titleH = opts.FontSize*1.6/72 + 0.04
			break
		}
	}
	headH := 0.0
	if title != "" {
		headH = 0.45
	}
	pad := 0.12
	w := float64(cols)*(cell+pad) + pad
	h := float64(rows)*(cell+titleH+pad) + pad + headH
	imgs := make([]*image.RGBA, len(cells))
	for i, c := range cells {
		imgs[i] = toRGBA(c.img, opts.Colormap, opts.Range)
	}
	return newFigure(title, w, h, func(c draw.Canvas) {
		in := vg.Inch
		top := c.Max.Y
		if title != "" {
			sty := boldStyle(14, color.Black, draw.XCenter, draw.YCenter)
			c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: top - vg.Length(headH/2)*in}, title)
			top -= vg.Length(headH) * in
		}
		for i, cl := range cells {
			r, col := i/cols, i%cols
			im := cl.img
			// Keep the aspect ratio inside the square cell.
			cw, ch := cell, cell
			if im.W > im.H {
				ch = cell * float64(im.H) / float64(im.W)
			} else if im.H > im.W {
				cw = cell * float64(im.W) / float64(im.H)
			}
			x0 := c.Min.X + vg.Length(pad+float64(col)*(cell+pad)+(cell-cw)/2)*in
			yTop := top - vg.Length(pad+float64(r)*(cell+titleH+pad)+titleH)*in
			rect := vg.Rectangle{Min: vg.Point{X: x0, Y: yTop - vg.Length(ch)*in}, Max: vg.Point{X: x0 + vg.Length(cw)*in, Y: yTop}}
			c.DrawImage(rect, imgs[i])
			if opts.Frame && !cl.border {
				c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 0x99}, Width: vg.Points(0.6)})
				c.Stroke(rect.Path())
			}
			clr := cl.colour
			if clr == nil {
				clr = color.Black
			}
			if cl.border {
				c.SetLineStyle(draw.LineStyle{Color: clr, Width: vg.Points(3)})
				c.Stroke(rect.Path())
			}
			if cl.title != "" {
				sty := textStyle(opts.FontSize, clr, draw.XCenter, draw.YBottom)
				c.FillText(sty, vg.Point{X: (rect.Min.X + rect.Max.X) / 2, Y: yTop + vg.Points(3)}, cl.title)
			}
		}
	}), nil
}

// ImageGrid draws images in a grid with one title per image (titles may be
// nil or shorter than images), like seed 000's show_images
// ("Digit: 5") or a Fashion-MNIST samples-per-class figure.
func ImageGrid(title string, images []Image, titles []string, opts GridOptions) (*Figure, error) {
	cells := make([]gridCell, len(images))
	for i, im := range images {
		cells[i].img = im
		if i < len(titles) {
			cells[i].title = titles[i]
		}
	}
	return gridFigure(title, cells, opts)
}

// className returns names[k] or the number k when there is no name.
func className(names []string, k int) string {
	if k >= 0 && k < len(names) {
		return names[k]
	}
	return fmt.Sprint(k)
}

// MistakeColor is the colour of titles and borders of wrong predictions.
var MistakeColor = color.RGBA{0xd6, 0x27, 0x28, 0xff}

// CorrectColor is the colour of titles of right predictions.
var CorrectColor = color.RGBA{0x1a, 0x7f, 0x1a, 0xff}

// PredictionGrid draws images with "True: a / Pred: b" titles; correct
// predictions are titled in green, mistakes in red with a red border.
func PredictionGrid(title string, images []Image, trueLabels, predLabels []int, classNames []string, opts GridOptions) (*Figure, error) {
	if len(trueLabels) != len(images) || len(predLabels) != len(images) {
		return nil, fmt.Errorf("plots.PredictionGrid(%q): %d images but %d true and %d predicted labels", title, len(images), len(trueLabels), len(predLabels))
	}
	cells := make([]gridCell, len(images))
	for i, im := range images {
		t, p := trueLabels[i], predLabels[i]
		cells[i] = gridCell{img: im, title: fmt.Sprintf("T: %s / P: %s", className(classNames, t), className(classNames, p)), colour: CorrectColor}
		if t != p {
			cells[i].colour, cells[i].border = MistakeColor, true
		}
	}
	if opts.FontSize <= 0 {
		opts.FontSize = 9
	}
	if opts.CellInches <= 0 {
		opts.CellInches = 1.8
	}
	return gridFigure(title, cells, opts)
}

// SamplesPerClass picks the first perClass images of every class, in class
// order, and returns them with their class names as titles (for ImageGrid
// with Cols = perClass).
func SamplesPerClass(images []Image, labels []int, classNames []string, perClass int) ([]Image, []string, error) {
	if len(labels) != len(images) {
		return nil, nil, fmt.Errorf("plots.SamplesPerClass: %d images but %d labels", len(images), len(labels))
	}
	if perClass <= 0 {
		return nil, nil, fmt.Errorf("plots.SamplesPerClass: perClass=%d, expected > 0", perClass)
	}
	nc := len(classNames)
	for _, l := range labels {
		nc = max(nc, l+1)
	}
	byClass := make([][]Image, nc)
	for i, l := range labels {
		if l >= 0 && len(byClass[l]) < perClass {
			byClass[l] = append(byClass[l], images[i])
		}
	}
	var out []Image
	var titles []string
	for k, imgs := range byClass {
		for _, im := range imgs {
			out = append(out, im)
			titles = append(titles, className(classNames, k))
		}
	}
	return out, titles, nil
}

// Filters draws the first-layer convolution kernels, given as the flat
// weights of a [outC, inC, kh, kw] tensor (PyTorch layout); a
// [kh, kw, inC, outC] GoMLX layout can be passed with hwio = true. Each
// (output, input) channel pair is one cell, drawn with a diverging colormap
// centred on 0 (blue negative, red positive) and titled "f<o>" (or
// "f<o>/c<i>" when inC > 1).
func Filters(title string, weights []float32, outC, inC, kh, kw int, hwio bool, opts GridOptions) (*Figure, error) {
	if outC <= 0 || inC <= 0 || kh <= 0 || kw <= 0 || len(weights) != outC*inC*kh*kw {
		return nil, fmt.Errorf("plots.Filters(%q): %d weights, expected outC*inC*kh*kw = %d*%d*%d*%d", title, len(weights), outC, inC, kh, kw)
	}
	var cells []gridCell
	for o := 0; o < outC; o++ {
		for i := 0; i < inC; i++ {
			pix := make([]float32, kh*kw)
			for y := 0; y < kh; y++ {
				for x := 0; x < kw; x++ {
					var idx int
					if hwio {
						idx = ((y*kw+x)*inC+i)*outC + o
					} else {
						idx = ((o*inC+i)*kh+y)*kw + x
					}
					pix[y*kw+x] = weights[idx]
				}
			}
			name := fmt.Sprintf("f%d", o)
			if inC > 1 {
				name = fmt.Sprintf("f%d/c%d", o, i)
			}
			cells = append(cells, gridCell{img: Image{H: kh, W: kw, Pix: pix}, title: name})
		}
	}
	if opts.Colormap == nil {
		opts.Colormap = Seismic
		if opts.Range == RangeAuto {
			opts.Range = RangeSymmetric
		}
		opts.Frame = true
	}
	if opts.Cols <= 0 {
		opts.Cols = min(8, len(cells))
	}
	if opts.CellInches <= 0 {
		opts.CellInches = 1.1
	}
	return gridFigure(title, cells, opts)
}

// FeatureMaps draws the channels of one image's activation, given as the flat
// data of a [C, H, W] tensor (or [H, W, C] with channelsLast = true), each
// channel titled "ch <c>" with the viridis colormap.
func FeatureMaps(title string, act []float32, c, h, w int, channelsLast bool, opts GridOptions) (*Figure, error) {
	if c <= 0 || h <= 0 || w <= 0 || len(act) != c*h*w {
		return nil, fmt.Errorf("plots.FeatureMaps(%q): %d values, expected c*h*w = %d*%d*%d", title, len(act), c, h, w)
	}
	cells := make([]gridCell, c)
	for k := 0; k < c; k++ {
		pix := make([]float32, h*w)
		for i := 0; i < h*w; i++ {
			if channelsLast {
				pix[i] = act[i*c+k]
			} else {
				pix[i] = act[k*h*w+i]
			}
		}
		cells[k] = gridCell{img: Image{H: h, W: w, Pix: pix}, title: fmt.Sprintf("ch %d", k)}
	}
	if opts.Colormap == nil {
		opts.Colormap = Viridis
	}
	if opts.Cols <= 0 {
		opts.Cols = min(8, c)
	}
	if opts.CellInches <= 0 {
		opts.CellInches = 1.3
	}
	return gridFigure(title, cells, opts)
}
