package summary

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/gocnn/gocnn/vision/nn"
)

// Column is an optional column of the table, as torchinfo's col_names.
type Column int

const (
	// InputShape is torchinfo's "input_size" column.
	InputShape Column = iota
	// OutputShape is torchinfo's "output_size" column.
	OutputShape
	// NumParams is torchinfo's "num_params" column ("Param #").
	NumParams
	// KernelShape is torchinfo's "kernel_size" column.
	KernelShape
	// MultAdds is torchinfo's "mult_adds" column.
	MultAdds
	// Trainable is torchinfo's "trainable" column.
	Trainable
)

var columnTitles = map[Column]string{
	InputShape:  "Input Shape",
	OutputShape: "Output Shape",
	NumParams:   "Param #",
	KernelShape: "Kernel Shape",
	MultAdds:    "Mult-Adds",
	Trainable:   "Trainable",
}

// String returns the column's header title.
func (c Column) String() string {
	if t, ok := columnTitles[c]; ok {
		return t
	}
	return fmt.Sprintf("Column(%d)", int(c))
}

// Options configures a summary. The zero value gives torchinfo's defaults.
type Options struct {
	// BatchSize is the batch axis shown in shapes and used for the mult-adds and
	// memory estimates; 0 means 1.
	BatchSize int
	// Columns lists the columns after the layer name; nil means torchinfo's
	// default (OutputShape, NumParams).
	Columns []Column
	// MaxDepth hides rows deeper than this (totals still count them); 0 means 3.
	MaxDepth int
	// ChannelsLast shows image shapes as [B, H, W, C] (GoMLX's layout) instead
	// of PyTorch's [B, C, H, W].
	ChannelsLast bool
	// ColWidth is the width of each column; 0 means 25.
	ColWidth int
}

// KernelSizer is implemented by layers that have a kernel (convolutions and
// pooling) to fill the Kernel Shape column. One value is shown as a scalar
// ("3", as torchinfo shows MaxPool2d(3)), several as a list ("[11, 11]").
// Layers without it whose "weight" parameter has rank ≥ 3 show the weight's
// spatial dimensions, as torchinfo does for Conv2d.
type KernelSizer interface {
	KernelSize() []int
}

// ShapeTracer is implemented by containers whose children do not simply run
// one after another: it returns the input shape of each child (in
// Children() order) for the container's input shape. Containers without it are
// treated as nn.Sequential: each child gets the previous child's output.
type ShapeTracer interface {
	ChildInputShapes(in []int) ([][]int, error)
}

// Row is one line of the summary, for one layer.
type Row struct {
	Depth      int    // 0 for the model itself
	DepthIndex int    // torchinfo's index among the rows of the same depth (the "1" of "2-1")
	Type       string // Layer.Type()
	Name       string // the name in the parent container ("" for the model)
	Path       string // dotted path as in a PyTorch state_dict ("features.0")
	Input      []int  // input shape without batch, PyTorch order
	Output     []int  // output shape without batch, PyTorch order
	Kernel     string // Kernel Shape cell ("--" when none)
	// Params is the number of parameters of the layer including its
	// descendants; OwnParams only its own. TrainableParams counts the
	// trainable ones among Params.
	Params, OwnParams, TrainableParams, OwnTrainable int64
	MultAdds                                         int64 // leaf layers only, times the batch size
	Leaf                                             bool  // no children
	Recursive                                        bool  // the same layer was already shown above
	children                                         []int // indices of the direct children rows
}

// Summary is the result of Summarize.
type Summary struct {
	Rows []Row
	// Totals, as torchinfo's footer.
	TotalParams, TrainableParams, TotalMultAdds int64
	// Bytes of the input, of the forward/backward activations and of the
	// parameters (float32).
	InputBytes, ForwardBackwardBytes, ParamBytes int64
	// Input is the model's input shape without batch.
	Input []int
	opts  Options
}

const floatBytes = 4

