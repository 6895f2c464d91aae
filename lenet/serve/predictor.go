package serve

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/safetensors"
	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// MaxBatch is the largest number of concurrent requests the Predictor runs
// in one execution. Every execution has exactly MaxBatch rows (the requests
// waiting, padded with zeros), so that an answer never depends on how many
// requests shared its execution: XLA and the Go backend compute slightly
// different floats for different batch sizes (with batches padded to powers of
// two, 1,714 of TestLoad's 2,000 answers differed from the single-request
// answer in the last bits). One executable, compiled when the Predictor is
// made. 8 rather than 32: measured on 2 shared AMD EPYC cores with 32
// concurrent callers of Predict, batches of 1/8/32 gave 633/3,678/2,665
// predictions/s on the Go backend and 1,004/6,373/3,305 on XLA CPU, while one
// caller alone pays for the padding (Go: 450/492/155 per second).
const MaxBatch = 8

// ErrClosed is returned by Predict after Close.
var ErrClosed = errors.New("serve: the predictor is closed")

// Preprocess is how the run that trained the weights prepared its images: the
// recipe's geometry and normalisation (datasets.Transform), after an optional
// bilinear resize of the 28×28 image to Resize×Resize (a "resizeN" recipe other
// than resize32; 0 for none).
type Preprocess struct {
	Transform datasets.Transform
	Resize    int
}

// Predictor runs one model for inference on single 28×28 images, batching
// concurrent calls into one execution. It is safe for concurrent use.
type Predictor struct {
	m         *models.Model
	prep      Preprocess
	taps      []string // dotted paths of the first two convolutions
	tapShapes [][3]int // their output shapes [C, H, W]
	classes   int
	exec      *model.Exec
	jobs      chan *job
	done      chan struct{}
	closing   sync.Once
	wg        sync.WaitGroup
	inH       int
	inW       int
	// Counters for the load test: executions and requests run.
	batches, requests atomic.Int64
}

type job struct {
	x   []float32 // one network input, H×W×1
	out chan result
}

type result struct {
	probs []float32
	maps  [][]float32 // one H×W×C slice per tap
	err   error
}

// NewPredictor loads a safetensors state_dict (as written by every run's
// model.safetensors) into m's network and compiles the inference executables
// for batches of MaxBatch. It compiles after loading: on the Go backend
// GoMLX embeds variables as constants in inference graphs, so the executables
// keep the weights they were compiled with.
func NewPredictor(b compute.Backend, m *models.Model, prep Preprocess, weights []byte, name string) (*Predictor, error) {
	if m == nil || m.Net == nil || len(m.Input) != 3 || m.Input[0] != 1 {
		return nil, errors.New("serve: want a model with grey [1, H, W] input")
	}
	state, _, err := safetensors.Decode(name, weights)
	if err != nil {
		return nil, fmt.Errorf("serve: weights %s: %w", name, err)
	}
	store := model.NewStore()
	if err := nn.LoadStateDict(store, "/", m.Net, m.Input, state); err != nil {
		return nil, fmt.Errorf("serve: weights %s do not fit model %s: %w", name, m.Name, err)
	}
	p := &Predictor{m: m, prep: prep, inH: m.Input[1], inW: m.Input[2],
		jobs: make(chan *job), done: make(chan struct{})}
	if p.taps, p.tapShapes, err = convPaths(m, 2); err != nil {
		return nil, err
	}
	out, err := m.Net.OutputShape(m.Input)
	if err != nil || len(out) != 1 {
		return nil, fmt.Errorf("serve: model %s: output shape %v, %v: want [classes]", m.Name, out, err)
	}
	p.classes = out[0]
	p.exec, err = model.NewExec(b, store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		x := in[0]
		scope.Store().SetTraining(x.Graph(), false)
		logits, taps := m.Net.ForwardTaps(scope, x, p.taps...)
		outs := []*graph.Node{graph.Softmax(graph.ConvertDType(logits, dtypes.Float32), -1)}
		for _, t := range taps {
			outs = append(outs, graph.ConvertDType(t, dtypes.Float32))
		}
		return outs
	})
	if err != nil {
		return nil, fmt.Errorf("serve: compiling model %s: %w", m.Name, err)
	}
	// Compile now, after the weights are in.
	if _, _, err := p.run(make([]float32, MaxBatch*p.inH*p.inW), MaxBatch); err != nil {
		p.exec.Finalize()
		return nil, fmt.Errorf("serve: compiling model %s: %w", m.Name, err)
	}
	p.wg.Add(1)
	go p.loop()
	return p, nil
}

// convPaths returns the dotted paths and output shapes of the first n Conv2d
// layers of m.
func convPaths(m *models.Model, n int) ([]string, [][3]int, error) {
	var paths []string
	var shapes [][3]int
	err := nn.Walk(m.Net, m.Input, func(path string, l nn.Layer, _, out []int) error {
		if _, ok := l.(*nn.Conv2d); ok && len(paths) < n && len(out) == 3 {
			paths = append(paths, path)
			shapes = append(shapes, [3]int{out[0], out[1], out[2]})
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("serve: model %s: %w", m.Name, err)
	}
	if len(paths) < n {
		return nil, nil, fmt.Errorf("serve: model %s has %d convolution layers: want at least %d for the feature maps", m.Name, len(paths), n)
	}
	return paths, shapes, nil
}

// run executes one padded batch of bs inputs.
func (p *Predictor) run(x []float32, bs int) (probs []float32, maps [][]float32, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("serve: %v", r)
		}
	}()
	in := tensors.FromFlatDataAndDimensions(x, bs, p.inH, p.inW, 1)
	defer in.FinalizeAll()
	outs, err := p.exec.Call(in)
	if err != nil {
		return nil, nil, err
	}
	probs = tensors.MustCopyFlatData[float32](outs[0])
	for _, o := range outs[1:] {
		maps = append(maps, tensors.MustCopyFlatData[float32](o))
	}
	for _, o := range outs {
		_ = o.FinalizeAll()
	}
	return probs, maps, nil
}

