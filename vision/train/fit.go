package train

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/vision/metrics"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:staticcheck // graph-building code reads best with the ops unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	gomlxtrain "github.com/gomlx/gomlx/ml/train"
)

// Store paths of the training state (not model weights).
const (
	lrPath   = "/train/learning_rate" // Float64 scalar, set between epochs
	stepPath = "/train/global_step"   // Int64 scalar, incremented by the train graph
)

// Config configures a Trainer. Only Epochs and Optimizer are required.
type Config struct {
	Epochs    int       // number of epochs to train (in total, counting resumed ones)
	Optimizer Optimizer // SGD{...}, Adam{...}, NewAdamW(lr)
	Schedule  Scheduler // optional: &StepLR{...}, &ReduceLROnPlateau{...}
	Seed      int64     // seeds weight initialisation and dropout (the Store RNG)

	// Impl is the layer formulation of the run's model (nn.SetImpl on the
	// Store's root scope): nn.ImplAuto (the zero value) picks per backend,
	// nn.ImplNative and nn.ImplFast force one, for measurements.
	Impl nn.Impl

	// NumClasses for macro-F1 and confusion matrices; 0 infers it from the
	// largest label or prediction of each evaluation.
	NumClasses int

	// Dir, when set, receives history.json, history.csv, steps.csv and the
	// checkpoint (checkpoint.json plus .bin files, and the previous one as
	// checkpoint.prev.json), all written atomically after every epoch.
	Dir string
	// Resume continues from the checkpoint in Dir when there is one: weights,
	// optimizer state, learning rate, scheduler, RNG, history and best weights.
	Resume bool
	// KeepBest restores, at the end of Fit, the weights of the epoch with the
	// best accuracy on the first evaluation set (the course's best_state).
	KeepBest bool

	// EvalEverySteps > 0 also evaluates the first evaluation set every that
	// many global steps, into History.StepEvals (seed003's validation curve).
	EvalEverySteps int

	Name     string       // shown in epoch headers ("==> name | epoch 1/5"); empty for none
	Progress ProgressMode // default ProgressAuto
	LogEvery int          // ProgressLines period in steps; 0 means 100
	Out      io.Writer    // default os.Stdout
	Quiet    bool         // print nothing at all
	// Live, when set, receives the progress as an HTML block to show in
	// place (vision/notebook.Live gives one in GoNB); ProgressAuto then
	// uses it instead of a bar or lines.
	Live func(html string)

	// Stop, when set, is asked before every training step; when it reports
	// true, Fit writes a checkpoint of the epoch so far (with Dir) and returns
	// ErrInterrupted. Resuming from that checkpoint continues with the next
	// step as if nothing had happened.
	Stop func() bool

	// Callbacks run after every epoch, in order, once the History has the
	// epoch; an error stops Fit and is returned.
	Callbacks []func(t *Trainer, e EpochStats) error
}

// EvalSet is a named evaluation data set ("valid", "test").
type EvalSet struct {
	Name string
	Data Batches
}

// Trainer trains one model on one backend. Create it with New; it holds the
// model's variables (its Store), the compiled graphs and the History.
type Trainer struct {
	backend compute.Backend
	model   nn.Layer
	cfg     Config
	store   *model.Store

	trainExec, evalExec *model.Exec
	// evalWeights are the model variables' value tensors evalExec was built
	// with (see evalStep).
	evalWeights map[string]*tensors.Tensor

	history  History
	epoch    int     // epochs completed
	lr       float64 // learning rate of the next epoch
	best     map[string]*tensors.Tensor
	bestFile string        // file of best in Dir ("" before the first best epoch)
	partial  *partialEpoch // a resumed mid-epoch checkpoint, consumed by Fit
	resumed  bool
	numClass int

	prog  *progress // Fit's progress display
	gstep int64     // global step, tracked on the host during Fit
	// epochStart is when the epoch in progress started (for EpochStats.Seconds).
	epochStart time.Time
}

