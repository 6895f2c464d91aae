package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"github.com/gocnn/gocnn/internal/atomicfile"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DefaultDPI is the resolution used by Figure.PNG when dpi <= 0 and by
// Figure.Save for PNG files.
const DefaultDPI = 100

// Figure is a drawing of a fixed size that can be rendered to SVG or PNG.
// Figures are built by the constructors of this package (Curves, ImageGrid,
// ConfusionMatrix, ...); they hold the data, not a rendered image, so each
// rendering is independent.
type Figure struct {
	// Width and Height of the figure (1 inch = 72 points).
	Width, Height vg.Length
	// Title is the figure's main title, also used in error messages.
	Title string
	draw  func(c draw.Canvas)
}

// newFigure returns a figure of the given size in inches.
func newFigure(title string, wInch, hInch float64, fn func(c draw.Canvas)) *Figure {
	return &Figure{Width: vg.Length(wInch) * vg.Inch, Height: vg.Length(hInch) * vg.Inch, Title: title, draw: fn}
}

func (f *Figure) render(c vg.CanvasSizer) {
	dc := draw.New(c)
	// White background, for both formats.
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	f.draw(dc)
}

// SVG renders the figure as an SVG document.
func (f *Figure) SVG() ([]byte, error) {
	if f == nil || f.draw == nil {
		return nil, fmt.Errorf("plots: SVG of an empty figure")
	}
	c := vgsvg.New(f.Width, f.Height)
	f.render(c)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: rendering %q as SVG: %w", f.Title, err)
	}
	return buf.Bytes(), nil
}

// PNG renders the figure as a PNG image at dpi dots per inch (DefaultDPI if
// dpi <= 0).
func (f *Figure) PNG(dpi int) ([]byte, error) {
	if f == nil || f.draw == nil {
		return nil, fmt.Errorf("plots: PNG of an empty figure")
	}
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(dpi))
	f.render(c)
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: rendering %q as PNG: %w", f.Title, err)
	}
	return buf.Bytes(), nil
}

// Save renders the figure to path, choosing the format from its extension
// (".svg" or ".png"). The file is written atomically: to a temporary file in
// the same directory, then renamed.
func (f *Figure) Save(path string) error {
	var data []byte
	var err error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".svg":
		data, err = f.SVG()
	case ".png":
		data, err = f.PNG(DefaultDPI)
	default:
		return fmt.Errorf("plots: saving %q: unknown extension %q, expected .svg or .png", path, ext)
	}
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data)
}

// SaveAll writes base+".svg" and base+".png".
func (f *Figure) SaveAll(base string) error {
	for _, ext := range []string{".svg", ".png"} {
		if err := f.Save(base + ext); err != nil {
			return err
		}
	}
	return nil
}

// sansFont is Liberation Sans, the sans-serif face closest to matplotlib's
// default DejaVu Sans among gonum's bundled fonts.
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// textStyle returns a text style of the default plot font at size points.
func textStyle(size float64, clr color.Color, xalign draw.XAlignment, yalign draw.YAlignment) draw.TextStyle {
	return draw.TextStyle{
		Color:   clr,
		Font:    font.From(sansFont, vg.Length(size)),
		Handler: plot.DefaultTextHandler,
		XAlign:  xalign,
		YAlign:  yalign,
	}
}

// boldStyle is textStyle with the bold variant of the default font.
func boldStyle(size float64, clr color.Color, xalign draw.XAlignment, yalign draw.YAlignment) draw.TextStyle {
	sty := textStyle(size, clr, xalign, yalign)
	sty.Font.Weight = xfont.WeightBold
	return sty
}
