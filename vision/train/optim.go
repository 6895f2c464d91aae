package train

import (
	"fmt"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:staticcheck // graph-building code reads best with the ops unqualified
	"github.com/gomlx/gomlx/ml/model"
)

// stateScope is the store folder holding the optimizers' per-variable state
// (momentum buffers, Adam moments). It is not part of the model weights.
const stateScope = "/optimizer_state"

// Optimizer updates the trainable variables once per step, inside the train
// graph. SGD, Adam and AdamW implement it with PyTorch's semantics and
// defaults (torch.optim, single-tensor code path).
type Optimizer interface {
	// Name is the PyTorch class name ("SGD", "Adam", "AdamW").
	Name() string
	// InitialLR is the learning rate of the first epoch.
	InitialLR() float64
	// Validate reports a hyperparameter out of range, naming it.
	Validate() error
	// UpdateGraph builds one update of vars with their gradients grads (same
	// order). lr is the current learning rate, a Float64 scalar node, and
	// step the 1-based number of this step, an Int64 scalar node. State
	// variables go under the store folder "/optimizer_state".
	UpdateGraph(store *model.Store, vars []*model.Variable, grads []*Node, lr, step *Node)
}

// SGD is torch.optim.SGD: with weight decay wd, momentum μ, dampening τ,
//
//	g ← g + wd·w;  b ← g (first step) or μ·b + (1-τ)·g;  g ← g + μ·b (Nesterov) or b;  w ← w - lr·g.
type SGD struct {
	LR          float64 // learning rate (required, > 0)
	Momentum    float64 // μ, 0 for plain SGD
	Dampening   float64 // τ, PyTorch's default 0
	WeightDecay float64 // L2 penalty added to the gradient, PyTorch's default 0
	Nesterov    bool    // Nesterov momentum (needs Momentum > 0 and Dampening = 0)
}

// Name implements Optimizer.
func (o SGD) Name() string { return "SGD" }

// InitialLR implements Optimizer.
func (o SGD) InitialLR() float64 { return o.LR }

// Validate implements Optimizer.
func (o SGD) Validate() error {
	switch {
	case !(o.LR > 0):
		return fmt.Errorf("train: SGD learning rate %v: want > 0", o.LR)
	case o.Momentum < 0:
		return fmt.Errorf("train: SGD momentum %v: want >= 0", o.Momentum)
	case o.WeightDecay < 0:
		return fmt.Errorf("train: SGD weight decay %v: want >= 0", o.WeightDecay)
	case o.Nesterov && (o.Momentum <= 0 || o.Dampening != 0):
		return fmt.Errorf("train: SGD Nesterov momentum needs momentum > 0 and dampening 0, got momentum %v, dampening %v", o.Momentum, o.Dampening)
	}
	return nil
}

// UpdateGraph implements Optimizer.
func (o SGD) UpdateGraph(store *model.Store, vars []*model.Variable, grads []*Node, lr, step *Node) {
	g := lr.Graph()
	first := Equal(step, OnesLike(step))
	for i, v := range vars {
		w := v.NodeValue(g)
		grad := grads[i]
		if o.WeightDecay != 0 {
			grad = Add(grad, MulScalar(w, o.WeightDecay))
		}
		if o.Momentum != 0 {
			bv := stateVar(store, "momentum_buffer", v)
			buf := Add(MulScalar(bv.NodeValue(g), o.Momentum), MulScalar(grad, 1-o.Dampening))
			if o.Dampening != 0 { // PyTorch starts the buffer at the first gradient, undamped
				buf = Where(first, grad, buf)
			}
			bv.SetNodeValue(buf)
			if o.Nesterov {
				grad = Add(grad, MulScalar(buf, o.Momentum))
			} else {
				grad = buf
			}
		}
		v.SetNodeValue(Sub(w, Mul(grad, ConvertDType(lr, grad.DType()))))
	}
}