// New validates cfg and prepares a Trainer. With cfg.Resume and a checkpoint
// in cfg.Dir, the state is loaded now.
func New(backend compute.Backend, m nn.Layer, cfg Config) (*Trainer, error) {
	if backend == nil || m == nil {
		return nil, errors.New("train: New needs a backend and a model")
	}
	if cfg.Epochs <= 0 {
		return nil, fmt.Errorf("train: %d epochs: want a positive number", cfg.Epochs)
	}
	if cfg.Optimizer == nil {
		return nil, errors.New("train: no optimizer: set Config.Optimizer, e.g. train.SGD{LR: 0.01, Momentum: 0.9}")
	}
	if err := cfg.Optimizer.Validate(); err != nil {
		return nil, err
	}
	if cfg.Schedule != nil {
		if err := cfg.Schedule.Validate(); err != nil {
			return nil, err
		}
	}
	if cfg.Resume && cfg.Dir == "" {
		return nil, errors.New("train: Resume needs Config.Dir, the folder of the checkpoint")
	}
	if cfg.Out == nil {
		cfg.Out = os.Stdout
	}
	if cfg.Quiet {
		cfg.Out = io.Discard
		cfg.Progress = ProgressOff
	}
	if cfg.LogEvery <= 0 {
		cfg.LogEvery = 100
	}
	t := &Trainer{backend: backend, model: m, cfg: cfg, store: model.NewStore(), lr: cfg.Optimizer.InitialLR(), numClass: cfg.NumClasses}
	if err := t.store.SetRNGStateFromSeed(cfg.Seed); err != nil {
		return nil, fmt.Errorf("train: seeding the RNG with %d: %w", cfg.Seed, err)
	}
	if cfg.Impl != nn.ImplAuto {
		nn.SetImpl(t.store.RootScope(), cfg.Impl)
	}
	if cfg.Resume {
		ok, err := t.loadCheckpoint(cfg.Dir)
		if err != nil {
			return nil, err
		}
		t.resumed = ok
	}
	if !t.resumed {
		if _, err := t.store.CreateVariable(lrPath, tensors.FromScalar(t.lr)); err != nil {
			return nil, fmt.Errorf("train: creating the learning rate variable: %w", err)
		}
		if _, err := t.store.CreateVariable(stepPath, tensors.FromScalar(int64(0))); err != nil {
			return nil, fmt.Errorf("train: creating the step variable: %w", err)
		}
	}
	t.store.GetVariable(lrPath).SetTrainable(false)
	t.store.GetVariable(stepPath).SetTrainable(false)
	var err error
	if t.trainExec, err = model.NewExec(backend, t.store, t.trainGraph); err != nil {
		return nil, fmt.Errorf("train: creating the train step: %w", err)
	}
	return t, nil
}

// Fit is New followed by Trainer.Fit with valid (may be nil) as the "valid"
// evaluation set.
func Fit(backend compute.Backend, m nn.Layer, trainData, valid Batches, cfg Config) (*Trainer, *History, error) {
	t, err := New(backend, m, cfg)
	if err != nil {
		return nil, nil, err
	}
	var evals []EvalSet
	if !isEmpty(valid) {
		evals = append(evals, EvalSet{Name: "valid", Data: valid})
	}
	h, err := t.Fit(trainData, evals...)
	return t, h, err
}

// Store is the model's variable store (weights, optimizer state, RNG).
func (t *Trainer) Store() *model.Store { return t.store }

// Model is the trained layer.
func (t *Trainer) Model() nn.Layer { return t.model }

// History returns the history so far (the Trainer's own copy: do not modify).
func (t *Trainer) History() *History { return &t.history }

// Epoch is the number of epochs completed, resumed ones included.
func (t *Trainer) Epoch() int { return t.epoch }

