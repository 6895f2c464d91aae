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

// BarSeries is one named group member of a GroupedBars chart: one value per
// category.
type BarSeries struct {
	Name   string
	Values []float64
}

// BarPanel is one bar chart: categories on the x axis, one bar per series in
// each category (a single series gives a plain bar chart, e.g. the class
// distribution of seed 002's EDA). ValueLabels writes each bar's value above
// it, formatted with ValueFormat (default "%g").
type BarPanel struct {
	Title, XLabel, YLabel string
	Categories            []string
	Series                []BarSeries
	ValueLabels           bool
	ValueFormat           string
}

// Bars draws bar panels side by side (e.g. kernel size vs accuracy,
// parameters and training time in seed 002's experiments).
func Bars(title string, panels ...BarPanel) (*Figure, error) {
	w := 5.0 * float64(len(panels))
	if len(panels) == 1 {
		w = math.Max(7, 0.8*float64(len(panels[0].Categories)))
	}
	return plotsRow("Bars", title, w, panels, barPlot, func(p BarPanel) string { return p.Title })
}

// ClassDistribution draws the number of examples per class as a bar chart
// with the counts written above the bars.
func ClassDistribution(title string, labels []int, classNames []string) (*Figure, error) {
	if len(labels) == 0 {
		return nil, fmt.Errorf("plots.ClassDistribution(%q): no labels", title)
	}
	nc := len(classNames)
	for i, l := range labels {
		if l < 0 {
			return nil, fmt.Errorf("plots.ClassDistribution(%q): label %d at %d is negative", title, l, i)
		}
		nc = max(nc, l+1)
	}
	counts := make([]float64, nc)
	for _, l := range labels {
		counts[l]++
	}
	cats := make([]string, nc)
	for k := range cats {
		cats[k] = className(classNames, k)
	}
	return Bars(title, BarPanel{Title: title, XLabel: "Class", YLabel: "Number of images", Categories: cats,
		Series: []BarSeries{{Values: counts}}, ValueLabels: true, ValueFormat: "%.0f"})
}

// barPlot builds one bar panel.
func barPlot(pn BarPanel) (*plot.Plot, error) {
	nc := len(pn.Categories)
	if nc == 0 || len(pn.Series) == 0 {
		return nil, fmt.Errorf("no categories or no series")
	}
	p := newPlot(pn.Title, pn.XLabel, pn.YLabel)
	addGrid(p, false)
	ns := len(pn.Series)
	// Bars of one category share 80% of the category's slot.
	slot := vg.Points(math.Min(60, 360/float64(nc)))
	bw := slot * 0.8 / vg.Length(ns)
	format := pn.ValueFormat
	if format == "" {
		format = "%g"
	}
	maxV := 0.0
	for k, s := range pn.Series {
		if len(s.Values) != nc {
			return nil, fmt.Errorf("series %d (%q) has %d values for %d categories", k, s.Name, len(s.Values), nc)
		}
		for _, v := range s.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("series %d (%q): value %g is not finite", k, s.Name, v)
			}
			maxV = math.Max(maxV, v)
		}
	}
	for k, s := range pn.Series {
		bc, err := plotter.NewBarChart(plotter.Values(s.Values), bw)
		if err != nil {
			return nil, fmt.Errorf("series %d (%q): %w", k, s.Name, err)
		}
		bc.Color = tab(k)
		bc.LineStyle.Width = 0
		bc.Offset = (vg.Length(k) - vg.Length(ns-1)/2) * bw
		p.Add(bc)
		if s.Name != "" {
			p.Legend.Add(s.Name, bc)
		}
		if pn.ValueLabels {
			lbl := make([]string, nc)
			xys := make(plotter.XYs, nc)
			for i, v := range s.Values {
				lbl[i] = fmt.Sprintf(format, v)
				xys[i] = plotter.XY{X: float64(i), Y: v}
			}
			labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: lbl})
			if err != nil {
				return nil, fmt.Errorf("series %d (%q): %w", k, s.Name, err)
			}
			for i := range labels.TextStyle {
				labels.TextStyle[i] = textStyle(8.5, color.Black, draw.XCenter, draw.YBottom)
			}
			labels.Offset = vg.Point{X: bc.Offset, Y: vg.Points(2)}
			p.Add(labels)
		}
	}
	p.NominalX(pn.Categories...)
	p.X.Tick.Label.Font.Variant = sansFont.Variant
	if nc > 6 {
		p.X.Tick.Label.Rotation = math.Pi / 6
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	p.X.Min, p.X.Max = -0.5, float64(nc)-0.5
	p.Y.Min = 0
	p.Y.Max = maxV * 1.1 // room for value labels and the legend
	if ns > 1 {
		p.Y.Max = maxV * 1.25
		p.Legend.Top = true
		p.Legend.Left = false
		p.Legend.XOffs = -vg.Points(6)
		p.Legend.TextStyle.Font.Size = vg.Points(10)
	}
	return p, nil
}

