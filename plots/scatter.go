package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ScatterLabels are the texts of a ClassScatter figure. DefaultTSNELabels are
// seed 000's.
type ScatterLabels struct {
	Title, XLabel, YLabel string
}

// DefaultTSNELabels are the labels of seed 000's t-SNE cell, in English.
var DefaultTSNELabels = ScatterLabels{
	Title:  "t-SNE of the embeddings learned by LeNet",
	XLabel: "Component 1",
	YLabel: "Component 2",
}

// ClassScatter draws 2-D points (xy[i] = {x, y}, e.g. a t-SNE embedding)
// coloured by class with the Tab10 palette (alpha 0.6, small dots, as seed
// 000's plt.scatter(..., cmap="tab10", alpha=0.6, s=10)), with a legend of
// class names to the right of the axes.
func ClassScatter(xy [][2]float64, labels []int, classNames []string, lb ScatterLabels) (*Figure, error) {
	if len(xy) != len(labels) {
		return nil, fmt.Errorf("plots.ClassScatter(%q): %d points but %d labels", lb.Title, len(xy), len(labels))
	}
	if len(xy) == 0 {
		return nil, fmt.Errorf("plots.ClassScatter(%q): no points", lb.Title)
	}
	nc := len(classNames)
	for i, l := range labels {
		if l < 0 {
			return nil, fmt.Errorf("plots.ClassScatter(%q): label %d of point %d is negative", lb.Title, l, i)
		}
		nc = max(nc, l+1)
	}
	byClass := make([]plotter.XYs, nc)
	for i, p := range xy {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			return nil, fmt.Errorf("plots.ClassScatter(%q): point %d is not finite (%g, %g)", lb.Title, i, p[0], p[1])
		}
		byClass[labels[i]] = append(byClass[labels[i]], plotter.XY{X: p[0], Y: p[1]})
	}
	p := newPlot(lb.Title, lb.XLabel, lb.YLabel)
	addGrid(p, true)
	type entry struct {
		name string
		clr  color.Color
	}
	var legend []entry
	for k, pts := range byClass {
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("plots.ClassScatter(%q): class %d: %w", lb.Title, k, err)
		}
		base := tab(k)
		sc.GlyphStyle = draw.GlyphStyle{Color: color.NRGBA{base.R, base.G, base.B, 153}, Radius: vg.Points(1.9), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		legend = append(legend, entry{className(classNames, k), base})
	}
	leg := textStyle(10, color.Black, draw.XLeft, draw.YCenter)
	legW := vg.Length(0)
	for _, e := range legend {
		legW = max(legW, leg.Width(e.name))
	}
	legW += vg.Points(34)
	return newFigure(lb.Title, 10, 8, func(c draw.Canvas) {
		c = padCanvas(c, 8)
		pc := c
		pc.Max.X -= legW + vg.Points(8)
		p.Draw(pc)
		// Legend box to the right of the axes, vertically centred.
		row := vg.Points(16)
		boxH := row*vg.Length(len(legend)) + vg.Points(8)
		bx := pc.Max.X + vg.Points(8)
		by := (c.Min.Y+c.Max.Y)/2 - boxH/2
		box := vg.Rectangle{Min: vg.Point{X: bx, Y: by}, Max: vg.Point{X: bx + legW, Y: by + boxH}}
		c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 0xaa}, Width: vg.Points(0.6)})
		c.Stroke(box.Path())
		for i, e := range legend {
			y := by + boxH - vg.Points(4) - row*(vg.Length(i)+0.5)
			c.DrawGlyph(draw.GlyphStyle{Color: e.clr, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}, vg.Point{X: bx + vg.Points(12), Y: y})
			c.FillText(leg, vg.Point{X: bx + vg.Points(24), Y: y}, e.name)
		}
	}), nil
}