// SetEpochs changes the total number of epochs, e.g. to continue training
// in a notebook with another call to Fit.
func (t *Trainer) SetEpochs(n int) error {
	if n <= 0 {
		return fmt.Errorf("train: %d epochs: want a positive number", n)
	}
	t.cfg.Epochs = n
	return nil
}

// Resumed reports whether New loaded a checkpoint.
func (t *Trainer) Resumed() bool { return t.resumed }

// LR is the learning rate of the next epoch.
func (t *Trainer) LR() float64 { return t.lr }

// GlobalStep is the number of training steps done.
func (t *Trainer) GlobalStep() int64 {
	v, err := t.store.GetVariable(stepPath).Value()
	if err != nil {
		return 0
	}
	return tensors.ToScalar[int64](v)
}

// crossEntropy is the per-sample nn.CrossEntropyLoss of logits [B,K] and int labels [B].
func crossEntropy(logits, labels *Node) *Node {
	k := logits.Shape().Dimensions[logits.Rank()-1]
	logp := LogSoftmax(logits, -1)
	return Neg(ReduceSum(Mul(logp, OneHot(labels, k, logp.DType())), -1))
}

func correctMask(logits, labels *Node) *Node {
	pred := ArgMax(logits, -1, dtypes.Int32)
	return ConvertDType(Equal(pred, ConvertDType(labels, dtypes.Int32)), logits.DType())
}

func (t *Trainer) forward(scope *model.Scope, x *Node) (logits *Node) {
	logits = t.model.Forward(scope, x)
	if logits.Rank() != 2 {
		panic(fmt.Sprintf("train: model %s returned logits of shape %s: want [batch, classes]", t.model.Type(), logits.Shape()))
	}
	return logits
}

// trainGraph: inputs (x [B,H,W,C], y [B] int32) -> (mean loss, number correct).
func (t *Trainer) trainGraph(scope *model.Scope, in []*Node) []*Node {
	x, y := in[0], in[1]
	g := x.Graph()
	store := scope.Store()
	store.SetTraining(g, true)
	logits := t.forward(scope, x)
	loss := ReduceAllMean(crossEntropy(logits, y))
	total := loss
	if r := gomlxtrain.GetRegularizationLoss(g); r != nil {
		total = Add(total, ConvertDType(r, total.DType()))
	}
	vars, nodes := trainableVars(store, g)
	if len(vars) == 0 {
		panic(fmt.Sprintf("train: model %s has no trainable variables", t.model.Type()))
	}
	grads := Gradient(total, nodes...)
	stepVar := store.GetVariable(stepPath)
	step := AddScalar(stepVar.NodeValue(g), 1)
	stepVar.SetNodeValue(step)
	t.cfg.Optimizer.UpdateGraph(store, vars, grads, store.GetVariable(lrPath).NodeValue(g), step)
	return []*Node{loss, ReduceAllSum(correctMask(logits, y))}
}

// evalStep returns the evaluation executable for the model's current weights.
//
// A backend that reports Capabilities().PreferConstantsForVariables (GoMLX's
// Go backend, from compute v0.1.7 on) gets every variable that has a value
// embedded as a constant in a graph built outside training mode, so an
// inference executable keeps the weights it was compiled with. evalStep
// therefore remembers which value tensors the executable was built from and
// builds a new one when any model variable holds another tensor (after a
// training step, a best-weights restore, a checkpoint load, or a SetValue by
// the caller). On other backends the variables are parameters and one
// executable serves every evaluation.
func (t *Trainer) evalStep() (*model.Exec, error) {
	embeds := t.backend.Capabilities().PreferConstantsForVariables
	if t.evalExec != nil && !(embeds && t.weightsChanged()) {
		return t.evalExec, nil
	}
	if t.evalExec != nil {
		t.evalExec.Finalize()
		t.evalExec = nil
	}
	exec, err := model.NewExec(t.backend, t.store, t.evalGraph)
	if err != nil {
		return nil, fmt.Errorf("train: creating the eval step: %w", err)
	}
	t.evalExec = exec
	if embeds {
		t.evalWeights = t.modelValues()
	}
	return exec, nil
}

