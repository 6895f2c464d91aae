package shape

import (
	"fmt"
	"html"
	"strings"

	"github.com/gocnn/gocnn/internal/enum"
)

// Op is the kind of layer whose output size is computed.
type Op int

const (
	// Conv is torch.nn.Conv1d/2d/3d.
	Conv Op = iota
	// ConvTranspose is torch.nn.ConvTranspose1d/2d/3d.
	ConvTranspose
	// MaxPool is torch.nn.MaxPool1d/2d/3d.
	MaxPool
	// AvgPool is torch.nn.AvgPool1d/2d/3d (no dilation).
	AvgPool
)

// String returns the PyTorch class name of the 2-D layer ("Conv2d", ...).
func (o Op) String() string {
	return enum.Name(o, "Op", "Conv2d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d")
}

// Spec is the configuration of one spatial axis of a layer. Unlike PyTorch's
// keyword defaults, every field is explicit: use NewSpec for the defaults
// (stride 1 for convolutions, stride = kernel for pooling, dilation 1).
type Spec struct {
	Op            Op
	Kernel        int  // kernel_size (> 0)
	Stride        int  // stride (> 0)
	Padding       int  // padding added on each side (≥ 0)
	Dilation      int  // dilation (> 0; must be 1 for AvgPool)
	OutputPadding int  // output_padding, ConvTranspose only (0 ≤ op < max(stride, dilation))
	CeilMode      bool // ceil_mode, pooling only
}

// NewSpec returns the spec PyTorch builds for op with only kernel_size given:
// stride 1 (convolutions) or stride = kernel (pooling), no padding, dilation 1.
func NewSpec(op Op, kernel int) Spec {
	s := Spec{Op: op, Kernel: kernel, Stride: 1, Dilation: 1}
	if op == MaxPool || op == AvgPool {
		s.Stride = kernel
	}
	return s
}

// validate checks the configuration itself, independently of the input size.
func (s Spec) validate() error {
	switch {
	case s.Op < Conv || s.Op > AvgPool:
		return fmt.Errorf("shape: unknown op %d", int(s.Op))
	case s.Kernel <= 0:
		return fmt.Errorf("shape: %s kernel_size=%d, want > 0", s.Op, s.Kernel)
	case s.Stride <= 0:
		return fmt.Errorf("shape: %s stride=%d, want > 0 (PyTorch: stride should not be zero)", s.Op, s.Stride)
	case s.Padding < 0:
		return fmt.Errorf("shape: %s padding=%d, want ≥ 0 (negative padding is not supported)", s.Op, s.Padding)
	case s.Dilation <= 0:
		return fmt.Errorf("shape: %s dilation=%d, want > 0", s.Op, s.Dilation)
	}
	if s.Op != ConvTranspose && s.OutputPadding != 0 {
		return fmt.Errorf("shape: %s output_padding=%d, only ConvTranspose2d has an output padding", s.Op, s.OutputPadding)
	}
	if s.CeilMode && s.Op != MaxPool && s.Op != AvgPool {
		return fmt.Errorf("shape: %s has no ceil_mode, only pooling layers do", s.Op)
	}
	switch s.Op {
	case ConvTranspose:
		if s.OutputPadding < 0 || (s.OutputPadding >= s.Stride && s.OutputPadding >= s.Dilation) {
			return fmt.Errorf("shape: ConvTranspose2d output_padding=%d must be ≥ 0 and smaller than either stride=%d or dilation=%d",
				s.OutputPadding, s.Stride, s.Dilation)
		}
	case AvgPool:
		if s.Dilation != 1 {
			return fmt.Errorf("shape: AvgPool2d dilation=%d, AvgPool2d has no dilation (want 1)", s.Dilation)
		}
		if s.Padding > s.Kernel/2 {
			return fmt.Errorf("shape: AvgPool2d padding=%d, pad should be at most half of kernel_size=%d (≤ %d)",
				s.Padding, s.Kernel, s.Kernel/2)
		}
	case MaxPool:
		// PyTorch 2.x checks against the effective (dilated) kernel size; with
		// dilation 1 this is the same as kernel_size/2.
		eff := s.Dilation*(s.Kernel-1) + 1
		if s.Padding > eff/2 {
			return fmt.Errorf("shape: MaxPool2d padding=%d, pad should be at most half of the effective kernel size %d (kernel_size=%d, dilation=%d), i.e. ≤ %d",
				s.Padding, eff, s.Kernel, s.Dilation, eff/2)
		}
	}
	return nil
}

// floorDiv divides rounding toward −∞ (Python's //), as PyTorch's div_rtn.
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// calc holds the intermediate numbers of a computation, used by Explain.
type calc struct {
	num     int  // numerator of the fraction (conv/pool)
	q       int  // rounded quotient
	out     int  // final output size
	dropped bool // ceil mode dropped the last window
}

