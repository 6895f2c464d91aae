package alexnet

import (
	"fmt"
	"html"
	"strings"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/summary"
)

// Comparison is a table with one column per model and one row per property,
// for a notebook to print as text (String) or HTML (HTML).
type Comparison struct {
	// Columns are the model titles.
	Columns []string
	// Rows are the properties, in display order.
	Rows []ComparisonRow
}

// ComparisonRow is one property of every model of a Comparison.
type ComparisonRow struct {
	// Property names the row, e.g. "Parameters".
	Property string
	// Values has one cell per column.
	Values []string
}

// column is what Compare knows about one model.
type column struct {
	title   string
	net     nn.Layer
	input   []int
	classes int
	// training regularisation, as the model's paper or chapter trains it.
	training string
}

// Compare returns chapter 2's LeNet-5 vs AlexNet table for lenet5 (LeNet-5
// classic for 10 classes, lenet.LeNet5(10), trained with weight decay
// lenetWeightDecay by the chapter's recipe, 0 for none) and 1,000 classes (the AlexNets, as on ImageNet): input size,
// parameters, mult-adds, weight layers, activations, pooling, normalisation,
// regularisation in the model and in training, and the activation memory of
// a forward/backward pass. Numbers come from the models (nn.TotalParams,
// nn.TotalMultAdds, summary.Summarize); the training row quotes the papers.
func Compare(lenet5 *models.Model, lenetWeightDecay float64) (*Comparison, error) {
	if lenet5 == nil {
		return nil, fmt.Errorf("alexnet: Compare: no LeNet-5 model")
	}
	l5 := lenet5
	a12 := AlexNet2012(1000, 3)
	atv := AlexNet(1000, 3)
	lenetTraining := "none in LeCun et al. 1998"
	if wd := lenetWeightDecay; wd > 0 {
		lenetTraining += fmt.Sprintf("; the chapter's recipe adds weight decay %g", wd)
	}
	cols := []column{
		{l5.Title, l5.Net, l5.Input, 10, lenetTraining},
		{a12.Title, a12.Net, a12.Input, 1000, "SGD momentum 0.9, weight decay 5e-4; data augmentation: random 224×224 crops + horizontal flips, PCA colour jitter"},
		{atv.Title, atv.Net, atv.Input, 1000, "torchvision's recipe: SGD momentum 0.9, weight decay 1e-4; RandomResizedCrop(224) + horizontal flips"},
	}
	return compare(cols)
}

func compare(cols []column) (*Comparison, error) {
	props := []string{
		"Input (C×H×W)", "Classes", "Parameters", "Mult-adds per image", "Weight layers (depth)",
		"Activations", "Pooling", "Normalisation", "Regularisation in the model",
		"Regularisation in training", "Forward/backward activations (MB, batch 1)",
	}
	c := &Comparison{}
	values := make([][]string, len(props))
	for _, col := range cols {
		c.Columns = append(c.Columns, col.title)
		params, err := nn.TotalParams(col.net, col.input)
		if err != nil {
			return nil, fmt.Errorf("alexnet: Compare: %s: %w", col.title, err)
		}
		madds, err := nn.TotalMultAdds(col.net, col.input)
		if err != nil {
			return nil, fmt.Errorf("alexnet: Compare: %s: %w", col.title, err)
		}
		s, err := summary.Summarize(col.net, col.input, summary.Options{})
		if err != nil {
			return nil, fmt.Errorf("alexnet: Compare: %s: %w", col.title, err)
		}
		st, err := layerStats(col.net, col.input)
		if err != nil {
			return nil, fmt.Errorf("alexnet: Compare: %s: %w", col.title, err)
		}
		cells := []string{
			strings.Trim(strings.Join(strings.Fields(fmt.Sprint(col.input)), "×"), "[]"),
			fmt.Sprint(col.classes),
			summary.Thousands(params),
			fmt.Sprintf("%s (%.1f M)", summary.Thousands(madds), float64(madds)/1e6),
			fmt.Sprintf("%d conv + %d linear = %d", st.convs, st.linears, st.convs+st.linears),
			orNone(st.activations),
			orNone(st.pooling),
			orNone(st.norms),
			orNone(st.dropout),
			col.training,
			fmt.Sprintf("%.2f", summary.MB(s.ForwardBackwardBytes)),
		}
		for i := range props {
			values[i] = append(values[i], cells[i])
		}
	}
	for i, p := range props {
		c.Rows = append(c.Rows, ComparisonRow{Property: p, Values: values[i]})
	}
	return c, nil
}