// Histogram draws the distribution of values in bins equal-width bins over
// [min, max] of the data (e.g. seed 002's pixel-intensity histogram).
func Histogram(title, xlabel, ylabel string, values []float64, bins int) (*Figure, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("plots.Histogram(%q): no values", title)
	}
	if bins <= 0 {
		return nil, fmt.Errorf("plots.Histogram(%q): bins=%d, expected > 0", title, bins)
	}
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("plots.Histogram(%q): value %g at %d is not finite", title, v, i)
		}
	}
	h, err := plotter.NewHist(plotter.Values(values), bins)
	if err != nil {
		return nil, fmt.Errorf("plots.Histogram(%q): %w", title, err)
	}
	h.FillColor = Tab10[0]
	h.LineStyle = draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}
	p := newPlot(title, xlabel, ylabel)
	addGrid(p, false)
	p.Add(h)
	_, _, _, ymax := h.DataRange()
	p.Y.Min, p.Y.Max = 0, ymax*1.05
	return newFigure(title, 8, 5, func(c draw.Canvas) {
		drawPlotsRow(c, title, []*plot.Plot{p})
	}), nil
}

// Table draws a table of strings with a bold header row and alternate row
// shading (experiment summaries: kernel size, accuracy, parameters, time).
// Numeric cells are right-aligned, text left-aligned.
func Table(title string, header []string, rows [][]string) (*Figure, error) {
	if len(header) == 0 {
		return nil, fmt.Errorf("plots.Table(%q): no header", title)
	}
	for i, r := range rows {
		if len(r) != len(header) {
			return nil, fmt.Errorf("plots.Table(%q): row %d has %d cells, expected %d (as the header)", title, i, len(r), len(header))
		}
	}
	body := textStyle(11, color.Black, draw.XLeft, draw.YCenter)
	head := boldStyle(11, color.Black, draw.XLeft, draw.YCenter)
	pad := vg.Points(10)
	widths := make([]vg.Length, len(header))
	for j, h := range header {
		widths[j] = head.Width(h)
		for _, r := range rows {
			widths[j] = max(widths[j], body.Width(r[j]))
		}
		widths[j] += 2 * pad
	}
	total := vg.Length(0)
	for _, w := range widths {
		total += w
	}
	rowH := vg.Points(22)
	titleH := vg.Length(0)
	if title != "" {
		titleH = vg.Points(30)
	}
	margin := vg.Points(12)
	wIn := float64((total + 2*margin) / vg.Inch)
	hIn := float64((rowH*vg.Length(len(rows)+1) + titleH + 2*margin) / vg.Inch)
	isNum := func(s string) bool {
		_, err := strconv.ParseFloat(trimUnits(s), 64)
		return err == nil
	}
	return newFigure(title, wIn, hIn, func(c draw.Canvas) {
		x0 := c.Min.X + margin
		y := c.Max.Y - margin
		if title != "" {
			c.FillText(boldStyle(13, color.Black, draw.XCenter, draw.YCenter), vg.Point{X: x0 + total/2, Y: y - titleH/2}, title)
			y -= titleH
		}
		line := draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
		c.StrokeLine2(line, x0, y, x0+total, y)
		for r := -1; r < len(rows); r++ {
			cells, sty := header, head
			if r >= 0 {
				cells, sty = rows[r], body
				if r%2 == 1 {
					c.SetColor(color.Gray{Y: 0xf0})
					c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: y - rowH}, Max: vg.Point{X: x0 + total, Y: y}}.Path())
				}
			}
			x := x0
			for j, s := range cells {
				st := sty
				pt := vg.Point{X: x + pad, Y: y - rowH/2}
				if r >= 0 && isNum(s) {
					st.XAlign = draw.XRight
					pt.X = x + widths[j] - pad
				}
				c.FillText(st, pt, s)
				x += widths[j]
			}
			y -= rowH
			if r == -1 {
				c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)}, x0, y, x0+total, y)
			}
		}
		c.StrokeLine2(line, x0, y, x0+total, y)
	}), nil
}

// trimUnits drops a trailing unit such as "%", "s" or " s" so that "98.5%"
// and "12.3 s" count as numbers for alignment.
func trimUnits(s string) string {
	for len(s) > 0 {
		last := s[len(s)-1]
		if last == '%' || last == 's' || last == ' ' || last == 'x' || last == 'K' || last == 'M' {
			s = s[:len(s)-1]
			continue
		}
		break
	}
	return s
}
