package plots

import (
	"fmt"
	"image/color"
	"math"

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
	if len(panels) == 0 {
		return nil, fmt.Errorf("plots.Lines(%q): no panels", title)
	}
	plots := make([]*plot.Plot, len(panels))
	for i, pn := range panels {
		p, err := linePlot(pn)
		if err != nil {
			return nil, fmt.Errorf("plots.Lines(%q): panel %d (%q): %w", title, i, pn.Title, err)
		}
		plots[i] = p
	}
	w := 6.0 * float64(len(panels))
	if len(panels) == 1 {
		w = 8
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
	canvases := plot.Align([][]*plot.Plot{plots}, tiles, c)
	for j, p := range plots {
		p.Draw(canvases[0][j])
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
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = vg.Points(11)
		ax.Tick.Label.Font.Size = vg.Points(10)
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
		p.Legend.Top = true
		p.Legend.XOffs = -vg.Points(6)
		p.Legend.YOffs = -vg.Points(6)
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
// are the Spanish labels of seed 000 (chapter 1).
type CurveLabels struct {
	LossTitle, AccuracyTitle    string
	XLabel, LossY, AccuracyY    string
	TrainLoss, EvalLoss         string
	TrainAccuracy, EvalAccuracy string
}

// DefaultCurveLabels reproduces the labels of seed 000's training-curve cell.
var DefaultCurveLabels = CurveLabels{
	LossTitle: "Evolución de la pérdida", AccuracyTitle: "Evolución de la precisión",
	XLabel: "Época", LossY: "Loss", AccuracyY: "Accuracy (%)",
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