type stats struct {
	convs, linears                       int
	activations, pooling, norms, dropout []string
}

// layerStats counts weight layers and describes activations, pooling,
// normalisation and dropout of net, in order of first appearance with counts.
func layerStats(net nn.Layer, in []int) (stats, error) {
	var st stats
	counts := map[string]int{}
	var order []string
	add := func(list *[]string, key string) {
		if counts[key] == 0 {
			order = append(order, key)
			*list = append(*list, key)
		}
		counts[key]++
	}
	err := nn.Walk(net, in, func(_ string, l nn.Layer, _, _ []int) error {
		switch l.Type() {
		case "Conv2d":
			st.convs++
		case "Linear":
			st.linears++
		case "ReLU", "Tanh", "Sigmoid", "ScaledTanh":
			add(&st.activations, l.Type())
		case "MaxPool2d", "AvgPool2d":
			add(&st.pooling, poolDesc(l))
		case "AdaptiveAvgPool2d":
			add(&st.pooling, l.Type())
		case "LocalResponseNorm", "BatchNorm2d", "BatchNorm1d":
			add(&st.norms, fmt.Sprint(l))
		case "Dropout":
			add(&st.dropout, fmt.Sprint(l))
		}
		return nil
	})
	withCounts := func(list []string) []string {
		out := make([]string, len(list))
		for i, k := range list {
			out[i] = fmt.Sprintf("%d× %s", counts[k], k)
		}
		return out
	}
	st.activations, st.pooling, st.norms, st.dropout = withCounts(st.activations), withCounts(st.pooling), withCounts(st.norms), withCounts(st.dropout)
	return st, err
}

// poolDesc describes a MaxPool2d/AvgPool2d from its PyTorch repr:
// "MaxPool2d 3×3 stride 2 (overlapping)".
func poolDesc(l nn.Layer) string {
	var kh, kw, sh, sw int
	repr := fmt.Sprint(l)
	if _, err := fmt.Sscanf(repr[strings.Index(repr, "(")+1:], "kernel_size=(%d, %d), stride=(%d, %d)", &kh, &kw, &sh, &sw); err != nil {
		return repr
	}
	d := fmt.Sprintf("%s %d×%d stride %d", l.Type(), kh, kw, sh)
	if sw != sh {
		d = fmt.Sprintf("%s %d×%d stride %d×%d", l.Type(), kh, kw, sh, sw)
	}
	if sh < kh || sw < kw {
		d += " (overlapping)"
	}
	return d
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// String renders the table as aligned text, one property per line.
func (c *Comparison) String() string {
	widths := make([]int, len(c.Columns)+1)
	widths[0] = len([]rune("Property"))
	for i, t := range c.Columns {
		widths[i+1] = len([]rune(t))
	}
	for _, r := range c.Rows {
		widths[0] = max(widths[0], len([]rune(r.Property)))
		for i, v := range r.Values {
			widths[i+1] = max(widths[i+1], len([]rune(v)))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		for i, s := range cells {
			pad := widths[i] - len([]rune(s))
			b.WriteString(s)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", pad) + " | ")
			}
		}
		b.WriteString("\n")
	}
	line(append([]string{"Property"}, c.Columns...))
	sep := make([]string, len(widths))
	for i, w := range widths {
		sep[i] = strings.Repeat("-", w)
	}
	b.WriteString(strings.Join(sep, "-+-") + "\n")
	for _, r := range c.Rows {
		line(append([]string{r.Property}, r.Values...))
	}
	return b.String()
}

// HTML renders the table as an HTML <table> (cells escaped).
func (c *Comparison) HTML() string {
	var b strings.Builder
	b.WriteString("<table>\n<thead><tr><th>Property</th>")
	for _, t := range c.Columns {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(t))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range c.Rows {
		fmt.Fprintf(&b, "<tr><th>%s</th>", html.EscapeString(r.Property))
		for _, v := range r.Values {
			fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(v))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>")
	return b.String()
}

// Row returns the row of a property, or false.
func (c *Comparison) Row(property string) (ComparisonRow, bool) {
	for _, r := range c.Rows {
		if r.Property == property {
			return r, true
		}
	}
	return ComparisonRow{}, false
}
