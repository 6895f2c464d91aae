package tsne

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
)

// loadFixture reads testdata/clusters1000.csv: 1,000 points in 10-D from 10
// Gaussian clusters (see testdata/gen_fixture.py).
func loadFixture(t testing.TB) ([][]float64, []int) {
	t.Helper()
	f, err := os.Open("testdata/clusters1000.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var x [][]float64
	var labels []int
	for _, r := range rows[1:] {
		l, err := strconv.Atoi(r[0])
		if err != nil {
			t.Fatal(err)
		}
		v := make([]float64, len(r)-1)
		for j, s := range r[1:] {
			if v[j], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatal(err)
			}
		}
		x = append(x, v)
		labels = append(labels, l)
	}
	return x, labels
}

// sklearnRef is testdata/sklearn_ref.json, written by gen_fixture.py.
type sklearnRef struct {
	Version string `json:"sklearn_version"`
	Default struct {
		Trust float64 `json:"mean_trustworthiness_k5"`
	} `json:"default"`
	Seed000 struct {
		Trust float64 `json:"mean_trustworthiness_k5"`
	} `json:"seed000"`
	Fixed struct {
		Points int                `json:"points"`
		Trust  map[string]float64 `json:"trustworthiness"`
	} `json:"fixed_embedding"`
}

func loadRef(t testing.TB) sklearnRef {
	t.Helper()
	var ref sklearnRef
	testutil.ReadJSON(t, "testdata/sklearn_ref.json", &ref)
	return ref
}

// TestTrustworthinessSklearn compares with sklearn.manifold.trustworthiness
// of the fixed embedding "first two coordinates" of the first 300 points.
func TestTrustworthinessSklearn(t *testing.T) {
	x, _ := loadFixture(t)
	ref := loadRef(t)
	sub := x[:ref.Fixed.Points]
	emb := make([][]float64, len(sub))
	for i, r := range sub {
		emb[i] = r[:2]
	}
	if len(ref.Fixed.Trust) != 3 {
		t.Fatalf("reference has %d k values, expected 3", len(ref.Fixed.Trust))
	}
	for ks, want := range ref.Fixed.Trust {
		k, _ := strconv.Atoi(ks)
		got, err := Trustworthiness(sub, emb, k)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("Trustworthiness(k=%d) = %.15f, sklearn %s gives %.15f", k, got, ref.Version, want)
		}
	}
	// An embedding that is the input itself keeps every neighbourhood: T = 1.
	if got, _ := Trustworthiness(sub, sub, 5); got != 1 {
		t.Errorf("Trustworthiness(x, x) = %g, expected exactly 1", got)
	}
	if _, err := Trustworthiness(sub, sub, 150); err == nil {
		t.Error("k = n/2: expected an error")
	}
}

// TestBinarySearch checks that the calibrated rows have the requested
// perplexity: exp(H) with H = −Σ p log p equals 30 within the 1e-5 entropy
// tolerance, and sum to 1.
func TestBinarySearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := make([]float64, 200)
	for i := range d {
		d[i] = 50 * rng.Float64() * rng.Float64()
	}
	p := make([]float64, len(d))
	binarySearch(d, p, 30)
	h, s := 0.0, 0.0
	for _, v := range p {
		s += v
		if v > 0 {
			h -= v * math.Log(v)
		}
	}
	if math.Abs(s-1) > 1e-12 || math.Abs(h-math.Log(30)) > 1e-5 {
		t.Errorf("binarySearch: sum %g (expected 1), entropy %g (expected log 30 = %g)", s, h, math.Log(30))
	}
}

// klDense is the KL divergence Σ p_ij log(p_ij / q_ij) for a dense P.
func klDense(p []float64, y []float64, n, dims int) float64 {
	w := make([]float64, n*n)
	z := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				w[i*n+j] = studentT(y, i, j, dims)
				z += w[i*n+j]
			}
		}
	}
	kl := 0.0
	for i := 0; i < n*n; i++ {
		if p[i] > 0 {
			kl += p[i] * math.Log(p[i]/(w[i]/z))
		}
	}
	return kl
}

// TestGradients checks the exact gradient against central finite differences
// of the KL divergence, and Barnes–Hut with angle 0 and all neighbours
// against the exact gradient (they are then the same sum).
func TestGradients(t *testing.T) {
	x, _ := loadFixture(t)
	n, d := 60, 10
	flat := make([]float64, 0, n*d)
	for _, r := range x[:n] {
		flat = append(flat, r...)
	}
	rng := rand.New(rand.NewPCG(2, 2))
	y := make([]float64, 2*n)
	for i := range y {
		y[i] = rng.NormFloat64()
	}
	pe := exactAffinities(flat, n, d, 10, 2)
	ex := optimizer{n: n, dims: 2, p: pe, workers: 2, method: Exact, grad: make([]float64, 2*n)}
	klE := ex.gradient(y, true)
	if want := klDense(pe.dense, y, n, 2); math.Abs(klE-want) > 1e-10 {
		t.Errorf("exact KL = %g, direct sum gives %g", klE, want)
	}
	const h = 1e-6
	for _, i := range []int{0, 7, 33, 119} {
		y0 := y[i]
		y[i] = y0 + h
		up := klDense(pe.dense, y, n, 2)
		y[i] = y0 - h
		down := klDense(pe.dense, y, n, 2)
		y[i] = y0
		num := (up - down) / (2 * h)
		if math.Abs(num-ex.grad[i]) > 1e-6*math.Max(1, math.Abs(num)) {
			t.Errorf("exact gradient[%d] = %g, finite difference %g", i, ex.grad[i], num)
		}
	}
	ps := sparseAffinities(flat, n, d, n-1, 10, 2)
	bh := optimizer{n: n, dims: 2, p: ps, workers: 2, method: BarnesHut, angle: 0, grad: make([]float64, 2*n)}
	klB := bh.gradient(y, true)
	for i := range y {
		if math.Abs(bh.grad[i]-ex.grad[i]) > 1e-9*math.Max(1e-3, math.Abs(ex.grad[i])) {
			t.Fatalf("Barnes-Hut (angle 0) gradient[%d] = %g, exact %g", i, bh.grad[i], ex.grad[i])
		}
	}
	if math.Abs(klB-klE) > 1e-9 {
		t.Errorf("Barnes-Hut (angle 0) KL = %g, exact %g", klB, klE)
	}
	// With angle 0.5 the approximation stays within a few percent.
	bh.angle = 0.5
	bh.gradient(y, false)
	num, den := 0.0, 0.0
	for i := range y {
		num += (bh.grad[i] - ex.grad[i]) * (bh.grad[i] - ex.grad[i])
		den += ex.grad[i] * ex.grad[i]
	}
	if rel := math.Sqrt(num / den); rel > 0.05 {
		t.Errorf("Barnes-Hut (angle 0.5) relative gradient error %.3f, expected < 0.05", rel)
	}
}

