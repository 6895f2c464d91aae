package tsne

import (
	"container/heap"
	"math"
	"slices"
)

// affinities holds the joint probabilities P, dense (Exact) or as a
// symmetric sparse matrix in CSR form (Barnes–Hut).
type affinities struct {
	n      int
	dense  []float64 // n*n, row-major, zero diagonal
	rowPtr []int     // len n+1
	col    []int32
	val    []float64
}

// scale multiplies P by f (early exaggeration on and off).
func (p *affinities) scale(f float64) {
	for i := range p.dense {
		p.dense[i] *= f
	}
	for i := range p.val {
		p.val[i] *= f
	}
}

const (
	perplexityTol   = 1e-5 // scikit-learn's PERPLEXITY_TOLERANCE
	perplexitySteps = 100
	epsilonDbl      = 1e-8 // scikit-learn's EPSILON_DBL
)

// binarySearch fills p with the conditional probabilities p_{j|i} ∝
// exp(-d_j β) over the squared distances d, with β found by bisection so that
// the entropy equals log(perplexity) (scikit-learn's
// _binary_search_perplexity).
func binarySearch(d, p []float64, perplexity float64) {
	desired := math.Log(perplexity)
	beta, betaMin, betaMax := 1.0, math.Inf(-1), math.Inf(1)
	for step := 0; step < perplexitySteps; step++ {
		sumP := 0.0
		for j, dj := range d {
			p[j] = math.Exp(-dj * beta)
			sumP += p[j]
		}
		if sumP == 0 {
			sumP = epsilonDbl
		}
		sumDP := 0.0
		for j := range p {
			p[j] /= sumP
			sumDP += d[j] * p[j]
		}
		entropy := math.Log(sumP) + beta*sumDP
		diff := entropy - desired
		if math.Abs(diff) <= perplexityTol {
			return
		}
		if diff > 0 {
			betaMin = beta
			if math.IsInf(betaMax, 1) {
				beta *= 2
			} else {
				beta = (beta + betaMax) / 2
			}
		} else {
			betaMax = beta
			if math.IsInf(betaMin, -1) {
				beta /= 2
			} else {
				beta = (beta + betaMin) / 2
			}
		}
	}
}

// sqDist is the squared Euclidean distance between rows i and j of x.
func sqDist(x []float64, d, i, j int) float64 {
	a, b := x[i*d:(i+1)*d], x[j*d:(j+1)*d]
	s := 0.0
	for k := range a {
		t := a[k] - b[k]
		s += t * t
	}
	return s
}

// exactAffinities computes the dense joint probabilities over all pairs
// (scikit-learn's _joint_probabilities): P = (P_cond + P_condᵀ) / sum, with
// every off-diagonal entry at least machineEpsilon.
func exactAffinities(x []float64, n, d int, perplexity float64, workers int) affinities {
	cond := make([]float64, n*n)
	parallelFor(n, workers, func(_, lo, hi int) {
		dist := make([]float64, n-1)
		p := make([]float64, n-1)
		for i := lo; i < hi; i++ {
			k := 0
			for j := 0; j < n; j++ {
				if j != i {
					dist[k] = sqDist(x, d, i, j)
					k++
				}
			}
			binarySearch(dist, p, perplexity)
			k = 0
			for j := 0; j < n; j++ {
				if j != i {
					cond[i*n+j] = p[k]
					k++
				}
			}
		}
	})
	sum := 0.0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			sum += cond[i*n+j] + cond[j*n+i]
		}
	}
	sum *= 2
	out := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := math.Max((cond[i*n+j]+cond[j*n+i])/sum, machineEpsilon)
			out[i*n+j], out[j*n+i] = v, v
		}
	}
	return affinities{n: n, dense: out}
}

// neighbour is a (squared distance, index) pair; maxHeap keeps the k
// nearest seen so far with the farthest on top (ties: larger index on top).
type neighbour struct {
	d float64
	j int32
}

type maxHeap []neighbour

func (h maxHeap) Len() int { return len(h) }
func (h maxHeap) Less(a, b int) bool {
	return h[a].d > h[b].d || (h[a].d == h[b].d && h[a].j > h[b].j)
}
func (h maxHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *maxHeap) Push(v any)   { *h = append(*h, v.(neighbour)) }
func (h *maxHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}