// loop collects queued jobs into batches and runs them, one execution at a
// time.
func (p *Predictor) loop() {
	defer p.wg.Done()
	sample := p.inH * p.inW
	x := make([]float32, MaxBatch*sample)
	for {
		var batch []*job
		select {
		case j := <-p.jobs:
			batch = append(batch, j)
		case <-p.done:
			return
		}
	drain:
		for len(batch) < MaxBatch {
			select {
			case j := <-p.jobs:
				batch = append(batch, j)
			default:
				break drain
			}
		}
		bs := MaxBatch
		for i, j := range batch {
			copy(x[i*sample:], j.x)
		}
		clear(x[len(batch)*sample : bs*sample])
		probs, maps, err := p.run(x[:bs*sample], bs)
		p.batches.Add(1)
		p.requests.Add(int64(len(batch)))
		for i, j := range batch {
			r := result{err: err}
			if err == nil {
				r.probs = probs[i*p.classes : (i+1)*p.classes]
				for _, m := range maps {
					per := len(m) / bs
					r.maps = append(r.maps, m[i*per:(i+1)*per])
				}
			}
			j.out <- r // buffered: never blocks
		}
	}
}

// Close stops the batching goroutine and frees the executables. Predict
// returns ErrClosed afterwards.
func (p *Predictor) Close() {
	p.closing.Do(func() {
		close(p.done)
		p.wg.Wait()
		p.exec.Finalize()
	})
}

// Model is the predictor's model.
func (p *Predictor) Model() *models.Model { return p.m }

// Classes is the number of classes.
func (p *Predictor) Classes() int { return p.classes }

// FeatureLayers are the dotted paths of the layers whose outputs Predict
// returns as feature maps (the first two convolutions).
func (p *Predictor) FeatureLayers() []string { return append([]string(nil), p.taps...) }

// Predict classifies one 28×28 MNIST-style image (0 background, 255 ink,
// row-major), prepared with the run's Preprocess. It waits for a batch slot
// until ctx is done.
func (p *Predictor) Predict(ctx context.Context, img []uint8) (*Prediction, error) {
	if len(img) != datasets.MNISTSize*datasets.MNISTSize {
		return nil, fmt.Errorf("serve: %d pixels: want 28×28 = 784", len(img))
	}
	x, h, w, err := p.prepare(img)
	if err != nil {
		return nil, err
	}
	j := &job{x: x, out: make(chan result, 1)}
	select {
	case p.jobs <- j:
	case <-p.done:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var r result
	select {
	case r = <-j.out:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if r.err != nil {
		return nil, r.err
	}
	pr := &Prediction{Probabilities: r.probs, Input: Image{Width: 28, Height: 28, Pixels: Bytes(img)},
		NetworkInput: FloatImage{Width: w, Height: h, Values: x}}
	for i, v := range r.probs {
		if !(v <= r.probs[pr.Label]) { // also catches NaN
			pr.Label = i
		}
	}
	for i, m := range r.maps {
		pr.FeatureMaps = append(pr.FeatureMaps, featureMap(p.taps[i], m, p.tapShapes[i]))
	}
	return pr, nil
}

// prepare applies the run's preprocessing to a 28×28 image.
func (p *Predictor) prepare(img []uint8) ([]float32, int, int, error) {
	src, h, w := img, datasets.MNISTSize, datasets.MNISTSize
	if n := p.prep.Resize; n > 0 {
		src = make([]uint8, n*n)
		datasets.ResizeImage(src, img, h, w, n, n)
		h, w = n, n
	}
	x, oh, ow, err := datasets.TransformImage(src, h, w, p.prep.Transform)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("serve: preprocessing: %w", err)
	}
	if oh != p.inH || ow != p.inW {
		return nil, 0, 0, fmt.Errorf("serve: the preprocessing gives %d×%d images: model %s wants %d×%d", oh, ow, p.m.Name, p.inH, p.inW)
	}
	return x, oh, ow, nil
}

// featureMap turns a channels-last H×W×C activation into per-channel grey
// tiles scaled from the layer's minimum (0) to its maximum (255), one scale
// for all channels so that they compare.
func featureMap(layer string, a []float32, shape [3]int) FeatureMap {
	c, h, w := shape[0], shape[1], shape[2]
	f := FeatureMap{Layer: layer, Channels: c, Height: h, Width: w}
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for _, v := range a {
		lo, hi = min(lo, v), max(hi, v)
	}
	f.Min, f.Max = lo, hi
	scale := float32(0)
	if hi > lo {
		scale = 255 / (hi - lo)
	}
	f.Maps = make([]Bytes, c)
	for k := range c {
		t := make([]uint8, h*w)
		for i := range h * w {
			t[i] = uint8(math.Round(float64((a[i*c+k] - lo) * scale)))
		}
		f.Maps[k] = t
	}
	return f
}
