package train

import (
	"errors"
	"fmt"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:staticcheck // graph-building code reads best with the ops unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// PredictFn computes, in inference mode, the logits [B, classes] of a batch
// plus optional extra outputs, each with the batch as first axis (embeddings,
// feature maps: e.g. from nn.Sequential's ForwardTaps). It receives the
// model's root scope, the same one Fit trains.
type PredictFn func(scope *model.Scope, x *Node) (logits *Node, extras []*Node)

// Predictions are the per-sample outputs of Predict, in loader order.
type Predictions struct {
	Preds      []int32     // argmax of the logits
	Labels     []int32     // true labels from the loader
	NumClasses int         // width of the logits
	Logits     []float32   // N × NumClasses, row-major (only when asked for)
	Extras     [][]float32 // one N × prod(ExtraShapes[i]) slice per extra output (converted to float32)
	ExtraDims  [][]int     // per-sample shape of each extra output
}

// Predict runs fn (nil means the model's Forward) over data in inference
// mode and collects predictions, optionally the logits, and every extra
// output, e.g. embeddings for a t-SNE plot. The last partial batch is padded
// to the batch size and its padding dropped from the results.
func (t *Trainer) Predict(data Batches, fn PredictFn, withLogits bool) (*Predictions, error) {
	if isEmpty(data) {
		return nil, errors.New("train: Predict needs a non-empty loader")
	}
	if fn == nil {
		fn = func(scope *model.Scope, x *Node) (*Node, []*Node) { return t.forward(scope, x), nil }
	}
	exec, err := model.NewExec(t.backend, t.store, func(scope *model.Scope, in []*Node) []*Node {
		scope.Store().SetTraining(in[0].Graph(), false)
		logits, extras := fn(scope, in[0])
		if logits == nil || logits.Rank() != 2 {
			panic(fmt.Sprintf("train: Predict: the function returned logits %v: want shape [batch, classes]", logits))
		}
		out := []*Node{ArgMax(logits, -1, dtypes.Int32), ConvertDType(logits, dtypes.Float32)}
		for _, e := range extras {
			out = append(out, ConvertDType(e, dtypes.Float32))
		}
		return out
	})
	if err != nil {
		return nil, fmt.Errorf("train: Predict: %w", err)
	}
	defer exec.Finalize()
	shape := data.SampleShape()
	bs := data.BatchSize()
	sample := shape[0] * shape[1] * shape[2]
	imgs := make([]float32, bs*sample)
	p := &Predictions{}
	for b := range data.Epoch(0) {
		copy(imgs, b.Images)
		clear(imgs[len(b.Images):])
		x := tensors.FromFlatDataAndDimensions(imgs, append([]int{bs}, shape...)...)
		outs, err := call(exec, x)
		finalize(x)
		if err != nil {
			return nil, fmt.Errorf("train: Predict: %w", err)
		}
		p.Preds = append(p.Preds, tensors.MustCopyFlatData[int32](outs[0])[:b.Size]...)
		p.Labels = append(p.Labels, b.Labels...)
		p.NumClasses = outs[1].Shape().Dimensions[1]
		if withLogits {
			p.Logits = append(p.Logits, tensors.MustCopyFlatData[float32](outs[1])[:b.Size*p.NumClasses]...)
		}
		if p.Extras == nil {
			p.Extras = make([][]float32, len(outs)-2)
			for _, e := range outs[2:] {
				p.ExtraDims = append(p.ExtraDims, append([]int(nil), e.Shape().Dimensions[1:]...))
			}
		}
		for i, e := range outs[2:] {
			per := e.Shape().Size() / bs
			p.Extras[i] = append(p.Extras[i], tensors.MustCopyFlatData[float32](e)[:b.Size*per]...)
		}
		finalize(outs...)
	}
	return p, nil
}
