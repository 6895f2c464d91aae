package nn

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Sequential is torch.nn.Sequential with named children. Each child runs in
// the sub-scope named after it, so its variables live at
// <scope>/<child name>/<variable> and its PyTorch state_dict keys are
// "<child name>.<tensor>" (nested: "features.0.weight").
//
//	net := nn.NewSequential(
//		nn.Named{"C1", nn.NewConv2d(1, 6, 5)},
//		nn.Named{"S2", nn.NewAvgPool2d(2)},
//	)
//	seq := nn.Seq(nn.NewConv2d(3, 64, 3), nn.NewReLU()) // children "0", "1"
type Sequential struct {
	children []Named
}

// NewSequential returns a Sequential with the given named children, in order.
// Names must be unique, non-empty and contain neither '.' nor '/'; a bad name
// is reported by OutputShape and by Forward.
func NewSequential(children ...Named) *Sequential {
	return &Sequential{children: append([]Named(nil), children...)}
}

// Seq returns a Sequential whose children are named "0", "1", ... as in
// PyTorch's nn.Sequential(*layers).
func Seq(layers ...Layer) *Sequential {
	s := &Sequential{}
	for _, l := range layers {
		s.Append(l)
	}
	return s
}

// Add appends a named child and returns s.
func (s *Sequential) Add(name string, l Layer) *Sequential {
	s.children = append(s.children, Named{Name: name, Layer: l})
	return s
}

// Append appends a child named after its index ("0", "1", ...) and returns s.
func (s *Sequential) Append(l Layer) *Sequential {
	return s.Add(strconv.Itoa(len(s.children)), l)
}

// Children returns the direct children, in forward order.
func (s *Sequential) Children() []Named { return s.children }

// Type returns "Sequential".
func (s *Sequential) Type() string { return "Sequential" }