// modelValues maps each model variable's path to its current value tensor.
func (t *Trainer) modelValues() map[string]*tensors.Tensor {
	vals := map[string]*tensors.Tensor{}
	for v := range t.store.IterVariables() {
		if isModelVar(v) && v.HasValue() {
			vals[v.Path()] = v.MustValue()
		}
	}
	return vals
}

// weightsChanged reports whether any model variable holds another tensor
// than when evalExec was built.
func (t *Trainer) weightsChanged() bool {
	n := 0
	for v := range t.store.IterVariables() {
		if !isModelVar(v) || !v.HasValue() {
			continue
		}
		n++
		if t.evalWeights[v.Path()] != v.MustValue() {
			return true
		}
	}
	return n != len(t.evalWeights)
}

// evalGraph: inputs (x, y, mask [B] float) -> (sum of masked losses, masked correct, predictions [B] int32).
func (t *Trainer) evalGraph(scope *model.Scope, in []*Node) []*Node {
	x, y, mask := in[0], in[1], in[2]
	scope.Store().SetTraining(x.Graph(), false)
	logits := t.forward(scope, x)
	mask = ConvertDType(mask, logits.DType())
	lossSum := ReduceAllSum(Mul(crossEntropy(logits, y), mask))
	correct := ReduceAllSum(Mul(correctMask(logits, y), mask))
	return []*Node{lossSum, correct, ArgMax(logits, -1, dtypes.Int32)}
}

// call runs an exec, turning panics into errors.
func call(e *model.Exec, args ...any) (out []*tensors.Tensor, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return e.Call(args...)
}

func finalize(ts ...*tensors.Tensor) {
	for _, x := range ts {
		if x != nil {
			_ = x.FinalizeAll()
		}
	}
}

func scalarF(x *tensors.Tensor) float64 {
	switch v := x.Value().(type) {
	case float32:
		return float64(v)
	case float64:
		return v
	}
	return math.NaN()
}

func (t *Trainer) setLR(lr float64) error {
	t.lr = lr
	if err := t.store.GetVariable(lrPath).SetValue(tensors.FromScalar(lr)); err != nil {
		return fmt.Errorf("train: setting the learning rate to %v: %w", lr, err)
	}
	return nil
}

// Batches is what the loop needs of a data set (datasets.Loader implements
// it): its size, the shape of one sample, the batch size and, for an epoch
// (0-based), its batches in order. Epoch must give the same batches for the
// same epoch, so that a resumed run replays them.
type Batches interface {
	Len() int
	SampleShape() []int
	BatchSize() int
	NumBatches() int
	Epoch(epoch int) iter.Seq[datasets.Batch]
}

// isEmpty reports whether b is nil (a nil interface or a nil pointer in one)
// or holds no sample.
func isEmpty(b Batches) bool {
	if b == nil {
		return true
	}
	if v := reflect.ValueOf(b); v.Kind() == reflect.Pointer && v.IsNil() {
		return true
	}
	return b.Len() == 0
}

// Hook is a part of the loop that runs after every epoch, once the epoch's
// statistics (training and evaluation) are in the History. Fit runs its own
// hooks (report, schedule, checkpoint) and then Config.Callbacks, in order;
// an error stops Fit and is returned.
type Hook interface {
	AfterEpoch(t *Trainer, st EpochStats) error
}

// HookFunc adapts a function to Hook.
type HookFunc func(t *Trainer, st EpochStats) error

// AfterEpoch implements Hook.
func (f HookFunc) AfterEpoch(t *Trainer, st EpochStats) error { return f(t, st) }

