package plots

import (
	"image/color"
	"math"
)

// Tab10 is matplotlib's "tab10" qualitative palette, the default colour cycle
// of matplotlib (C0..C9) and the colormap used by the seeds' t-SNE scatter.
var Tab10 = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, // blue
	{0xff, 0x7f, 0x0e, 0xff}, // orange
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0xe3, 0x77, 0xc2, 0xff}, // pink
	{0x7f, 0x7f, 0x7f, 0xff}, // grey
	{0xbc, 0xbd, 0x22, 0xff}, // olive
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
}

// tab returns the i-th colour of the Tab10 cycle.
func tab(i int) color.RGBA {
	if i < 0 {
		i = -i
	}
	return Tab10[i%len(Tab10)]
}

// Colormap maps a value in [0, 1] to a colour.
type Colormap func(t float64) color.RGBA

// interpolated builds a colormap from evenly spaced anchor colours.
func interpolated(anchors []color.RGBA) Colormap {
	return func(t float64) color.RGBA {
		if math.IsNaN(t) || t < 0 {
			t = 0
		}
		if t > 1 {
			t = 1
		}
		x := t * float64(len(anchors)-1)
		i := int(x)
		if i >= len(anchors)-1 {
			return anchors[len(anchors)-1]
		}
		f := x - float64(i)
		a, b := anchors[i], anchors[i+1]
		mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p)*(1-f) + float64(q)*f)) }
		return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
	}
}

// Blues approximates matplotlib's "Blues" sequential colormap (white to dark
// blue), the usual colormap of confusion matrices.
var Blues = interpolated([]color.RGBA{
	{0xf7, 0xfb, 0xff, 0xff}, {0xde, 0xeb, 0xf7, 0xff}, {0xc6, 0xdb, 0xef, 0xff},
	{0x9e, 0xca, 0xe1, 0xff}, {0x6b, 0xae, 0xd6, 0xff}, {0x42, 0x92, 0xc6, 0xff},
	{0x21, 0x71, 0xb5, 0xff}, {0x08, 0x51, 0x9c, 0xff}, {0x08, 0x30, 0x6b, 0xff},
})

// Viridis approximates matplotlib's "viridis" colormap (the default for
// feature maps in matplotlib's imshow).
var Viridis = interpolated([]color.RGBA{
	{0x44, 0x01, 0x54, 0xff}, {0x48, 0x28, 0x78, 0xff}, {0x3e, 0x4a, 0x89, 0xff},
	{0x31, 0x68, 0x8e, 0xff}, {0x26, 0x82, 0x8e, 0xff}, {0x1f, 0x9e, 0x89, 0xff},
	{0x35, 0xb7, 0x79, 0xff}, {0x6d, 0xcd, 0x59, 0xff}, {0xb4, 0xde, 0x2c, 0xff},
	{0xfd, 0xe7, 0x25, 0xff},
})

// Gray is the black-to-white colormap (matplotlib "gray").
var Gray Colormap = func(t float64) color.RGBA {
	if math.IsNaN(t) || t < 0 {
		t = 0
	}
	if t > 1 {
		t = 1
	}
	v := uint8(math.Round(t * 255))
	return color.RGBA{v, v, v, 0xff}
}

// Seismic is a diverging blue-white-red colormap (matplotlib "bwr"), used for
// convolution filters whose weights are centred on zero.
var Seismic = interpolated([]color.RGBA{{0, 0, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff}, {0xff, 0, 0, 0xff}})

// luminance returns the relative luminance of c in [0, 1] (sRGB weights).
func luminance(c color.RGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}