// Adam is torch.optim.Adam (L2 weight decay added to the gradient) and, with
// Decoupled set, torch.optim.AdamW (w ← w·(1 - lr·wd) before the Adam step).
// Zero Betas/Eps take PyTorch's defaults 0.9, 0.999 and 1e-8. Use NewAdamW
// for AdamW's default weight decay 0.01.
//
//	m ← β1·m + (1-β1)·g;  v ← β2·v + (1-β2)·g²;
//	w ← w - lr/(1-β1^t) · m / (√v/√(1-β2^t) + eps)
type Adam struct {
	LR          float64
	Beta1       float64 // 0 means 0.9
	Beta2       float64 // 0 means 0.999
	Eps         float64 // 0 means 1e-8
	WeightDecay float64
	Decoupled   bool // AdamW
}

// NewAdamW is torch.optim.AdamW(lr=lr) with its defaults: betas (0.9, 0.999),
// eps 1e-8, weight_decay 0.01.
func NewAdamW(lr float64) Adam { return Adam{LR: lr, WeightDecay: 0.01, Decoupled: true} }

func (o Adam) betas() (float64, float64, float64) {
	b1, b2, eps := o.Beta1, o.Beta2, o.Eps
	if b1 == 0 {
		b1 = 0.9
	}
	if b2 == 0 {
		b2 = 0.999
	}
	if eps == 0 {
		eps = 1e-8
	}
	return b1, b2, eps
}

// Name implements Optimizer.
func (o Adam) Name() string {
	if o.Decoupled {
		return "AdamW"
	}
	return "Adam"
}

// InitialLR implements Optimizer.
func (o Adam) InitialLR() float64 { return o.LR }

// Validate implements Optimizer.
func (o Adam) Validate() error {
	b1, b2, eps := o.betas()
	switch {
	case !(o.LR > 0):
		return fmt.Errorf("train: %s learning rate %v: want > 0", o.Name(), o.LR)
	case b1 < 0 || b1 >= 1 || b2 < 0 || b2 >= 1:
		return fmt.Errorf("train: %s betas (%v, %v): want each in [0, 1)", o.Name(), b1, b2)
	case eps < 0:
		return fmt.Errorf("train: %s eps %v: want >= 0", o.Name(), eps)
	case o.WeightDecay < 0:
		return fmt.Errorf("train: %s weight decay %v: want >= 0", o.Name(), o.WeightDecay)
	}
	return nil
}

// UpdateGraph implements Optimizer. The scalar factors are computed in
// float64, as PyTorch computes them in Python floats.
func (o Adam) UpdateGraph(store *model.Store, vars []*model.Variable, grads []*Node, lr, step *Node) {
	g := lr.Graph()
	b1, b2, eps := o.betas()
	t := ConvertDType(step, dtypes.Float64)
	bc1 := OneMinus(Pow(Scalar(g, dtypes.Float64, b1), t))
	bc2 := OneMinus(Pow(Scalar(g, dtypes.Float64, b2), t))
	stepSize := Div(lr, bc1)
	bc2Sqrt := Sqrt(bc2)
	decay := OneMinus(MulScalar(lr, o.WeightDecay))
	for i, v := range vars {
		w := v.NodeValue(g)
		grad := grads[i]
		dt := grad.DType()
		if o.WeightDecay != 0 {
			if o.Decoupled {
				w = Mul(w, ConvertDType(decay, dt))
			} else {
				grad = Add(grad, MulScalar(w, o.WeightDecay))
			}
		}
		mv, vv := stateVar(store, "exp_avg", v), stateVar(store, "exp_avg_sq", v)
		m := Add(MulScalar(mv.NodeValue(g), b1), MulScalar(grad, 1-b1))
		s := Add(MulScalar(vv.NodeValue(g), b2), MulScalar(Mul(grad, grad), 1-b2))
		mv.SetNodeValue(m)
		vv.SetNodeValue(s)
		denom := AddScalar(Div(Sqrt(s), ConvertDType(bc2Sqrt, dt)), eps)
		v.SetNodeValue(Sub(w, Mul(ConvertDType(stepSize, dt), Div(m, denom))))
	}
}

// stateVar returns (creating it at zero) the optimizer state named kind for v.
func stateVar(store *model.Store, kind string, v *model.Variable) *model.Variable {
	sv := store.VariableWithShape(stateScope+"/"+kind+v.Path(), v.Shape(), Zeros)
	sv.SetTrainable(false)
	return sv
}