// TestPCAInit checks the PCA initialisation: the first coordinate has
// standard deviation 1e-4 (sklearn's scaling) and, on points spread along
// one known direction, the first component follows it.
func TestPCAInit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	n, d := 500, 4
	dir := []float64{0.5, 0.5, 0.5, 0.5}
	x := make([]float64, n*d)
	s := make([]float64, n)
	for i := 0; i < n; i++ {
		s[i] = 10 * rng.NormFloat64()
		for j := 0; j < d; j++ {
			x[i*d+j] = s[i]*dir[j] + 0.1*rng.NormFloat64()
		}
	}
	y := pcaInit(x, n, d, 2)
	m, v, c := 0.0, 0.0, 0.0
	for i := 0; i < n; i++ {
		m += y[2*i]
	}
	m /= float64(n)
	ms := 0.0
	for i := 0; i < n; i++ {
		ms += s[i]
	}
	ms /= float64(n)
	vs := 0.0
	for i := 0; i < n; i++ {
		v += (y[2*i] - m) * (y[2*i] - m)
		c += (y[2*i] - m) * (s[i] - ms)
		vs += (s[i] - ms) * (s[i] - ms)
	}
	if std := math.Sqrt(v / float64(n)); math.Abs(std-1e-4) > 1e-12 {
		t.Errorf("PCA init: std of first coordinate %g, expected 1e-4", std)
	}
	if corr := math.Abs(c) / math.Sqrt(v*vs); corr < 0.999 {
		t.Errorf("PCA init: |corr(first component, true direction)| = %.5f, expected > 0.999", corr)
	}
}

// TestQualityVsSklearn embeds the fixture with sklearn's defaults and with
// seed 000's settings and compares trustworthiness (k = 5) with
// scikit-learn's TSNE on the same input (testdata/sklearn_ref.json): the
// brief asks for |ΔT| <= 0.01.
func TestQualityVsSklearn(t *testing.T) {
	if testing.Short() {
		t.Skip("embeds 1,000 points twice")
	}
	x, _ := loadFixture(t)
	ref := loadRef(t)
	for _, c := range []struct {
		name string
		opts Options
		want float64
	}{{"seed000", Seed000Options(), ref.Seed000.Trust}, {"default", DefaultOptions(), ref.Default.Trust}} {
		res, err := Embed(x, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Trustworthiness(x, res.Y, 5)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: trustworthiness %.4f (sklearn %.4f), KL %.4f after %d iterations", c.name, got, c.want, res.KL, res.Iterations)
		if math.Abs(got-c.want) > 0.01 {
			t.Errorf("%s: trustworthiness %.4f, sklearn %s gives %.4f: differ by more than 0.01", c.name, got, ref.Version, c.want)
		}
	}
}

// TestDeterministic runs the same random-init embedding with 1 and 2
// workers: the results must be bit-identical (fixed chunking of the sums).
func TestDeterministic(t *testing.T) {
	x, _ := loadFixture(t)
	for _, m := range []Method{BarnesHut, Exact} {
		x := x[:300]
		if m == Exact {
			x = x[:120]
		}
		o := DefaultOptions()
		o.Method, o.Init, o.Seed, o.MaxIter = m, InitRandom, 7, 260
		o.Workers = 1
		a, err := Embed(x, o)
		if err != nil {
			t.Fatal(err)
		}
		o.Workers = 2
		b, err := Embed(x, o)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Y {
			if a.Y[i][0] != b.Y[i][0] || a.Y[i][1] != b.Y[i][1] {
				t.Fatalf("%v: point %d differs between runs: %v vs %v", m, i, a.Y[i], b.Y[i])
			}
		}
		o.Seed = 8
		c, _ := Embed(x, o)
		if c.Y[0][0] == a.Y[0][0] {
			t.Errorf("%v: seeds 7 and 8 give the same embedding", m)
		}
	}
}

func TestOptionsErrors(t *testing.T) {
	x := [][]float64{{0, 1}, {1, 0}, {1, 1}}
	o := DefaultOptions()
	if _, err := Embed(x, o); err == nil {
		t.Error("perplexity 30 with 3 points: expected an error")
	}
	o.Perplexity = 1
	o.MaxIter = 100
	if _, err := Embed(x, o); err == nil {
		t.Error("MaxIter 100 < 250: expected an error")
	}
	if _, err := Embed([][]float64{{0, 1}, {1}}, DefaultOptions()); err == nil {
		t.Error("ragged rows: expected an error")
	}
}