// Fit trains until Config.Epochs epochs are done (counting those of a resumed
// checkpoint), evaluating every evaluation set after each epoch. The first
// set drives best weights, ReduceLROnPlateau and the Val* fields. It is a
// composition of the loop's parts: for each epoch, TrainEpoch (the steps),
// EvaluateEpoch (the evaluation sets and the best weights), then the hooks
// (Hooks: report, schedule, checkpoint and history, Config.Callbacks); at
// the end, the best weights with Config.KeepBest.
func (t *Trainer) Fit(trainData Batches, evals ...EvalSet) (*History, error) {
	if isEmpty(trainData) {
		return nil, errors.New("train: Fit needs a non-empty training loader")
	}
	for i, e := range evals {
		if isEmpty(e.Data) {
			return nil, fmt.Errorf("train: evaluation set %d (%q) is empty", i, e.Name)
		}
		if e.Name == "" {
			evals[i].Name = fmt.Sprintf("eval%d", i)
		}
	}
	if t.cfg.Dir != "" {
		if err := os.MkdirAll(t.cfg.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("train: creating output folder: %w", err)
		}
		if t.resumed {
			// A crash between committing a checkpoint and saving the history
			// leaves an older history.json: rewrite it from the checkpoint.
			if err := t.history.Save(t.cfg.Dir); err != nil {
				return nil, err
			}
		}
	}
	cfg := t.cfg
	t.prog = newProgress(cfg.Out, cfg.Progress, cfg.LogEvery, cfg.Live)
	defer func() { t.prog.finish(); t.prog = nil }()
	t.gstep = t.GlobalStep() // tracked on the host from here on: no device read per step
	if t.epoch >= cfg.Epochs && !cfg.Quiet {
		fmt.Fprintf(cfg.Out, "already trained %d of %d epochs\n", t.epoch, cfg.Epochs)
	}
	hooks := t.Hooks()
	for t.epoch < cfg.Epochs {
		st, err := t.TrainEpoch(trainData, evals...)
		if err != nil {
			return &t.history, err
		}
		if err := t.EvaluateEpoch(&st, evals...); err != nil {
			return &t.history, err
		}
		t.history.Epochs = append(t.history.Epochs, st)
		t.epoch = st.Epoch
		for _, h := range hooks {
			if err := h.AfterEpoch(t, st); err != nil {
				return &t.history, err
			}
		}
	}
	if t.history.BestEpoch > 0 {
		fmt.Fprintf(cfg.Out, "\n>> best val acc: %.4f (epoch %d)\n", t.history.BestValAcc, t.history.BestEpoch)
		if cfg.KeepBest {
			if err := t.restoreBest(); err != nil {
				return &t.history, err
			}
		}
	}
	return &t.history, nil
}

// Hooks are the hooks Fit runs after every epoch: Report, Schedule,
// Checkpoint, then Config.Callbacks.
func (t *Trainer) Hooks() []Hook {
	hooks := []Hook{HookFunc(Report), HookFunc(Schedule), HookFunc(Checkpoint)}
	for _, cb := range t.cfg.Callbacks {
		hooks = append(hooks, HookFunc(func(t *Trainer, st EpochStats) error {
			if err := cb(t, st); err != nil {
				return fmt.Errorf("train: callback after epoch %d: %w", st.Epoch, err)
			}
			return nil
		}))
	}
	return hooks
}

// TrainStep runs one training step on b (samples of the given shape) and
// returns its mean loss and its number of correct predictions.
func (t *Trainer) TrainStep(b datasets.Batch, shape []int) (loss, correct float64, err error) {
	x := tensors.FromFlatDataAndDimensions(b.Images, append([]int{b.Size}, shape...)...)
	y := tensors.FromFlatDataAndDimensions(b.Labels, b.Size)
	outs, err := call(t.trainExec, x, y)
	finalize(x, y)
	if err != nil {
		return 0, 0, err
	}
	loss, correct = scalarF(outs[0]), scalarF(outs[1])
	finalize(outs...)
	return loss, correct, nil
}