func (s Spec) compute(in int) (calc, error) {
	if err := s.validate(); err != nil {
		return calc{}, err
	}
	if in <= 0 {
		return calc{}, fmt.Errorf("shape: %s input size %d, want > 0", s.Op, in)
	}
	eff := s.Dilation*(s.Kernel-1) + 1
	if s.Op == ConvTranspose {
		out := (in-1)*s.Stride - 2*s.Padding + s.Dilation*(s.Kernel-1) + s.OutputPadding + 1
		if out <= 0 {
			return calc{}, fmt.Errorf("shape: ConvTranspose2d input size %d with kernel_size=%d stride=%d padding=%d dilation=%d output_padding=%d gives output size %d, too small (padding=%d is too large)",
				in, s.Kernel, s.Stride, s.Padding, s.Dilation, s.OutputPadding, out, s.Padding)
		}
		return calc{out: out}, nil
	}
	padded := in + 2*s.Padding
	if s.Op == Conv && padded < eff {
		return calc{}, fmt.Errorf("shape: Conv2d kernel_size=%d (effective %d with dilation=%d) is larger than the padded input %d (input %d + 2·padding %d)",
			s.Kernel, eff, s.Dilation, padded, in, s.Padding)
	}
	c := calc{num: padded - eff}
	if s.CeilMode {
		c.q = floorDiv(c.num+s.Stride-1, s.Stride)
	} else {
		c.q = floorDiv(c.num, s.Stride)
	}
	c.out = c.q + 1
	if s.CeilMode && (c.out-1)*s.Stride >= in+s.Padding {
		c.out--
		c.dropped = true
	}
	if c.out <= 0 {
		return calc{}, fmt.Errorf("shape: %s kernel_size=%d (effective %d with dilation=%d) is larger than the padded input %d (input %d + 2·padding %d): output size %d is too small",
			s.Op, s.Kernel, eff, s.Dilation, padded, in, s.Padding, c.out)
	}
	return c, nil
}

// Out returns the output size of one spatial axis for an input of size in.
func (s Spec) Out(in int) (int, error) {
	c, err := s.compute(in)
	return c.out, err
}

// ConvOut is the output size of torch.nn.Conv2d along one axis.
func ConvOut(in, kernel, stride, padding, dilation int) (int, error) {
	return Spec{Op: Conv, Kernel: kernel, Stride: stride, Padding: padding, Dilation: dilation}.Out(in)
}

// Explanation is an output-size formula with the numbers substituted, in three
// renderings: plain Unicode text, LaTeX (for Markdown cells: wrap it in $...$)
// and HTML.
type Explanation struct {
	Out   int    // the output size
	Text  string // H_out = ⌊(19 + 2·0 − 1·(5 − 1) − 1)/1⌋ + 1 = 15
	LaTeX string // H_{out} = \left\lfloor \frac{19 + 2 \cdot 0 - 1 \cdot (5 - 1) - 1}{1} \right\rfloor + 1 = 15
	HTML  string // H<sub>out</sub> = ⌊(19 + 2·0 − 1·(5 − 1) − 1) / 1⌋ + 1 = 15
}

// Explain computes the output size of an input of size in and shows the
// formula with the numbers substituted. axis names the dimension ("H", "W");
// an empty axis means "H".
func (s Spec) Explain(axis string, in int) (Explanation, error) {
	if axis == "" {
		axis = "H"
	}
	c, err := s.compute(in)
	if err != nil {
		return Explanation{}, err
	}
	e := Explanation{Out: c.out}
	k, st, p, d := s.Kernel, s.Stride, s.Padding, s.Dilation
	if s.Op == ConvTranspose {
		e.Text = fmt.Sprintf("%s_out = (%d − 1)·%d − 2·%d + %d·(%d − 1) + %d + 1 = %d",
			axis, in, st, p, d, k, s.OutputPadding, c.out)
		e.LaTeX = fmt.Sprintf(`%s_{out} = (%d - 1) \cdot %d - 2 \cdot %d + %d \cdot (%d - 1) + %d + 1 = %d`,
			axis, in, st, p, d, k, s.OutputPadding, c.out)
		e.HTML = fmt.Sprintf("%s<sub>out</sub> = (%d − 1)·%d − 2·%d + %d·(%d − 1) + %d + 1 = %d",
			html.EscapeString(axis), in, st, p, d, k, s.OutputPadding, c.out)
		return e, nil
	}
	open, closeB, lOpen, lClose := "⌊", "⌋", `\left\lfloor`, `\right\rfloor`
	if s.CeilMode {
		open, closeB, lOpen, lClose = "⌈", "⌉", `\left\lceil`, `\right\rceil`
	}
	num := fmt.Sprintf("%d + 2·%d − %d·(%d − 1) − 1", in, p, d, k)
	lnum := fmt.Sprintf(`%d + 2 \cdot %d - %d \cdot (%d - 1) - 1`, in, p, d, k)
	res := fmt.Sprintf("%d", c.q+1)
	note, lnote := "", ""
	if c.dropped {
		res = fmt.Sprintf("%d − 1 = %d", c.q+1, c.out)
		note = fmt.Sprintf(" (ceil mode: the last window would start at %d·%d = %d ≥ %d + %d, outside the input and its left padding, so it is dropped)",
			c.q, st, c.q*st, in, p)
		lnote = fmt.Sprintf(`\quad\text{(last window would start at %d \ge %d + %d: dropped)}`, c.q*st, in, p)
	}
	e.Text = fmt.Sprintf("%s_out = %s(%s)/%d%s + 1 = %s%s", axis, open, num, st, closeB, res, note)
	e.LaTeX = fmt.Sprintf(`%s_{out} = %s \frac{%s}{%d} %s + 1 = %s%s`, axis, lOpen, lnum, st, lClose,
		strings.ReplaceAll(res, "−", "-"), lnote)
	e.HTML = fmt.Sprintf("%s<sub>out</sub> = %s(%s) / %d%s + 1 = %s%s", html.EscapeString(axis), open, num, st, closeB,
		res, html.EscapeString(note))
	return e, nil
}
