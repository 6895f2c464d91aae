package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ConfusionMatrix draws a confusion-matrix heatmap: cm[t][p] is the number of
// examples of true class t predicted as p. Rows are true classes (y axis,
// "True label"), columns predictions (x axis, "Predicted label"); each cell
// shows its count, in white on dark cells and black on light ones, and a
// colour bar on the right gives the scale (matplotlib's "Blues").
func ConfusionMatrix(title string, cm [][]int, classNames []string) (*Figure, error) {
	n := len(cm)
	if n == 0 {
		return nil, fmt.Errorf("plots.ConfusionMatrix(%q): empty matrix", title)
	}
	maxV := 0
	for i, row := range cm {
		if len(row) != n {
			return nil, fmt.Errorf("plots.ConfusionMatrix(%q): row %d has %d columns, expected %d (square matrix)", title, i, len(row), n)
		}
		for _, v := range row {
			if v < 0 {
				return nil, fmt.Errorf("plots.ConfusionMatrix(%q): negative count %d in row %d", title, v, i)
			}
			maxV = max(maxV, v)
		}
	}
	if len(classNames) != 0 && len(classNames) != n {
		return nil, fmt.Errorf("plots.ConfusionMatrix(%q): %d class names for %d classes", title, len(classNames), n)
	}
	names := make([]string, n)
	for i := range names {
		names[i] = className(classNames, i)
	}
	tick := textStyle(10, color.Black, draw.XRight, draw.YCenter)
	maxName := vg.Length(0)
	for _, s := range names {
		maxName = max(maxName, tick.Width(s))
	}
	cellIn := math.Max(0.5, math.Min(0.8, 7.0/float64(n)))
	countSize := math.Min(11, cellIn*72*0.32)
	gridIn := cellIn * float64(n)
	// Margins in inches.
	left := float64(maxName/vg.Inch) + 0.55
	bottom := float64(maxName/vg.Inch)*math.Sin(math.Pi/4) + 0.6
	right := 1.3
	top := 0.6
	w := left + gridIn + right
	h := bottom + gridIn + top
	return newFigure(title, w, h, func(c draw.Canvas) {
		in := vg.Inch
		x0 := c.Min.X + vg.Length(left)*in
		y0 := c.Min.Y + vg.Length(bottom)*in
		cs := vg.Length(cellIn) * in
		gs := vg.Length(gridIn) * in
		for t := 0; t < n; t++ {
			for p := 0; p < n; p++ {
				v := cm[t][p]
				frac := 0.0
				if maxV > 0 {
					frac = float64(v) / float64(maxV)
				}
				clr := Blues(frac)
				r := vg.Rectangle{
					Min: vg.Point{X: x0 + vg.Length(p)*cs, Y: y0 + gs - vg.Length(t+1)*cs},
					Max: vg.Point{X: x0 + vg.Length(p+1)*cs, Y: y0 + gs - vg.Length(t)*cs},
				}
				c.SetColor(clr)
				c.Fill(r.Path())
				txt := color.Color(color.Black)
				if luminance(clr) < 0.5 {
					txt = color.White
				}
				c.FillText(textStyle(countSize, txt, draw.XCenter, draw.YCenter),
					vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}, fmt.Sprint(v))
			}
		}
		c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)})
		c.Stroke(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x0 + gs, Y: y0 + gs}}.Path())
		// Tick labels: true classes on the left, predictions below (rotated 45°).
		for i, s := range names {
			c.FillText(tick, vg.Point{X: x0 - vg.Points(5), Y: y0 + gs - (vg.Length(i)+0.5)*cs}, s)
			xs := tick
			xs.Rotation = math.Pi / 4
			xs.XAlign, xs.YAlign = draw.XRight, draw.YTop
			c.FillText(xs, vg.Point{X: x0 + (vg.Length(i)+0.5)*cs + vg.Points(3), Y: y0 - vg.Points(4)}, s)
		}
		lab := textStyle(12, color.Black, draw.XCenter, draw.YBottom)
		c.FillText(lab, vg.Point{X: x0 + gs/2, Y: c.Min.Y + vg.Points(6)}, "Predicted label")
		ylab := lab
		ylab.Rotation = math.Pi / 2
		ylab.YAlign = draw.YTop
		c.FillText(ylab, vg.Point{X: c.Min.X + vg.Points(6), Y: y0 + gs/2}, "True label")
		if title != "" {
			c.FillText(boldStyle(14, color.Black, draw.XCenter, draw.YCenter), vg.Point{X: x0 + gs/2, Y: y0 + gs + vg.Length(top/2)*in}, title)
		}
		// Colour bar.
		bx := x0 + gs + vg.Points(18)
		bw := vg.Points(14)
		const steps = 128
		for k := 0; k < steps; k++ {
			r := vg.Rectangle{
				Min: vg.Point{X: bx, Y: y0 + gs*vg.Length(k)/steps},
				Max: vg.Point{X: bx + bw, Y: y0 + gs*vg.Length(k+1)/steps + vg.Points(0.3)},
			}
			c.SetColor(Blues((float64(k) + 0.5) / steps))
			c.Fill(r.Path())
		}
		c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)})
		c.Stroke(vg.Rectangle{Min: vg.Point{X: bx, Y: y0}, Max: vg.Point{X: bx + bw, Y: y0 + gs}}.Path())
		ts := textStyle(9, color.Black, draw.XLeft, draw.YCenter)
		for _, v := range niceTicks(0, float64(maxV), 6) {
			y := y0
			if maxV > 0 {
				y = y0 + gs*vg.Length(v/float64(maxV))
			}
			c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)}, bx+bw, y, bx+bw+vg.Points(3), y)
			c.FillText(ts, vg.Point{X: bx + bw + vg.Points(5), Y: y}, fmt.Sprintf("%g", v))
		}
	}), nil
}

// niceTicks returns about n round values (1, 2, 5 × 10^k steps) in [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		return []float64{lo}
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	for v := math.Ceil(lo/step) * step; v <= hi+step*1e-9; v += step {
		out = append(out, math.Round(v/step)*step)
	}
	return out
}