// TrainEpoch trains the next epoch (the rest of it after a mid-epoch resume):
// its steps with the NaN check, the progress display, the step records and
// Config.EvalEverySteps's evaluations; Config.Stop interrupts it with a
// checkpoint. It returns the epoch's training statistics.
func (t *Trainer) TrainEpoch(trainData Batches, evals ...EvalSet) (EpochStats, error) {
	cfg := t.cfg
	prog := t.prog
	if prog == nil { // called outside Fit
		prog = newProgress(io.Discard, ProgressOff, 0, nil)
		t.gstep = t.GlobalStep()
	}
	epoch := t.epoch + 1
	if cfg.Name != "" {
		fmt.Fprintf(cfg.Out, "\n==> %s | epoch %d/%d\n", cfg.Name, epoch, cfg.Epochs)
	}
	if err := t.setLR(t.lr); err != nil {
		return EpochStats{}, err
	}
	shape := trainData.SampleShape()
	start := time.Now()
	t.epochStart = start
	prog.startEpoch(epoch, cfg.Epochs, trainData.NumBatches())
	fail := func(err error) (EpochStats, error) {
		prog.endEpoch()
		return EpochStats{}, err
	}
	var lossSum, correct float64
	seen, step, skip := 0, 0, 0
	if p := t.partial; p != nil {
		// resumed in the middle of this epoch: the same batches in the same
		// order, the first p.Step of them already trained on.
		t.partial = nil
		lossSum, correct, seen, skip = p.LossSum, p.Correct, p.Seen, p.Step
	}
	for b := range trainData.Epoch(t.epoch) {
		if skip > 0 {
			skip--
			step++
			continue
		}
		if cfg.Stop != nil && cfg.Stop() {
			prog.endEpoch()
			return EpochStats{}, t.interrupt(epoch, step, lossSum, correct, seen)
		}
		crashPoint("step", int(t.gstep)+1)
		step++
		t0 := time.Now()
		loss, nc, err := t.TrainStep(b, shape)
		if err != nil {
			return fail(fmt.Errorf("train: epoch %d, step %d: %w", epoch, step, err))
		}
		secs := time.Since(t0).Seconds()
		t.gstep++
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return fail(fmt.Errorf("train: loss is %v at epoch %d, step %d (global step %d, learning rate %g): "+
				"training diverged; lower the learning rate or check the inputs", loss, epoch, step, t.gstep, t.lr))
		}
		lossSum += loss * float64(b.Size)
		correct += nc
		seen += b.Size
		t.history.Steps = append(t.history.Steps, StepRecord{Step: t.gstep, Epoch: epoch, Loss: loss, Acc: nc / float64(b.Size), Seconds: secs})
		prog.step(step, lossSum/float64(seen), correct/float64(seen), seen)
		if cfg.EvalEverySteps > 0 && len(evals) > 0 && t.gstep%int64(cfg.EvalEverySteps) == 0 {
			r, err := t.evaluate(evals[0].Data, false)
			if err != nil {
				return fail(fmt.Errorf("train: evaluating %q at epoch %d, step %d: %w", evals[0].Name, epoch, step, err))
			}
			t.history.StepEvals = append(t.history.StepEvals, StepEval{Step: t.gstep, Epoch: epoch, Loss: r.Loss, Acc: r.Accuracy})
		}
	}
	prog.endEpoch()
	trainSecs := time.Since(start).Seconds()
	return EpochStats{Epoch: epoch, TrainLoss: lossSum / float64(seen), TrainAcc: correct / float64(seen),
		LR: t.lr, TrainSecs: trainSecs, ImagesPerS: float64(seen) / trainSecs}, nil
}

