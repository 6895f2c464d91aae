package tsne

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/gocnn/gocnn/internal/enum"
)

// Method selects how the gradient is computed.
type Method int

const (
	// BarnesHut approximates the repulsive forces with a quadtree, in
	// O(N log N) per iteration (scikit-learn's default method). Only for
	// 2-D embeddings.
	BarnesHut Method = iota
	// Exact computes the O(N²) gradient over all pairs; for small N.
	Exact
)

// String returns "barnes_hut" or "exact", scikit-learn's names.
func (m Method) String() string { return enum.Name(m, "Method", "barnes_hut", "exact") }

// Init selects the initial embedding.
type Init int

const (
	// InitPCA projects the data on its first principal components, scaled so
	// the first coordinate has standard deviation 1e-4 (scikit-learn's
	// default since 1.2).
	InitPCA Init = iota
	// InitRandom draws each coordinate from N(0, 1e-4²) with Options.Seed.
	InitRandom
)

// Options configure Embed. The zero value is not valid: start from
// DefaultOptions or Seed000Options.
type Options struct {
	// Dims is the dimension of the embedding (2; Exact also allows others).
	Dims int
	// Perplexity is the effective number of neighbours (30).
	Perplexity float64
	// EarlyExaggeration multiplies P during the first 250 iterations (12).
	EarlyExaggeration float64
	// LearningRate of gradient descent; <= 0 means "auto":
	// max(N / EarlyExaggeration / 4, 50).
	LearningRate float64
	// MaxIter is the total number of iterations, at least 250 (1000).
	MaxIter int
	// Method is BarnesHut (default) or Exact.
	Method Method
	// Angle is the Barnes–Hut accuracy trade-off θ (0.5): a quadtree cell of
	// width w at distance d is summarised when w/d < θ.
	Angle float64
	// Init is InitPCA (default) or InitRandom.
	Init Init
	// Seed drives the random initialisation (and nothing else: PCA init is
	// deterministic).
	Seed uint64
	// NIterWithoutProgress stops the optimisation when the KL divergence,
	// checked every 50 iterations, has not improved for this many (300).
	NIterWithoutProgress int
	// MinGradNorm stops the optimisation when the gradient norm falls
	// below it (1e-7).
	MinGradNorm float64
	// Workers is the number of goroutines; <= 0 means runtime.GOMAXPROCS(0).
	Workers int
}

// explorationIters is the length of the early-exaggeration phase, with
// momentum 0.5 (scikit-learn's _EXPLORATION_N_ITER).
const explorationIters = 250

// checkEvery is how often the error and gradient norm are checked
// (scikit-learn's _N_ITER_CHECK).
const checkEvery = 50

// DefaultOptions returns scikit-learn 1.2's TSNE defaults: 2 dimensions,
// perplexity 30, early exaggeration 12, learning rate "auto", 1000
// iterations, Barnes–Hut with angle 0.5, PCA initialisation.
func DefaultOptions() Options {
	return Options{
		Dims: 2, Perplexity: 30, EarlyExaggeration: 12, LearningRate: 0, MaxIter: 1000,
		Method: BarnesHut, Angle: 0.5, Init: InitPCA, Seed: 0,
		NIterWithoutProgress: 300, MinGradNorm: 1e-7,
	}
}

// Seed000Options returns the settings of chapter 1 (seed 000):
// TSNE(n_components=2, perplexity=30, random_state=42, max_iter=300,
// learning_rate=200), the rest as DefaultOptions.
func Seed000Options() Options {
	o := DefaultOptions()
	o.MaxIter, o.LearningRate, o.Seed = 300, 200, 42
	return o
}

// Result is the output of Embed.
type Result struct {
	// Y holds the embedding, one row of Options.Dims coordinates per point.
	Y [][]float64
	// KL is the Kullback–Leibler divergence at the last check.
	KL float64
	// Iterations run (may be below MaxIter when converged).
	Iterations int
	// LearningRate actually used (resolves "auto").
	LearningRate float64
}

