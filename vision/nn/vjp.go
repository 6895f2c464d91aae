package nn

import (
	"strconv"
	"strings"

	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
)

// GoMLX's gradient of DotGeneral always ends with a TransposeAllAxes back to
// the operand's axis order, even when that permutation is the identity (as it
// is for both operands of a plain x·W). XLA drops such no-op transposes; the
// pure-Go backend executes them as element-by-element copies, which cost a
// fifth of a LeNet-5 training step (pprof: ops.execTransposeGeneric, 22% of
// CPU before this change). init wraps the registered DotGeneral gradient so an
// identity transpose it returns is replaced by its input: the gradients are
// the same values, computed without the copy. Other permutations are kept.
func init() {
	dot := graph.VJPRegistration[graph.NodeTypeDotGeneral]
	if dot == nil {
		return
	}
	graph.VJPRegistration[graph.NodeTypeDotGeneral] = func(node *graph.Node, v []*graph.Node, s shapes.Shape) []*graph.Node {
		vjps := dot(node, v, s)
		for i, n := range vjps {
			vjps[i] = skipIdentityTranspose(n)
		}
		return vjps
	}
}

// skipIdentityTranspose returns n's operand when n is a Transpose whose
// permutation is 0, 1, …, rank−1, and n otherwise.
func skipIdentityTranspose(n *graph.Node) *graph.Node {
	if n == nil || n.Type() != graph.NodeTypeTranspose || len(n.Inputs()) != 1 {
		return n
	}
	in := n.Inputs()[0]
	if !in.Shape().Equal(n.Shape()) {
		return n
	}
	perm, ok := transposePermutation(n)
	if !ok || len(perm) != n.Rank() {
		return n
	}
	for i, p := range perm {
		if p != i {
			return n
		}
	}
	return in
}

// transposePermutation reads a Transpose node's permutation from its
// description ("… Transpose(x=[#12], permutation=[0 1]) …"); GoMLX keeps the
// parameters unexported.
func transposePermutation(n *graph.Node) ([]int, bool) {
	s := n.String()
	const key = "permutation=["
	i := strings.Index(s, key)
	if i < 0 {
		return nil, false
	}
	s = s[i+len(key):]
	j := strings.IndexByte(s, ']')
	if j < 0 {
		return nil, false
	}
	var perm []int
	for _, f := range strings.Fields(s[:j]) {
		p, err := strconv.Atoi(f)
		if err != nil {
			return nil, false
		}
		perm = append(perm, p)
	}
	return perm, true
}