// EvaluateEpoch evaluates every evaluation set after the epoch of st, fills
// st's Evals and Val* fields, and keeps the weights when the first set's
// accuracy is the best so far (st.Best).
func (t *Trainer) EvaluateEpoch(st *EpochStats, evals ...EvalSet) error {
	crashPoint("eval", st.Epoch)
	for _, e := range evals {
		r, err := t.evaluate(e.Data, false)
		if err != nil {
			return fmt.Errorf("train: evaluating %q after epoch %d: %w", e.Name, st.Epoch, err)
		}
		st.Evals = append(st.Evals, EvalStats{Name: e.Name, Loss: r.Loss, Acc: r.Accuracy, MacroF1: r.MacroF1})
	}
	if len(st.Evals) > 0 {
		st.ValLoss, st.ValAcc, st.ValMacroF1 = st.Evals[0].Loss, st.Evals[0].Acc, st.Evals[0].MacroF1
		if t.history.BestEpoch == 0 || st.ValAcc > t.history.BestValAcc {
			st.Best = true
			t.history.BestEpoch, t.history.BestValAcc = st.Epoch, st.ValAcc
			if err := t.snapshotBest(st.Epoch); err != nil {
				return err
			}
		}
	}
	if !t.epochStart.IsZero() {
		st.Seconds = time.Since(t.epochStart).Seconds()
	}
	return nil
}

// Report is the hook that prints the epoch's training and evaluation lines.
func Report(t *Trainer, st EpochStats) error {
	out := t.cfg.Out
	fmt.Fprintf(out, "train  | loss %.4f acc %.4f time %.1fs (%.0f img/s, lr %.3g)\n", st.TrainLoss, st.TrainAcc, st.TrainSecs, st.ImagesPerS, st.LR)
	for _, e := range st.Evals {
		name := e.Name
		if len(name) < 6 {
			name += strings.Repeat(" ", 6-len(name))
		}
		fmt.Fprintf(out, "%s | loss %.4f acc %.4f macro_f1 %.4f\n", name, e.Loss, e.Acc, e.MacroF1)
	}
	return nil
}

// Schedule is the hook that steps Config.Schedule: the learning rate of the
// next epoch.
func Schedule(t *Trainer, st EpochStats) error {
	if t.cfg.Schedule != nil {
		t.lr = t.cfg.Schedule.Step(st.Epoch, t.lr, st)
	}
	return nil
}

// Checkpoint is the hook that writes the checkpoint and the history into
// Config.Dir (nothing without one).
func Checkpoint(t *Trainer, _ EpochStats) error {
	if t.cfg.Dir == "" {
		return nil
	}
	if err := t.saveCheckpoint(t.cfg.Dir, nil); err != nil {
		return err
	}
	return t.history.Save(t.cfg.Dir)
}

// isModelVar reports whether v is part of the model (weights and buffers such
// as BatchNorm statistics), not training state.
func isModelVar(v *model.Variable) bool {
	p := v.Path()
	return !strings.HasPrefix(p, "/train/") && !strings.HasPrefix(p, stateScope+"/") && v.Name() != model.RNGStateVariableName
}

func (t *Trainer) snapshotBest(epoch int) error {
	best := map[string]*tensors.Tensor{}
	for v := range t.store.IterVariables() {
		if !isModelVar(v) || !v.HasValue() {
			continue
		}
		c, err := v.MustValue().LocalClone()
		if err != nil {
			return fmt.Errorf("train: copying %s for the best weights: %w", v.Path(), err)
		}
		best[v.Path()] = c
	}
	for _, old := range t.best {
		finalize(old)
	}
	t.best = best
	if t.cfg.Dir != "" {
		// A new file per best epoch: the checkpoint names it, so a crash before
		// the checkpoint is committed leaves the previous best in place.
		t.bestFile = fmt.Sprintf("best-e%04d.bin", epoch)
		return writeTensors(filepath.Join(t.cfg.Dir, t.bestFile), t.best, nil)
	}
	return nil
}

