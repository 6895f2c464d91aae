package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named line of a LinePanel. X may be nil, in which case the
// points are numbered 1, 2, 3, ... (epochs).
type Series struct {
	Name string
	X, Y []float64
}

// LinePanel is one set of axes with line series, a title, axis labels and a
// legend (shown when any series is named).
type LinePanel struct {
	Title, XLabel, YLabel string
	Series                []Series
	// IntegerX puts ticks only on whole numbers of the x axis (epochs).
	IntegerX bool
}

// Lines draws panels side by side (one row), as matplotlib's
// plt.subplot(1, n, i) does: the figure is 6 inches wide per panel (8 for a
// single panel) and 5 inches tall. title is drawn above the panels when there
// are several, and is the figure's Title.
func Lines(title string, panels ...LinePanel) (*Figure, error) {
	w := 6.0 * float64(len(panels))
	if len(panels) == 1 {
		w = 8
	}
	return plotsRow("Lines", title, w, panels, linePlot, func(p LinePanel) string { return p.Title })
}

// plotsRow makes one plot per panel (fn of what) and draws them side by side
// in a figure w inches wide and 5 tall; an empty list or a failing panel is
// an error naming the plot function.
func plotsRow[P any](fn, title string, w float64, panels []P, mk func(P) (*plot.Plot, error), name func(P) string) (*Figure, error) {
	if len(panels) == 0 {
		return nil, fmt.Errorf("plots.%s(%q): no panels", fn, title)
	}
	plots := make([]*plot.Plot, len(panels))
	for i, pn := range panels {
		p, err := mk(pn)
		if err != nil {
			return nil, fmt.Errorf("plots.%s(%q): panel %d (%q): %w", fn, title, i, name(pn), err)
		}
		plots[i] = p
	}
	return newFigure(title, w, 5, func(c draw.Canvas) {
		drawPlotsRow(c, title, plots)
	}), nil
}

// drawPlotsRow draws an optional figure title and then the plots in one row.
func drawPlotsRow(c draw.Canvas, title string, plots []*plot.Plot) {
	c = padCanvas(c, 8)
	if len(plots) > 1 && title != "" {
		sty := boldStyle(14, color.Black, draw.XCenter, draw.YTop)
		c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y}, title)
		c.Max.Y -= sty.Height(title) + 6
	}
	tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Points(18)}
	for j, p := range plots {
		p.Draw(tiles.At(c, j, 0))
	}
}

// padCanvas shrinks c by pad points on every side.
func padCanvas(c draw.Canvas, pad float64) draw.Canvas {
	p := vg.Points(pad)
	c.Min.X += p
	c.Min.Y += p
	c.Max.X -= p
	c.Max.Y -= p
	return c
}

// newPlot returns a plot with the package's style: readable fonts, light grid.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Variant = sansFont.Variant
	p.Legend.TextStyle.Font.Variant = sansFont.Variant
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = vg.Points(11)
		ax.Tick.Label.Font.Size = vg.Points(10)
		ax.Label.TextStyle.Font.Variant = sansFont.Variant
		ax.Tick.Label.Font.Variant = sansFont.Variant
		ax.Tick.Marker = niceTicker{}
	}
	return p
}

// addGrid adds a light grey grid behind the data.
func addGrid(p *plot.Plot, vertical bool) {
	g := plotter.NewGrid()
	g.Horizontal.Color = color.Gray{Y: 0xdd}
	g.Horizontal.Width = vg.Points(0.6)
	if vertical {
		g.Vertical.Color = color.Gray{Y: 0xdd}
		g.Vertical.Width = vg.Points(0.6)
	} else {
		g.Vertical.Color = nil
	}
	p.Add(g)
}

func linePlot(pn LinePanel) (*plot.Plot, error) {
	p := newPlot(pn.Title, pn.XLabel, pn.YLabel)
	addGrid(p, true)
	named := false
	for k, s := range pn.Series {
		if len(s.Y) == 0 {
			return nil, fmt.Errorf("series %d (%q) has no points", k, s.Name)
		}
		if s.X != nil && len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("series %d (%q): len(X)=%d != len(Y)=%d", k, s.Name, len(s.X), len(s.Y))
		}
		pts := make(plotter.XYs, len(s.Y))
		for i, y := range s.Y {
			x := float64(i + 1)
			if s.X != nil {
				x = s.X[i]
			}
			if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
				return nil, fmt.Errorf("series %d (%q): point %d is not finite (x=%g, y=%g)", k, s.Name, i, x, y)
			}
			pts[i] = plotter.XY{X: x, Y: y}
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("series %d (%q): %w", k, s.Name, err)
		}
		l.Color = tab(k)
		l.Width = vg.Points(1.8)
		p.Add(l)
		if len(pts) <= 30 {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("series %d (%q): %w", k, s.Name, err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: tab(k), Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
			p.Add(sc)
			if s.Name != "" {
				p.Legend.Add(s.Name, l, sc)
			}
		} else if s.Name != "" {
			p.Legend.Add(s.Name, l)
		}
		named = named || s.Name != ""
	}
	if named {
		p.Legend.Top, p.Legend.Left = bestCorner(pn.Series)
		p.Legend.XOffs = -vg.Points(6)
		if p.Legend.Left {
			p.Legend.XOffs = vg.Points(6)
		}
		p.Legend.YOffs = -vg.Points(6)
		if !p.Legend.Top {
			p.Legend.YOffs = vg.Points(6)
		}
		p.Legend.TextStyle.Font.Size = vg.Points(10)
	}
	if pn.IntegerX {
		p.X.Tick.Marker = integerTicks{}
	}
	return p, nil
}

