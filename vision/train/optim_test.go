package train

import (
	"math"
	"testing"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/vision/nn"
	. "github.com/gomlx/gomlx/core/graph" //nolint:staticcheck
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// fixedLinear is logits = flatten(x) @ w + b with given initial values.
type fixedLinear struct{ w0, b0 []float32 }

func (m fixedLinear) Type() string { return "FixedLinear" }
func (m fixedLinear) Forward(scope *model.Scope, x *Node) *Node {
	x = Reshape(x, x.Shape().Dimensions[0], -1)
	w := scope.VariableWithValue("w", tensors.FromFlatDataAndDimensions(m.w0, 4, 3)).NodeValue(x.Graph())
	b := scope.VariableWithValue("b", tensors.FromFlatDataAndDimensions(m.b0, 3)).NodeValue(x.Graph())
	return Add(Dot(x, w).Product(), ExpandAxes(b, 0))
}
func (m fixedLinear) OutputShape(in []int) ([]int, error) { return []int{3}, nil }
func (m fixedLinear) Params(in []int) []nn.Param          { return nil }
func (m fixedLinear) MultAdds(in, out []int) int64        { return 0 }

type torchStep struct {
	Loss float64   `json:"loss"`
	W    []float64 `json:"w"`
	B    []float64 `json:"b"`
}

func f32s(xs []float64) []float32 {
	out := make([]float32, len(xs))
	for i, x := range xs {
		out[i] = float32(x)
	}
	return out
}

// TestOptimizersMatchPyTorch runs 5 full-batch steps of each optimizer on the
// linear model of testdata/gen_optim.py and compares the parameters after
// every step with torch.optim's (float32 on both sides; the tolerance 2e-6
// absolute + 1e-5 relative covers float32 rounding of a different operation order).
func TestOptimizersMatchPyTorch(t *testing.T) {
	var fx struct {
		X, W0, B0 []float64
		Y         []int32
		Cases     map[string][]torchStep
	}
	testutil.ReadJSON(t, "testdata/optim_torch.json", &fx)
	opts := map[string]struct {
		opt   Optimizer
		sched Scheduler
	}{
		"sgd_momentum_wd": {SGD{LR: 0.1, Momentum: 0.9, WeightDecay: 5e-4}, nil},
		"sgd_plain":       {SGD{LR: 0.5}, nil},
		"sgd_nesterov":    {SGD{LR: 0.1, Momentum: 0.9, Nesterov: true, WeightDecay: 1e-3}, nil},
		"sgd_dampening":   {SGD{LR: 0.1, Momentum: 0.8, Dampening: 0.5}, nil},
		"adam":            {Adam{LR: 0.01}, nil},
		"adam_l2":         {Adam{LR: 0.01, Beta1: 0.8, Beta2: 0.99, Eps: 1e-6, WeightDecay: 0.1}, nil},
		"adamw":           {NewAdamW(0.01), nil},
		"adamw_steplr":    {Adam{LR: 0.05, WeightDecay: 0.1, Decoupled: true}, &StepLR{StepSize: 2, Gamma: 0.5}},
	}
	if len(fx.Cases) != len(opts) {
		t.Fatalf("fixture has %d cases, test knows %d", len(fx.Cases), len(opts))
	}
	b := testutil.Backend(t)
	for name, want := range fx.Cases {
		t.Run(name, func(t *testing.T) {
			o := opts[name]
			loader, err := datasets.NewLoader(f32s(fx.X), fx.Y, []int{1, 1, 4}, datasets.LoaderOptions{BatchSize: 5})
			if err != nil {
				t.Fatal(err)
			}
			var got []torchStep
			capture := func(tr *Trainer, _ EpochStats) error {
				w := tensors.MustCopyFlatData[float32](tr.Store().GetVariable("/w").MustValue())
				bb := tensors.MustCopyFlatData[float32](tr.Store().GetVariable("/b").MustValue())
				s := torchStep{}
				for _, v := range w {
					s.W = append(s.W, float64(v))
				}
				for _, v := range bb {
					s.B = append(s.B, float64(v))
				}
				got = append(got, s)
				return nil
			}
			_, h, err := Fit(b, fixedLinear{f32s(fx.W0), f32s(fx.B0)}, loader, nil, Config{
				Epochs: 5, Optimizer: o.opt, Schedule: o.sched, Quiet: true, Callbacks: []func(*Trainer, EpochStats) error{capture}})
			if err != nil {
				t.Fatal(err)
			}
			for i, ws := range want {
				if d := math.Abs(h.Steps[i].Loss - ws.Loss); d > 2e-6+1e-5*math.Abs(ws.Loss) {
					t.Errorf("step %d loss %.8g, torch %.8g", i+1, h.Steps[i].Loss, ws.Loss)
				}
				check := func(what string, g, w []float64) {
					for j := range w {
						if d := math.Abs(g[j] - w[j]); d > 2e-6+1e-5*math.Abs(w[j]) {
							t.Errorf("step %d %s[%d] = %.8g, torch %.8g (diff %.2g)", i+1, what, j, g[j], w[j], d)
						}
					}
				}
				check("w", got[i].W, ws.W)
				check("b", got[i].B, ws.B)
			}
		})
	}
}