func (t *Trainer) restoreBest() error {
	for path, val := range t.best {
		v := t.store.GetVariable(path)
		if v == nil {
			return fmt.Errorf("train: best weights have %s, which the model no longer has", path)
		}
		c, err := val.LocalClone()
		if err != nil {
			return fmt.Errorf("train: copying best weights of %s: %w", path, err)
		}
		if err := v.SetValue(c); err != nil {
			return fmt.Errorf("train: restoring best weights of %s: %w", path, err)
		}
	}
	return nil
}

// EvalResult is the outcome of Evaluate.
type EvalResult struct {
	Loss      float64            // mean cross-entropy per sample
	Accuracy  float64            // fraction correct
	MacroF1   float64            // sklearn macro F1, zero_division=0
	Confusion *metrics.Confusion // true × predicted counts
	Preds     []int32            // predicted class per sample, in loader order
	Labels    []int32            // true class per sample, in loader order
}

// Evaluate runs the model in inference mode over data (one pass, in the
// loader's epoch-0 order) and returns loss, accuracy, macro-F1, the confusion
// matrix and the predictions. The last partial batch is padded to the batch
// size and masked, so a single graph is compiled.
func (t *Trainer) Evaluate(data Batches) (*EvalResult, error) {
	if isEmpty(data) {
		return nil, errors.New("train: Evaluate needs a non-empty loader")
	}
	return t.evaluate(data, true)
}

func (t *Trainer) evaluate(data Batches, keep bool) (*EvalResult, error) {
	shape := data.SampleShape()
	bs := data.BatchSize()
	sample := shape[0] * shape[1] * shape[2]
	imgs := make([]float32, bs*sample)
	labels := make([]int32, bs)
	mask := make([]float32, bs)
	var lossSum, correct float64
	n := 0
	preds := make([]int32, 0, data.Len())
	trues := make([]int32, 0, data.Len())
	for b := range data.Epoch(0) {
		copy(imgs, b.Images)
		clear(imgs[len(b.Images):])
		copy(labels, b.Labels)
		clear(labels[b.Size:])
		for i := range mask {
			mask[i] = 0
			if i < b.Size {
				mask[i] = 1
			}
		}
		x := tensors.FromFlatDataAndDimensions(imgs, append([]int{bs}, shape...)...)
		y := tensors.FromFlatDataAndDimensions(labels, bs)
		m := tensors.FromFlatDataAndDimensions(mask, bs)
		exec, err := t.evalStep()
		if err != nil {
			finalize(x, y, m)
			return nil, err
		}
		outs, err := call(exec, x, y, m)
		finalize(x, y, m)
		if err != nil {
			return nil, err
		}
		lossSum += scalarF(outs[0])
		correct += scalarF(outs[1])
		p := tensors.MustCopyFlatData[int32](outs[2])
		finalize(outs...)
		preds = append(preds, p[:b.Size]...)
		trues = append(trues, b.Labels...)
		n += b.Size
	}
	k := t.numClass
	if k == 0 {
		for _, v := range trues {
			k = max(k, int(v)+1)
		}
		for _, v := range preds {
			k = max(k, int(v)+1)
		}
	}
	cm, err := metrics.ConfusionMatrix(max(k, 1), trues, preds)
	if err != nil {
		return nil, fmt.Errorf("train: %w (set Config.NumClasses?)", err)
	}
	r := &EvalResult{Loss: lossSum / float64(n), Accuracy: correct / float64(n), MacroF1: cm.MacroF1(), Confusion: cm}
	if keep {
		r.Preds, r.Labels = preds, trues
	}
	return r, nil
}

// trainableVars lists the store's trainable variables that graph g uses, and
// their values in g.
func trainableVars(store *model.Store, g *Graph) (vars []*model.Variable, nodes []*Node) {
	for v := range store.IterVariables() {
		if v.Trainable && v.InUseByGraph(g) {
			vars = append(vars, v)
			nodes = append(nodes, v.NodeValue(g))
		}
	}
	return vars, nodes
}