// integerTicks puts ticks on whole numbers only, at most about 10 of them.
type integerTicks struct{}

// Ticks implements plot.Ticker.
func (integerTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := math.Ceil(min), math.Floor(max)
	if hi < lo {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	step := math.Max(1, math.Ceil((hi-lo+1)/10))
	var ticks []plot.Tick
	for v := lo; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: fmt.Sprintf("%g", v)})
	}
	return ticks
}

// History is the per-epoch record of a training run: losses and accuracies on
// the training and evaluation sets. Slices may be empty when not recorded.
type History struct {
	TrainLoss, EvalLoss         []float64
	TrainAccuracy, EvalAccuracy []float64
}

// CurveLabels are the texts of a TrainingCurves figure. DefaultCurveLabels
// are the English versions of seed 000's (chapter 1) labels.
type CurveLabels struct {
	LossTitle, AccuracyTitle    string
	XLabel, LossY, AccuracyY    string
	TrainLoss, EvalLoss         string
	TrainAccuracy, EvalAccuracy string
}

// DefaultCurveLabels are the labels of seed 000's training-curve cell, in English.
var DefaultCurveLabels = CurveLabels{
	LossTitle: "Loss per epoch", AccuracyTitle: "Accuracy per epoch",
	XLabel: "Epoch", LossY: "Loss", AccuracyY: "Accuracy (%)",
	TrainLoss: "Train Loss", EvalLoss: "Test Loss",
	TrainAccuracy: "Train Accuracy", EvalAccuracy: "Test Accuracy",
}

// TrainingCurves draws the two-panel figure of seeds 000 and 001: loss per
// epoch (train vs eval) on the left, accuracy per epoch on the right. Epochs
// are numbered from 1.
func TrainingCurves(h History, lb CurveLabels) (*Figure, error) {
	var loss, acc []Series
	if len(h.TrainLoss) > 0 {
		loss = append(loss, Series{Name: lb.TrainLoss, Y: h.TrainLoss})
	}
	if len(h.EvalLoss) > 0 {
		loss = append(loss, Series{Name: lb.EvalLoss, Y: h.EvalLoss})
	}
	if len(h.TrainAccuracy) > 0 {
		acc = append(acc, Series{Name: lb.TrainAccuracy, Y: h.TrainAccuracy})
	}
	if len(h.EvalAccuracy) > 0 {
		acc = append(acc, Series{Name: lb.EvalAccuracy, Y: h.EvalAccuracy})
	}
	if len(loss) == 0 && len(acc) == 0 {
		return nil, fmt.Errorf("plots.TrainingCurves: history is empty")
	}
	var panels []LinePanel
	if len(loss) > 0 {
		panels = append(panels, LinePanel{Title: lb.LossTitle, XLabel: lb.XLabel, YLabel: lb.LossY, Series: loss, IntegerX: true})
	}
	if len(acc) > 0 {
		panels = append(panels, LinePanel{Title: lb.AccuracyTitle, XLabel: lb.XLabel, YLabel: lb.AccuracyY, Series: acc, IntegerX: true})
	}
	return Lines("", panels...)
}

// StepLoss draws a loss recorded per iteration, as seed 003's "Validation Loss
// Over Time" (x: iteration, y: loss). If iterations is nil the points are
// numbered 1, 2, 3, ...
func StepLoss(title, name string, iterations, loss []float64) (*Figure, error) {
	if title == "" {
		title = "Validation Loss Over Time"
	}
	return Lines(title, LinePanel{Title: title, XLabel: "Iteration", YLabel: "Loss",
		Series: []Series{{Name: name, X: iterations, Y: loss}}})
}

// niceTicker places about 6 major ticks on round values (1, 2, 2.5, 5 × 10^k),
// labelled without trailing zeros, with unlabelled minor ticks between.
type niceTicker struct{}

// Ticks implements plot.Ticker.
func (niceTicker) Ticks(min, max float64) []plot.Tick {
	major := niceTicks(min, max, 6)
	if len(major) < 2 {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	step := major[1] - major[0]
	var ticks []plot.Tick
	for _, v := range major {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 6, 64)})
	}
	for v := major[0] - step/2; v <= max; v += step {
		if v >= min {
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

// bestCorner picks the legend corner that covers the fewest data points (a
// simple version of matplotlib's loc="best"): it counts the points in the
// 40%×30% box at each corner of the data range; ties prefer top right.
func bestCorner(series []Series) (top, left bool) {
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	each := func(fn func(x, y float64)) {
		for _, s := range series {
			for i, y := range s.Y {
				x := float64(i + 1)
				if s.X != nil {
					x = s.X[i]
				}
				fn(x, y)
			}
		}
	}
	each(func(x, y float64) {
		xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
	})
	best := -1
	for _, c := range []struct{ top, left bool }{{true, false}, {true, true}, {false, false}, {false, true}} {
		n := 0
		each(func(x, y float64) {
			fx, fy := (x-xmin)/(xmax-xmin+1e-300), (y-ymin)/(ymax-ymin+1e-300)
			inX := (c.left && fx <= 0.4) || (!c.left && fx >= 0.6)
			inY := (c.top && fy >= 0.7) || (!c.top && fy <= 0.3)
			if inX && inY {
				n++
			}
		})
		if best < 0 || n < best {
			best, top, left = n, c.top, c.left
		}
	}
	return top, left
}