// XY returns a 2-D embedding as pairs (for plots.ClassScatter).
func (r *Result) XY() [][2]float64 {
	out := make([][2]float64, len(r.Y))
	for i, y := range r.Y {
		if len(y) >= 2 {
			out[i] = [2]float64{y[0], y[1]}
		}
	}
	return out
}

// machineEpsilon is float64's epsilon, the floor for probabilities
// (scikit-learn's MACHINE_EPSILON).
const machineEpsilon = 2.220446049250313e-16

func (o *Options) validate(n, d int) error {
	switch {
	case o.Dims < 1:
		return fmt.Errorf("tsne: Dims=%d, expected >= 1", o.Dims)
	case o.Method == BarnesHut && o.Dims != 2:
		return fmt.Errorf("tsne: Barnes-Hut supports Dims=2 only, got %d (use Exact)", o.Dims)
	case o.Method != BarnesHut && o.Method != Exact:
		return fmt.Errorf("tsne: unknown method %v", o.Method)
	case o.Perplexity <= 0:
		return fmt.Errorf("tsne: Perplexity=%g, expected > 0", o.Perplexity)
	case o.Perplexity >= float64(n):
		return fmt.Errorf("tsne: Perplexity=%g must be less than the number of points %d", o.Perplexity, n)
	case o.EarlyExaggeration < 1:
		return fmt.Errorf("tsne: EarlyExaggeration=%g, expected >= 1", o.EarlyExaggeration)
	case o.MaxIter < explorationIters:
		return fmt.Errorf("tsne: MaxIter=%d, expected >= %d", o.MaxIter, explorationIters)
	case o.Angle < 0 || o.Angle > 1:
		return fmt.Errorf("tsne: Angle=%g, expected in [0, 1]", o.Angle)
	case o.Init == InitPCA && d < o.Dims:
		return fmt.Errorf("tsne: PCA init needs at least Dims=%d input features, got %d", o.Dims, d)
	}
	return nil
}

// Embed computes the t-SNE embedding of the rows of x (N points of D
// features, all rows of the same length).
func Embed(x [][]float64, opts Options) (*Result, error) {
	n := len(x)
	if n < 2 {
		return nil, fmt.Errorf("tsne: %d points, expected at least 2", n)
	}
	d := len(x[0])
	flat := make([]float64, n*d)
	for i, row := range x {
		if len(row) != d {
			return nil, fmt.Errorf("tsne: row %d has %d features, expected %d (as row 0)", i, len(row), d)
		}
		copy(flat[i*d:], row)
	}
	return EmbedFlat(flat, n, d, opts)
}

// EmbedFlat is Embed for a row-major [n, d] matrix.
func EmbedFlat(x []float64, n, d int, opts Options) (*Result, error) {
	if n < 2 || d < 1 || len(x) != n*d {
		return nil, fmt.Errorf("tsne: %d values are not an [%d, %d] matrix with n >= 2, d >= 1", len(x), n, d)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("tsne: value %g at point %d, feature %d is not finite", v, i/d, i%d)
		}
	}
	if err := opts.validate(n, d); err != nil {
		return nil, err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	lr := opts.LearningRate
	if lr <= 0 {
		lr = math.Max(float64(n)/opts.EarlyExaggeration/4, 50)
	}
	var p affinities
	if opts.Method == Exact {
		p = exactAffinities(x, n, d, opts.Perplexity, workers)
	} else {
		k := min(n-1, int(3*opts.Perplexity+1))
		p = sparseAffinities(x, n, d, k, opts.Perplexity, workers)
	}
	var y []float64
	if opts.Init == InitPCA {
		y = pcaInit(x, n, d, opts.Dims)
	} else {
		rng := rand.New(rand.NewPCG(opts.Seed, 0x7473_6e65)) // "tsne"
		y = make([]float64, n*opts.Dims)
		for i := range y {
			y[i] = 1e-4 * rng.NormFloat64()
		}
	}
	opt := optimizer{n: n, dims: opts.Dims, p: p, workers: workers, angle: opts.Angle, method: opts.Method}
	res := &Result{LearningRate: lr}
	// Phase 1: early exaggeration, momentum 0.5.
	p.scale(opts.EarlyExaggeration)
	it, kl := opt.descend(y, 0, explorationIters, 0.5, lr, explorationIters, opts.MinGradNorm)
	p.scale(1 / opts.EarlyExaggeration)
	res.Iterations, res.KL = it, kl
	// Phase 2: momentum 0.8.
	if it == explorationIters && opts.MaxIter > explorationIters {
		res.Iterations, res.KL = opt.descend(y, it, opts.MaxIter, 0.8, lr, opts.NIterWithoutProgress, opts.MinGradNorm)
	}
	res.Y = make([][]float64, n)
	for i := range res.Y {
		res.Y[i] = y[i*opts.Dims : (i+1)*opts.Dims : (i+1)*opts.Dims]
	}
	return res, nil
}