// knn returns, for every point, its k nearest neighbours (excluding itself)
// by squared Euclidean distance, nearest first: indices and distances, n*k
// each.
func knn(x []float64, n, d, k, workers int) ([]int32, []float64) {
	idx := make([]int32, n*k)
	dist := make([]float64, n*k)
	norms := make([]float64, n)
	for i := range norms {
		for _, v := range x[i*d : (i+1)*d] {
			norms[i] += v * v
		}
	}
	parallelFor(n, workers, func(_, lo, hi int) {
		h := make(maxHeap, 0, k+1)
		for i := lo; i < hi; i++ {
			h = h[:0]
			xi := x[i*d : (i+1)*d]
			for j := 0; j < n; j++ {
				if j == i {
					continue
				}
				// Lower bound from the norms: (|a|-|b|)² <= |a-b|².
				if len(h) == k {
					t := math.Sqrt(norms[i]) - math.Sqrt(norms[j])
					if t*t > h[0].d {
						continue
					}
				}
				xj := x[j*d : (j+1)*d]
				s := 0.0
				for t := range xi {
					u := xi[t] - xj[t]
					s += u * u
				}
				if len(h) < k {
					heap.Push(&h, neighbour{s, int32(j)})
				} else if s < h[0].d || (s == h[0].d && int32(j) < h[0].j) {
					h[0] = neighbour{s, int32(j)}
					heap.Fix(&h, 0)
				}
			}
			sorted := slices.Clone(h)
			slices.SortFunc(sorted, func(a, b neighbour) int {
				if a.d != b.d {
					if a.d < b.d {
						return -1
					}
					return 1
				}
				return int(a.j - b.j)
			})
			for t, nb := range sorted {
				idx[i*k+t], dist[i*k+t] = nb.j, nb.d
			}
		}
	})
	return idx, dist
}

// sparseAffinities computes P on the k nearest neighbours of each point
// (scikit-learn's _joint_probabilities_nn): conditional probabilities by
// binary search on the neighbours' squared distances, then P = P_cond +
// P_condᵀ normalised to sum 1.
func sparseAffinities(x []float64, n, d, k int, perplexity float64, workers int) affinities {
	idx, dist := knn(x, n, d, k, workers)
	cond := make([]float64, n*k)
	parallelFor(n, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			binarySearch(dist[i*k:(i+1)*k], cond[i*k:(i+1)*k], perplexity)
		}
	})
	// Symmetrise: every (i, j, v) contributes to rows i and j.
	counts := make([]int, n+1)
	for i := 0; i < n; i++ {
		counts[i+1] += k
		for _, j := range idx[i*k : (i+1)*k] {
			counts[j+1]++
		}
	}
	for i := 0; i < n; i++ {
		counts[i+1] += counts[i]
	}
	type entry struct {
		j int32
		v float64
	}
	entries := make([]entry, counts[n])
	fill := slices.Clone(counts[:n])
	for i := 0; i < n; i++ {
		for t, j := range idx[i*k : (i+1)*k] {
			v := cond[i*k+t]
			entries[fill[i]] = entry{j, v}
			fill[i]++
			entries[fill[j]] = entry{int32(i), v}
			fill[j]++
		}
	}
	p := affinities{n: n, rowPtr: make([]int, n+1)}
	p.col = make([]int32, 0, len(entries))
	p.val = make([]float64, 0, len(entries))
	sum := 0.0
	for i := 0; i < n; i++ {
		row := entries[counts[i]:counts[i+1]]
		slices.SortFunc(row, func(a, b entry) int { return int(a.j - b.j) })
		for t := 0; t < len(row); {
			j, v := row[t].j, row[t].v
			for t++; t < len(row) && row[t].j == j; t++ {
				v += row[t].v
			}
			p.col = append(p.col, j)
			p.val = append(p.val, v)
			sum += v
		}
		p.rowPtr[i+1] = len(p.col)
	}
	sum = math.Max(sum, machineEpsilon)
	for t := range p.val {
		p.val[t] /= sum
	}
	return p
}
