package train

import (
	"fmt"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:staticcheck // graph-building code reads best with the ops unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	gomlxtrain "github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// GoMLX returns opt as an optimizer of GoMLX's own training tools
// (optimizer.Interface, for gomlx/ml/train.NewTrainer), with the same
// PyTorch semantics as in this package's Trainer. The learning rate lives in
// GoMLX's learning-rate variable (optimizer.LearningRateVar, Float64), the
// step count in its global step, so GoMLX's checkpoints save both;
// AttachSchedule changes the rate between epochs.
func GoMLX(opt Optimizer) optimizer.Interface { return gomlxOptimizer{opt: opt} }

type gomlxOptimizer struct{ opt Optimizer }

// UpdateGraph implements optimizer.Interface: the gradients of the loss with
// respect to the trainable variables the graph uses, then one update.
func (o gomlxOptimizer) UpdateGraph(scope *model.Scope, g *Graph, loss *Node) {
	if !loss.Shape().IsScalar() {
		panic(fmt.Sprintf("train: GoMLX optimizer %s: loss of shape %s, want a scalar", o.opt.Name(), loss.Shape()))
	}
	store := scope.Store()
	vars, nodes := trainableVars(store, g)
	if len(vars) == 0 {
		return
	}
	grads := Gradient(ConvertDType(loss, nodes[0].DType()), nodes...)
	lr := optimizer.LearningRateVar(store.RootScope(), dtypes.Float64, o.opt.InitialLR()).NodeValue(g)
	step := optimizer.IncrementGlobalStep(g, dtypes.Int64)
	o.opt.UpdateGraph(store, vars, grads, lr, step)
}

// Clear implements optimizer.Interface: it deletes the optimiser's state
// (momentum buffers, Adam moments).
func (o gomlxOptimizer) Clear(scope *model.Scope) error {
	if err := scope.Store().DeleteVariablesInScope(stateScope); err != nil {
		return fmt.Errorf("train: clearing %s's state: %w", o.opt.Name(), err)
	}
	return nil
}

// AttachSchedule makes s change the learning rate of a GoMLX training loop
// (gomlx/ml/train.Loop) whose optimiser came from GoMLX, every stepsPerEpoch
// steps, as this package's Trainer does at the end of each epoch. stats
// gives the scheduler the epoch's numbers (ReduceLROnPlateau watches the
// validation loss); nil uses the loop's training loss (its first metric) as
// both training and validation loss.
func AttachSchedule(loop *gomlxtrain.Loop, s Scheduler, stepsPerEpoch int, stats func(epoch int, metrics []*tensors.Tensor) EpochStats) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if stepsPerEpoch <= 0 {
		return fmt.Errorf("train: AttachSchedule: %d steps per epoch: want > 0", stepsPerEpoch)
	}
	store := loop.Trainer.Store()
	gomlxtrain.EveryNSteps(loop, stepsPerEpoch, "gocnn "+s.Name(), 0, func(loop *gomlxtrain.Loop, metrics []*tensors.Tensor) error {
		epoch := (loop.LoopStep + 1) / stepsPerEpoch
		v := store.RootScope().At(optimizer.Scope).GetVariable(optimizer.ParamLearningRate)
		if v == nil {
			return fmt.Errorf("train: %s: no learning-rate variable: is the loop's optimiser train.GoMLX(...)?", s.Name())
		}
		t, err := v.Value()
		if err != nil {
			return err
		}
		lr := scalarF(t)
		var st EpochStats
		if stats != nil {
			st = stats(epoch, metrics)
		} else {
			loss := scalarF(metrics[0])
			st = EpochStats{Epoch: epoch, TrainLoss: loss, ValLoss: loss}
		}
		st.LR = lr
		if next := s.Step(epoch, lr, st); next != lr {
			return v.SetValue(tensors.FromScalar(next))
		}
		return nil
	})
	return nil
}
