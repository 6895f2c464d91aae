package datasets

import (
	"fmt"
	"iter"
	"math/rand/v2"
)

// Batch is one mini-batch, ready to become a GoMLX tensor.
type Batch struct {
	Images []float32 // Size × H × W × C values, channels-last
	Labels []int32   // Size labels
	Size   int       // number of samples in this batch (the last one may be smaller)
	Index  []int     // positions of the samples in the loader's data, in batch order
}

// LoaderOptions configures a Loader.
type LoaderOptions struct {
	BatchSize int   // samples per batch, > 0
	Shuffle   bool  // reshuffle at every epoch
	Seed      int64 // shuffling seed: the order of epoch e depends only on (Seed, e)
	DropLast  bool  // drop the last partial batch, as PyTorch's DataLoader(drop_last=True)
}

// Loader batches in-memory images and labels, with seeded per-epoch shuffling.
// Because an epoch's order depends only on the seed and the epoch number, a run
// resumed at epoch e sees exactly the batches an uninterrupted run would.
type Loader struct {
	images []float32
	labels []int32
	shape  []int // H, W, C
	sample int   // H*W*C
	opts   LoaderOptions
}

// NewLoader returns a loader over n = len(labels) samples; images holds
// n × H × W × C float32 values, channels-last, and shape is [H, W, C].
func NewLoader(images []float32, labels []int32, shape []int, opts LoaderOptions) (*Loader, error) {
	if opts.BatchSize <= 0 {
		return nil, fmt.Errorf("datasets: batch size %d: want a positive number", opts.BatchSize)
	}
	if len(shape) != 3 || shape[0] <= 0 || shape[1] <= 0 || shape[2] <= 0 {
		return nil, fmt.Errorf("datasets: sample shape %v: want [H W C] with positive sizes", shape)
	}
	sample := shape[0] * shape[1] * shape[2]
	if len(images) != len(labels)*sample {
		return nil, fmt.Errorf("datasets: %d image values for %d labels of shape %v: want %d",
			len(images), len(labels), shape, len(labels)*sample)
	}
	return &Loader{images: images, labels: labels, shape: append([]int(nil), shape...), sample: sample, opts: opts}, nil
}

// Len is the number of samples.
func (l *Loader) Len() int { return len(l.labels) }

// SampleShape is [H, W, C].
func (l *Loader) SampleShape() []int { return append([]int(nil), l.shape...) }

// BatchSize is the configured batch size.
func (l *Loader) BatchSize() int { return l.opts.BatchSize }

// NumBatches is the number of batches of one epoch.
func (l *Loader) NumBatches() int {
	n, b := len(l.labels), l.opts.BatchSize
	if l.opts.DropLast {
		return n / b
	}
	return (n + b - 1) / b
}

// Labels returns the labels in storage order (not a copy: do not modify).
func (l *Loader) Labels() []int32 { return l.labels }

// Images returns the images in storage order (not a copy: do not modify).
func (l *Loader) Images() []float32 { return l.images }

// Order returns the sample order of an epoch (0-based).
func (l *Loader) Order(epoch int) []int {
	order := make([]int, len(l.labels))
	for i := range order {
		order[i] = i
	}
	if l.opts.Shuffle {
		r := rand.New(rand.NewPCG(uint64(l.opts.Seed), uint64(epoch)+0x9e3779b97f4a7c15))
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	return order
}

// Epoch yields the batches of epoch number epoch (0-based). The yielded Batch
// reuses its buffers from one batch to the next: copy what must outlive an
// iteration.
func (l *Loader) Epoch(epoch int) iter.Seq[Batch] {
	return func(yield func(Batch) bool) {
		order := l.Order(epoch)
		bs := l.opts.BatchSize
		buf := Batch{Images: make([]float32, bs*l.sample), Labels: make([]int32, bs), Index: make([]int, bs)}
		for start := 0; start < len(order); start += bs {
			end := min(start+bs, len(order))
			if end-start < bs && l.opts.DropLast {
				return
			}
			n := end - start
			b := Batch{Images: buf.Images[:n*l.sample], Labels: buf.Labels[:n], Index: buf.Index[:n], Size: n}
			for i, idx := range order[start:end] {
				copy(b.Images[i*l.sample:(i+1)*l.sample], l.images[idx*l.sample:(idx+1)*l.sample])
				b.Labels[i] = l.labels[idx]
				b.Index[i] = idx
			}
			if !yield(b) {
				return
			}
		}
	}
}