// validate checks the children's names.
func (s *Sequential) validate() error {
	seen := map[string]bool{}
	for i, c := range s.children {
		switch {
		case c.Name == "" || strings.ContainsAny(c.Name, "./"):
			return fmt.Errorf("Sequential: child %d has name %q; names must be non-empty without '.' or '/'", i, c.Name)
		case seen[c.Name]:
			return fmt.Errorf("Sequential: two children named %q", c.Name)
		case c.Layer == nil:
			return fmt.Errorf("Sequential: child %q is nil", c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}

// OutputShape chains the children's OutputShape.
func (s *Sequential) OutputShape(in []int) ([]int, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	shape := in
	for _, c := range s.children {
		out, err := c.Layer.OutputShape(shape)
		if err != nil {
			return nil, fmt.Errorf("Sequential child %q: %w", c.Name, err)
		}
		shape = out
	}
	return shape, nil
}

// Params returns nil: a Sequential owns no tensors (its children do; see
// TotalParams).
func (s *Sequential) Params(in []int) []Param { return nil }

// MultAdds returns 0: the children's counts are their own (see TotalMultAdds).
func (s *Sequential) MultAdds(in, out []int) int64 { return 0 }

// Forward runs the children in order, each in the sub-scope of its name.
func (s *Sequential) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	out, _ := s.ForwardTaps(scope, x)
	return out
}

// ForwardTaps runs the Sequential and also returns the outputs of the
// children named by dotted paths, in the order of paths: "F6" is the output of
// child F6, "classifier.4" the output of child 4 of child classifier (which
// must itself be a Sequential or implement Tapper). An unknown path is a
// graph-building error (GoMLX's Exec returns it); check paths beforehand with
// Resolve.
func (s *Sequential) ForwardTaps(scope *model.Scope, x *graph.Node, paths ...string) (out *graph.Node, taps []*graph.Node) {
	if err := s.validate(); err != nil {
		panicf("%v", err)
	}
	for _, p := range paths {
		if _, err := s.Resolve(p); err != nil {
			panicf("ForwardTaps: %v", err)
		}
	}
	taps = make([]*graph.Node, len(paths))
	for _, c := range s.children {
		var sub []string
		var subIdx []int
		for i, p := range paths {
			if rest, ok := strings.CutPrefix(p, c.Name+"."); ok {
				sub = append(sub, rest)
				subIdx = append(subIdx, i)
			}
		}
		cs := scope.In("%s", c.Name)
		if len(sub) > 0 {
			t := c.Layer.(Tapper) // Resolve checked it
			var subTaps []*graph.Node
			x, subTaps = t.ForwardTaps(cs, x, sub...)
			for j, i := range subIdx {
				taps[i] = subTaps[j]
			}
		} else {
			x = c.Layer.Forward(cs, x)
		}
		for i, p := range paths {
			if p == c.Name {
				taps[i] = x
			}
		}
	}
	return x, taps
}

// Tapper is a container that can return intermediate outputs (see
// Sequential.ForwardTaps).
type Tapper interface {
	ForwardTaps(scope *model.Scope, x *graph.Node, paths ...string) (out *graph.Node, taps []*graph.Node)
}

// Resolve returns the layer at a dotted child path ("features.0").
func (s *Sequential) Resolve(path string) (Layer, error) {
	name, rest, nested := strings.Cut(path, ".")
	for _, c := range s.children {
		if c.Name != name {
			continue
		}
		if !nested {
			return c.Layer, nil
		}
		sub, ok := c.Layer.(*Sequential)
		if !ok {
			if _, isTapper := c.Layer.(Tapper); !isTapper {
				return nil, fmt.Errorf("path %q: child %q is a %s, not a container", path, name, c.Layer.Type())
			}
			return c.Layer, nil
		}
		l, err := sub.Resolve(rest)
		if err != nil {
			return nil, fmt.Errorf("path %q: %w", path, err)
		}
		return l, nil
	}
	names := make([]string, len(s.children))
	for i, c := range s.children {
		names[i] = c.Name
	}
	return nil, fmt.Errorf("path %q: no child %q (children: %s)", path, name, strings.Join(names, ", "))
}

// String prints the tree like PyTorch's repr.
func (s *Sequential) String() string {
	var b strings.Builder
	b.WriteString("Sequential(\n")
	for _, c := range s.children {
		inner := fmt.Sprint(c.Layer)
		if st, ok := c.Layer.(fmt.Stringer); ok {
			inner = st.String()
		}
		inner = strings.ReplaceAll(inner, "\n", "\n  ")
		fmt.Fprintf(&b, "  (%s): %s\n", c.Name, inner)
	}
	b.WriteString(")")
	return b.String()
}

// Walk calls fn for l and every layer below it, depth first, with its dotted
// path ("" for l itself), its input and its output shape (PyTorch order). It
// stops at the first shape error.
func Walk(l Layer, in []int, fn func(path string, l Layer, in, out []int) error) error {
	return walk("", l, in, fn)
}

func walk(path string, l Layer, in []int, fn func(string, Layer, []int, []int) error) error {
	out, err := l.OutputShape(in)
	if err != nil {
		if path != "" {
			return fmt.Errorf("%s: %w", path, err)
		}
		return err
	}
	if err := fn(path, l, in, out); err != nil {
		return err
	}
	if c, ok := l.(Container); ok {
		shape := in
		for _, ch := range c.Children() {
			p := ch.Name
			if path != "" {
				p = path + "." + ch.Name
			}
			if err := walk(p, ch.Layer, shape, fn); err != nil {
				return err
			}
			if shape, err = ch.Layer.OutputShape(shape); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
	}
	return nil
}

// TotalParams counts the trainable parameters of l and all layers below it
// (torchinfo's "Trainable params"), for an input shape in PyTorch order.
func TotalParams(l Layer, in []int) (int64, error) {
	var n int64
	err := Walk(l, in, func(_ string, l Layer, in, _ []int) error {
		for _, p := range l.Params(in) {
			if p.Trainable {
				n += int64(Numel(p.Shape))
			}
		}
		return nil
	})
	return n, err
}

// TotalMultAdds sums MultAdds over l and all layers below it.
func TotalMultAdds(l Layer, in []int) (int64, error) {
	var n int64
	err := Walk(l, in, func(_ string, l Layer, in, out []int) error {
		n += l.MultAdds(in, out)
		return nil
	})
	return n, err
}

// Numel is PyTorch's numel: the number of elements of a tensor of shape
// (1 for a scalar, shape []).
func Numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}
