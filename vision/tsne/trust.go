package tsne

import (
	"fmt"
	"slices"
)

// Trustworthiness measures to what extent the local structure of x is kept
// in the embedding y, as sklearn.manifold.trustworthiness with the Euclidean
// metric:
//
//	T(k) = 1 − 2/(n k (2n − 3k − 1)) Σ_i Σ_{j ∈ N_i^k(y)} max(0, r(i, j) − k)
//
// where N_i^k(y) are the k nearest neighbours of i in the embedding and
// r(i, j) is the rank of j among i's neighbours in the input space (1 =
// nearest). It is 1 when every embedded neighbour is also a neighbour in x.
// Ties are broken by index. k must be < n/2.
func Trustworthiness(x, y [][]float64, k int) (float64, error) {
	n := len(x)
	if len(y) != n {
		return 0, fmt.Errorf("tsne.Trustworthiness: %d input points but %d embedded", n, len(y))
	}
	if k < 1 || float64(k) >= float64(n)/2 {
		return 0, fmt.Errorf("tsne.Trustworthiness: k=%d, expected 1 <= k < n/2 = %g", k, float64(n)/2)
	}
	for _, m := range [][][]float64{x, y} {
		for i, row := range m {
			if len(row) != len(m[0]) || len(row) == 0 {
				return 0, fmt.Errorf("tsne.Trustworthiness: row %d has %d features, expected %d (as row 0)", i, len(row), len(m[0]))
			}
		}
	}
	dist := func(m [][]float64, i, j int) float64 {
		s := 0.0
		for t := range m[i] {
			u := m[i][t] - m[j][t]
			s += u * u
		}
		return s
	}
	order := func(m [][]float64, i int, buf []int, d []float64) []int {
		buf = buf[:0]
		for j := 0; j < n; j++ {
			d[j] = dist(m, i, j)
			if j != i {
				buf = append(buf, j)
			}
		}
		slices.SortFunc(buf, func(a, b int) int {
			if d[a] != d[b] {
				if d[a] < d[b] {
					return -1
				}
				return 1
			}
			return a - b
		})
		return buf
	}
	rank := make([]int, n)
	buf := make([]int, 0, n)
	d := make([]float64, n)
	var penalty float64
	for i := 0; i < n; i++ {
		for r, j := range order(x, i, buf, d) {
			rank[j] = r + 1
		}
		for _, j := range order(y, i, buf, d)[:k] {
			if r := rank[j] - k; r > 0 {
				penalty += float64(r)
			}
		}
	}
	nf, kf := float64(n), float64(k)
	return 1 - penalty*2/(nf*kf*(2*nf-3*kf-1)), nil
}
