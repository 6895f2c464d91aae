package nn

import (
	"math"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// fixture is one tensor of testdata/torch_fixtures.json.
type fixture struct {
	Shape []int     `json:"shape"`
	Data  []float32 `json:"data"`
}

func (f fixture) tensor() Tensor { return Tensor{Shape: f.Shape, Data: f.Data} }

// nhwc converts an NCHW fixture to a [B,H,W,C] GoMLX tensor.
func (f fixture) nhwc() *tensors.Tensor {
	s := f.Shape
	return tensors.FromFlatDataAndDimensions(permute(f.Data, s, []int{0, 2, 3, 1}), s[0], s[2], s[3], s[1])
}

type torchCase struct {
	Kind     string             `json:"kind"`
	Cin      int                `json:"cin"`
	Cout     int                `json:"cout"`
	Kernel   []int              `json:"kernel"`
	Stride   []int              `json:"stride"`
	Pad      []int              `json:"pad"`
	Dilation []int              `json:"dilation"`
	Groups   int                `json:"groups"`
	Bias     bool               `json:"bias"`
	K        float64            `json:"k"`
	S        int                `json:"s"`
	P        int                `json:"p"`
	Ceil     bool               `json:"ceil"`
	CIP      bool               `json:"count_include_pad"`
	Out      []int              `json:"out"`
	Size     int                `json:"size"`
	Alpha    float64            `json:"alpha"`
	Beta     float64            `json:"beta"`
	X        fixture            `json:"x"`
	Y        fixture            `json:"y"`
	X1       fixture            `json:"x1"`
	X2       fixture            `json:"x2"`
	Y1       fixture            `json:"y1"`
	Y2       fixture            `json:"y2"`
	YEval    fixture            `json:"y_eval"`
	R        fixture            `json:"r"`
	GX       fixture            `json:"gx"`
	GW       fixture            `json:"gw"`
	State    map[string]fixture `json:"state"`
	Final    map[string]fixture `json:"final_state"`
}

func (c torchCase) stateDict(m map[string]fixture) map[string]Tensor {
	sd := map[string]Tensor{}
	for k, v := range m {
		sd[k] = v.tensor()
	}
	return sd
}

func loadTorchCases(t *testing.T) []torchCase {
	t.Helper()
	var f struct {
		Cases []torchCase `json:"cases"`
	}
	testutil.ReadJSON(t, "testdata/torch_fixtures.json", &f) // testdata/gen_fixtures.py writes it
	return f.Cases
}

// run builds layer.Forward on the root scope of store and returns the output.
func run(t *testing.T, store *model.Store, l Layer, training bool, x *tensors.Tensor) *tensors.Tensor {
	t.Helper()
	exec, err := model.NewExec1(testutil.Backend(t), store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		store.SetTraining(x.Graph(), training)
		return l.Forward(scope, x)
	})
	if err != nil {
		t.Fatalf("%s: NewExec: %v", l.Type(), err)
	}
	y, err := exec.Call(x)
	if err != nil {
		t.Fatalf("%s: exec: %v", l.Type(), err)
	}
	return y
}

// toNCHW returns a [B,H,W,C] tensor's values in NCHW order (rank-2 unchanged).
func toNCHW(y *tensors.Tensor) ([]int, []float32) {
	d := y.Shape().Dimensions
	flat := tensors.MustCopyFlatData[float32](y)
	if len(d) != 4 {
		return d, flat
	}
	return []int{d[0], d[3], d[1], d[2]}, permute(flat, d, []int{0, 3, 1, 2})
}

// maxAbsDiff returns max |a-b| (Inf when lengths differ).
func maxAbsDiff(a, b []float32) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	m := 0.0
	for i := range a {
		m = max(m, math.Abs(float64(a[i])-float64(b[i])))
	}
	return m
}

func shapesF32(dims []int) shapes.Shape { return shapes.Make(dtypes.Float32, dims...) }

// implStore returns a new Store whose layers use formulation i (SetImpl on
// its root scope).
func implStore(i Impl) *model.Store {
	s := model.NewStore()
	SetImpl(s.RootScope(), i)
	return s
}