// Summarize walks model (a single layer or a container tree) for an input of
// shape in (PyTorch order, without batch: [C, H, W] or [F]) and computes every
// row and total. A shape a layer cannot take is an error naming the row.
func Summarize(model nn.Layer, in []int, opts Options) (*Summary, error) {
	if model == nil {
		return nil, fmt.Errorf("summary: nil model")
	}
	if len(in) == 0 {
		return nil, fmt.Errorf("summary: empty input shape for %s", model.Type())
	}
	for _, d := range in {
		if d <= 0 {
			return nil, fmt.Errorf("summary: input shape %v of %s has a non-positive dimension", in, model.Type())
		}
	}
	if opts.BatchSize < 0 || opts.MaxDepth < 0 || opts.ColWidth < 0 {
		return nil, fmt.Errorf("summary: BatchSize=%d, MaxDepth=%d, ColWidth=%d must be ≥ 0", opts.BatchSize, opts.MaxDepth, opts.ColWidth)
	}
	if opts.BatchSize == 0 {
		opts.BatchSize = 1
	}
	if opts.MaxDepth == 0 {
		opts.MaxDepth = 3
	}
	if opts.ColWidth == 0 {
		opts.ColWidth = 25
	}
	if opts.Columns == nil {
		opts.Columns = []Column{OutputShape, NumParams}
	}
	s := &Summary{Input: slices.Clone(in), opts: opts}
	w := walker{s: s, seen: map[nn.Layer]bool{}, depthIdx: map[int]int{}}
	if _, err := w.visit(model, "", "", 0, in); err != nil {
		return nil, err
	}
	batch := int64(opts.BatchSize)
	s.InputBytes = prod(in) * batch * floatBytes
	for _, r := range s.Rows {
		if r.Leaf {
			s.TotalMultAdds += r.MultAdds
			if r.Params > 0 {
				s.ForwardBackwardBytes += 2 * prod(r.Output) * batch * floatBytes
			}
		}
		if r.Recursive {
			continue
		}
		s.TotalParams += r.OwnParams
		s.TrainableParams += r.OwnTrainable
	}
	s.ParamBytes = s.TotalParams * floatBytes
	return s, nil
}

type walker struct {
	s        *Summary
	seen     map[nn.Layer]bool
	depthIdx map[int]int
}

func comparable(l nn.Layer) bool { return reflect.TypeOf(l).Comparable() }

// visit appends the row of l and its descendants; it returns the row index.
func (w *walker) visit(l nn.Layer, name, path string, depth int, in []int) (int, error) {
	label := l.Type()
	if path != "" {
		label = fmt.Sprintf("%s (%s)", l.Type(), path)
	}
	out, err := l.OutputShape(in)
	if err != nil {
		return 0, fmt.Errorf("summary: layer %s with input %v: %w", label, in, err)
	}
	w.depthIdx[depth]++
	row := Row{Depth: depth, DepthIndex: w.depthIdx[depth], Type: l.Type(), Name: name, Path: path,
		Input: slices.Clone(in), Output: slices.Clone(out), Kernel: kernelCell(l, in)}
	if comparable(l) {
		row.Recursive = w.seen[l]
		w.seen[l] = true
	}
	for _, p := range l.Params(in) {
		n := prod(p.Shape)
		row.OwnParams += n
		if p.Trainable {
			row.OwnTrainable += n
		}
	}
	row.Params, row.TrainableParams = row.OwnParams, row.OwnTrainable
	idx := len(w.s.Rows)
	w.s.Rows = append(w.s.Rows, row)

	var children []nn.Named
	if c, ok := l.(nn.Container); ok {
		children = c.Children()
	}
	if len(children) == 0 {
		w.s.Rows[idx].Leaf = true
		w.s.Rows[idx].MultAdds = l.MultAdds(in, out) * int64(w.s.opts.BatchSize)
		return idx, nil
	}
	var inputs [][]int
	if t, ok := l.(ShapeTracer); ok {
		if inputs, err = t.ChildInputShapes(in); err != nil {
			return 0, fmt.Errorf("summary: layer %s with input %v: %w", label, in, err)
		}
		if len(inputs) != len(children) {
			return 0, fmt.Errorf("summary: layer %s: ChildInputShapes gave %d shapes for %d children", label, len(inputs), len(children))
		}
	}
	cur := in
	for i, ch := range children {
		if ch.Layer == nil {
			return 0, fmt.Errorf("summary: layer %s: child %q is nil", label, ch.Name)
		}
		if inputs != nil {
			cur = inputs[i]
		}
		childPath := ch.Name
		if path != "" {
			childPath = path + "." + ch.Name
		}
		ci, err := w.visit(ch.Layer, ch.Name, childPath, depth+1, cur)
		if err != nil {
			return 0, err
		}
		cr := w.s.Rows[ci]
		w.s.Rows[idx].children = append(w.s.Rows[idx].children, ci)
		if !cr.Recursive {
			w.s.Rows[idx].Params += cr.Params
			w.s.Rows[idx].TrainableParams += cr.TrainableParams
		}
		cur = cr.Output
	}
	return idx, nil
}

func kernelCell(l nn.Layer, in []int) string {
	var k []int
	if ks, ok := l.(KernelSizer); ok {
		k = ks.KernelSize()
		if len(k) == 1 {
			return strconv.Itoa(k[0])
		}
	} else {
		for _, p := range l.Params(in) {
			if p.Name == "weight" && len(p.Shape) >= 3 {
				k = p.Shape[2:]
			}
		}
	}
	if len(k) == 0 {
		return "--"
	}
	return listString(k)
}

