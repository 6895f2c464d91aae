package demos

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// Cell is a position in a matrix.
type Cell struct{ Row, Col int }

// Step is the computation of one output cell.
type Step struct {
	Out   Cell    // the output cell
	Reads []Cell  // the input cells of its window, row by row
	Value float32 // the result
	Arith string  // the arithmetic, e.g. "max(1, 2, 5, 6) = 6"
}

// Trace is a step-by-step account of a pooling or a convolution.
type Trace struct {
	Op     Op
	Input  Matrix
	Kernel Matrix // Conv only
	K, S   int    // window size and stride
	Output Matrix
	Steps  []Step
}

func num(v float32) string { return strconv.FormatFloat(float64(v), 'g', -1, 32) }

// NewTrace traces op over x with a k×k window (for Conv, the kernel's size;
// k is then ignored) and stride s, no padding. For Conv, kernel is required.
func NewTrace(op Op, x, kernel Matrix, k, s int) (*Trace, error) {
	h, w, err := x.dims("input")
	if err != nil {
		return nil, err
	}
	if op == Conv {
		kh, kw, err := kernel.dims("kernel")
		if err != nil {
			return nil, err
		}
		if kh != kw {
			return nil, fmt.Errorf("demos: trace needs a square kernel, got %dx%d", kh, kw)
		}
		k = kh
	}
	if k <= 0 || s <= 0 {
		return nil, fmt.Errorf("demos: window %d and stride %d must be positive", k, s)
	}
	if k > h || k > w {
		return nil, fmt.Errorf("demos: window %d is larger than the %dx%d input", k, h, w)
	}
	ho, wo := (h-k)/s+1, (w-k)/s+1
	t := &Trace{Op: op, Input: x, Kernel: kernel, K: k, S: s, Output: make(Matrix, ho)}
	for i := 0; i < ho; i++ {
		t.Output[i] = make([]float32, wo)
		for j := 0; j < wo; j++ {
			st := Step{Out: Cell{i, j}}
			var terms []string
			var acc float32
			first := true
			for di := 0; di < k; di++ {
				for dj := 0; dj < k; dj++ {
					r, c := i*s+di, j*s+dj
					v := x[r][c]
					st.Reads = append(st.Reads, Cell{r, c})
					switch op {
					case MaxPool:
						terms = append(terms, num(v))
						if first || v > acc {
							acc = v
						}
					case AvgPool:
						terms = append(terms, num(v))
						acc += v
					case Conv:
						terms = append(terms, num(v)+"·"+num(kernel[di][dj]))
						acc += v * kernel[di][dj]
					}
					first = false
				}
			}
			switch op {
			case MaxPool:
				st.Arith = fmt.Sprintf("max(%s) = %s", strings.Join(terms, ", "), num(acc))
			case AvgPool:
				sum := acc
				acc /= float32(k * k)
				st.Arith = fmt.Sprintf("(%s)/%d = %s/%d = %s", strings.Join(terms, " + "), k*k, num(sum), k*k, num(acc))
			case Conv:
				st.Arith = fmt.Sprintf("%s = %s", strings.Join(terms, " + "), num(acc))
			}
			st.Value = acc
			t.Output[i][j] = acc
			t.Steps = append(t.Steps, st)
		}
	}
	return t, nil
}

// Text renders the trace as plain text, one block per output cell.
func (t *Trace) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, window %d×%d, stride %d, input %s\n", t.Op, t.K, t.K, t.S, t.Input)
	if t.Op == Conv {
		fmt.Fprintf(&b, "kernel %s\n", t.Kernel)
	}
	for _, st := range t.Steps {
		cells := make([]string, len(st.Reads))
		for i, c := range st.Reads {
			cells[i] = fmt.Sprintf("(%d,%d)", c.Row, c.Col)
		}
		fmt.Fprintf(&b, "out(%d,%d) reads rows %d–%d, cols %d–%d %s: %s\n", st.Out.Row, st.Out.Col,
			st.Reads[0].Row, st.Reads[len(st.Reads)-1].Row, st.Reads[0].Col, st.Reads[len(st.Reads)-1].Col,
			strings.Join(cells, " "), st.Arith)
	}
	fmt.Fprintf(&b, "output %s\n", t.Output)
	return b.String()
}

// HTML renders one highlighted input grid per step (the window in yellow),
// with the arithmetic and the output filled so far, for GoNB.
func (t *Trace) HTML() string {
	var b strings.Builder
	td := `style="border:1px solid #999;width:2.2em;height:1.6em;text-align:center;font-family:monospace%s"`
	fmt.Fprintf(&b, "<div><b>%s</b>, window %d×%d, stride %d</div>\n", t.Op, t.K, t.K, t.S)
	for n, st := range t.Steps {
		in := map[Cell]bool{}
		for _, c := range st.Reads {
			in[c] = true
		}
		b.WriteString(`<div style="display:flex;gap:1.5em;align-items:center;margin:0.4em 0">` + "\n<table style=\"border-collapse:collapse\">")
		for i, row := range t.Input {
			b.WriteString("<tr>")
			for j, v := range row {
				bg := ""
				if in[Cell{i, j}] {
					bg = ";background:#ffe066;font-weight:bold"
				}
				fmt.Fprintf(&b, "<td "+td+">%s</td>", bg, num(v))
			}
			b.WriteString("</tr>")
		}
		b.WriteString("</table>\n<table style=\"border-collapse:collapse\">")
		for i, row := range t.Output {
			b.WriteString("<tr>")
			for j, v := range row {
				k := i*len(row) + j
				cell, bg := "", ""
				if k <= n {
					cell = num(v)
				}
				if k == n {
					bg = ";background:#8ce99a;font-weight:bold"
				}
				fmt.Fprintf(&b, "<td "+td+">%s</td>", bg, cell)
			}
			b.WriteString("</tr>")
		}
		fmt.Fprintf(&b, "</table>\n<div style=\"font-family:monospace\">out(%d,%d) = %s</div>\n</div>\n",
			st.Out.Row, st.Out.Col, html.EscapeString(st.Arith))
	}
	return b.String()
}