// parallelChunks is the fixed number of chunks the point loops are split
// into; partial sums are combined in chunk order, so results do not depend
// on the number of workers.
const parallelChunks = 32

// parallelFor runs fn(chunk, lo, hi) over [0, n) split into parallelChunks
// contiguous chunks, on at most workers goroutines.
func parallelFor(n, workers int, fn func(chunk, lo, hi int)) {
	chunks := min(parallelChunks, n)
	bounds := func(c int) (int, int) { return c * n / chunks, (c + 1) * n / chunks }
	if workers <= 1 {
		for c := 0; c < chunks; c++ {
			lo, hi := bounds(c)
			fn(c, lo, hi)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, chunks)
	for c := 0; c < chunks; c++ {
		next <- c
	}
	close(next)
	for w := 0; w < min(workers, chunks); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				lo, hi := bounds(c)
				fn(c, lo, hi)
			}
		}()
	}
	wg.Wait()
}

// optimizer runs scikit-learn's _gradient_descent.
type optimizer struct {
	n, dims  int
	p        affinities
	workers  int
	angle    float64
	method   Method
	update   []float64
	gains    []float64
	grad     []float64
	bestErr  float64
	bestIter int
	tree     quadtree
	partials []float64
}

// descend runs iterations [start, end) and returns the iteration reached and
// the last computed KL divergence.
func (o *optimizer) descend(y []float64, start, end int, momentum, lr float64, noProgress int, minGradNorm float64) (int, float64) {
	if o.update == nil {
		o.update = make([]float64, len(y))
		o.gains = make([]float64, len(y))
		for i := range o.gains {
			o.gains[i] = 1
		}
		o.grad = make([]float64, len(y))
	}
	o.bestErr, o.bestIter = math.MaxFloat64, start
	kl := math.NaN()
	for i := start; i < end; i++ {
		check := (i+1)%checkEvery == 0 || i == end-1
		kl = o.gradient(y, check)
		grad := o.grad
		for j, g := range grad {
			if o.update[j]*g < 0 {
				o.gains[j] += 0.2
			} else {
				o.gains[j] = math.Max(o.gains[j]*0.8, 0.01)
			}
			grad[j] = g * o.gains[j]
			o.update[j] = momentum*o.update[j] - lr*grad[j]
			y[j] += o.update[j]
		}
		if check {
			gn := 0.0
			for _, g := range grad {
				gn += g * g
			}
			if kl < o.bestErr {
				o.bestErr, o.bestIter = kl, i
			} else if i-o.bestIter > noProgress {
				return i + 1, kl
			}
			if math.Sqrt(gn) <= minGradNorm {
				return i + 1, kl
			}
		}
	}
	return end, kl
}

// gradient fills o.grad with the KL gradient at y and returns the KL
// divergence when withError is set (NaN otherwise).
func (o *optimizer) gradient(y []float64, withError bool) float64 {
	if o.method == Exact {
		return o.exactGradient(y, withError)
	}
	return o.bhGradient(y, withError)
}