// prod is nn.Numel as an int64.
func prod(s []int) int64 { return int64(nn.Numel(s)) }

// listString formats dims as Python prints a list: [1, 64, 55, 55].
func listString(d []int) string {
	parts := make([]string, len(d))
	for i, v := range d {
		parts[i] = strconv.Itoa(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Thousands formats n with comma thousands separators, as Python's f"{n:,}":
// 61100840 → "61,100,840".
func Thousands(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// MB converts bytes to torchinfo's megabytes (1e6 bytes).
func MB(bytes int64) float64 { return float64(bytes) / 1e6 }

// TotalBytes is torchinfo's "Estimated Total Size": input + forward/backward + params.
func (s *Summary) TotalBytes() int64 { return s.InputBytes + s.ForwardBackwardBytes + s.ParamBytes }

// MultAddsString formats the total mult-adds as torchinfo's footer does:
// "(M): 714.68", "(G): 15.48", or an integer when the value is whole.
func (s *Summary) MultAddsString() string {
	n := float64(s.TotalMultAdds)
	unit, v := "M", n/1e6
	if n >= 1e12 {
		unit, v = "T", n/1e12
	} else if n >= 1e9 {
		unit, v = "G", n/1e9
	}
	return fmt.Sprintf("(%s): %s", unit, pyNumber(v))
}

// pyNumber prints v as torchinfo: an integer with separators when whole,
// otherwise two decimals with separators in the integer part.
func pyNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e18 {
		return Thousands(int64(v))
	}
	f := strconv.FormatFloat(v, 'f', 2, 64)
	intPart, frac, _ := strings.Cut(f, ".")
	neg := strings.HasPrefix(intPart, "-")
	ip, _ := strconv.ParseInt(strings.TrimPrefix(intPart, "-"), 10, 64)
	r := Thousands(ip) + "." + frac
	if neg {
		r = "-" + r
	}
	return r
}

// shapeCell formats a shape with the batch axis first, in the chosen layout.
func (s *Summary) shapeCell(d []int) string {
	if len(d) == 0 {
		return "--"
	}
	full := append([]int{s.opts.BatchSize}, d...)
	if s.opts.ChannelsLast && len(d) >= 3 {
		full = append(append([]int{s.opts.BatchSize}, d[1:]...), d[0])
	}
	return listString(full)
}

// cells returns the values of the chosen columns for row i.
func (s *Summary) cells(i int) []string {
	r := s.Rows[i]
	reached := r.Depth == s.opts.MaxDepth
	out := make([]string, len(s.opts.Columns))
	for j, c := range s.opts.Columns {
		switch c {
		case InputShape:
			out[j] = s.shapeCell(r.Input)
		case OutputShape:
			out[j] = s.shapeCell(r.Output)
		case NumParams:
			out[j] = s.paramsCell(r, reached)
		case KernelShape:
			out[j] = r.Kernel
		case MultAdds:
			out[j] = "--"
			if r.Leaf && r.MultAdds > 0 {
				out[j] = Thousands(r.MultAdds)
			} else if !r.Leaf && reached {
				var sum int64
				for _, ci := range r.children {
					if s.Rows[ci].Leaf {
						sum += s.Rows[ci].MultAdds
					}
				}
				if sum > 0 {
					out[j] = Thousands(sum)
				}
			}
		case Trainable:
			switch {
			case r.Params == 0:
				out[j] = "--"
			case r.TrainableParams == 0:
				out[j] = "False"
			case r.TrainableParams == r.Params:
				out[j] = "True"
			default:
				out[j] = "Partial"
			}
		}
	}
	return out
}

func (s *Summary) paramsCell(r Row, reached bool) string {
	switch {
	case r.Params == 0:
		return "--"
	case r.Recursive:
		return "(recursive)"
	case reached || r.Leaf:
		if r.TrainableParams == 0 {
			return "(" + Thousands(r.Params) + ")"
		}
		return Thousands(r.Params)
	case r.OwnParams > 0:
		return Thousands(r.OwnParams)
	}
	return "--"
}

// rowName is torchinfo's "Type: depth-idx" label.
func rowName(r Row) string {
	if r.Depth == 0 {
		return r.Type
	}
	return fmt.Sprintf("%s: %d-%d", r.Type, r.Depth, r.DepthIndex)
}

// treePrefix is torchinfo's tree drawing for a depth: "", "├─", "│    └─", ...
func treePrefix(depth int) string {
	switch depth {
	case 0:
		return ""
	case 1:
		return "├─"
	}
	return strings.Repeat("│    ", depth-1) + "└─"
}
