package tsne

import "math"

// pcaInit projects x on its first dims principal components and scales the
// result so that the first coordinate has standard deviation 1e-4, as
// scikit-learn's init="pca". Components are found by subspace (block power)
// iteration on the covariance, applied implicitly as Xᵀ(X v), followed by a
// Rayleigh–Ritz step; signs follow scikit-learn's svd_flip (the entry of
// largest magnitude of each projected column is positive).
func pcaInit(x []float64, n, d, dims int) []float64 {
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			mean[j] += x[i*d+j]
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	xc := make([]float64, n*d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			xc[i*d+j] = x[i*d+j] - mean[j]
		}
	}
	// cov(v) = Xcᵀ (Xc v).
	tmp := make([]float64, n)
	cov := func(v, out []float64) {
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < d; j++ {
				s += xc[i*d+j] * v[j]
			}
			tmp[i] = s
		}
		for j := range out {
			out[j] = 0
		}
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				out[j] += xc[i*d+j] * tmp[i]
			}
		}
	}
	// Deterministic start: a fixed, generic basis.
	v := make([][]float64, dims)
	for c := range v {
		v[c] = make([]float64, d)
		for j := range v[c] {
			v[c][j] = math.Sin(float64((c+1)*(j+1))*1.618) + 0.1
		}
	}
	orthonormalize(v)
	w := make([][]float64, dims)
	for c := range w {
		w[c] = make([]float64, d)
	}
	for it := 0; it < 1000; it++ {
		for c := range v {
			cov(v[c], w[c])
		}
		orthonormalize(w)
		change := 0.0
		for c := range v {
			dot := 0.0
			for j := range v[c] {
				dot += v[c][j] * w[c][j]
			}
			change = math.Max(change, 1-math.Abs(dot))
		}
		v, w = w, v
		if change < 1e-13 {
			break
		}
	}
	// Rayleigh–Ritz: diagonalise B = Vᵀ C V (dims×dims) by Jacobi rotations.
	b := make([][]float64, dims)
	cv := make([]float64, d)
	for c := range v {
		cov(v[c], cv)
		b[c] = make([]float64, dims)
		for e := range v {
			for j := 0; j < d; j++ {
				b[c][e] += v[e][j] * cv[j]
			}
		}
	}
	rot := jacobiEigen(b)
	comps := make([][]float64, dims)
	for c := range comps {
		comps[c] = make([]float64, d)
		for e := range v {
			for j := 0; j < d; j++ {
				comps[c][j] += rot[e][c] * v[e][j]
			}
		}
	}
	y := make([]float64, n*dims)
	for c := 0; c < dims; c++ {
		best, bestAbs := 0.0, -1.0
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < d; j++ {
				s += xc[i*d+j] * comps[c][j]
			}
			y[i*dims+c] = s
			if math.Abs(s) > bestAbs {
				best, bestAbs = s, math.Abs(s)
			}
		}
		if best < 0 {
			for i := 0; i < n; i++ {
				y[i*dims+c] = -y[i*dims+c]
			}
		}
	}
	// Scale by the (population) standard deviation of the first column.
	m, s2 := 0.0, 0.0
	for i := 0; i < n; i++ {
		m += y[i*dims]
	}
	m /= float64(n)
	for i := 0; i < n; i++ {
		t := y[i*dims] - m
		s2 += t * t
	}
	std := math.Sqrt(s2 / float64(n))
	if std == 0 {
		std = 1
	}
	for i := range y {
		y[i] = y[i] / std * 1e-4
	}
	return y
}

// orthonormalize applies modified Gram–Schmidt to the vectors in place.
func orthonormalize(v [][]float64) {
	for c := range v {
		for e := 0; e < c; e++ {
			dot := 0.0
			for j := range v[c] {
				dot += v[c][j] * v[e][j]
			}
			for j := range v[c] {
				v[c][j] -= dot * v[e][j]
			}
		}
		nrm := 0.0
		for _, t := range v[c] {
			nrm += t * t
		}
		nrm = math.Sqrt(nrm)
		if nrm == 0 {
			// Degenerate direction: replace by a unit axis.
			v[c][c%len(v[c])] = 1
			continue
		}
		for j := range v[c] {
			v[c][j] /= nrm
		}
	}
}

// jacobiEigen diagonalises the small symmetric matrix a (modified in place)
// and returns the eigenvectors as columns of the result, sorted by
// decreasing eigenvalue.
func jacobiEigen(a [][]float64) [][]float64 {
	m := len(a)
	vec := make([][]float64, m)
	for i := range vec {
		vec[i] = make([]float64, m)
		vec[i][i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for p := 0; p < m; p++ {
			for q := p + 1; q < m; q++ {
				off += a[p][q] * a[p][q]
			}
		}
		if off < 1e-30 {
			break
		}
		for p := 0; p < m; p++ {
			for q := p + 1; q < m; q++ {
				if a[p][q] == 0 {
					continue
				}
				theta := (a[q][q] - a[p][p]) / (2 * a[p][q])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < m; k++ {
					akp, akq := a[k][p], a[k][q]
					a[k][p], a[k][q] = c*akp-s*akq, s*akp+c*akq
				}
				for k := 0; k < m; k++ {
					apk, aqk := a[p][k], a[q][k]
					a[p][k], a[q][k] = c*apk-s*aqk, s*apk+c*aqk
				}
				for k := 0; k < m; k++ {
					vkp, vkq := vec[k][p], vec[k][q]
					vec[k][p], vec[k][q] = c*vkp-s*vkq, s*vkp+c*vkq
				}
			}
		}
	}
	// Sort columns by decreasing eigenvalue (selection sort, m is tiny).
	for i := 0; i < m; i++ {
		best := i
		for j := i + 1; j < m; j++ {
			if a[j][j] > a[best][best] {
				best = j
			}
		}
		if best != i {
			a[i][i], a[best][best] = a[best][best], a[i][i]
			for k := 0; k < m; k++ {
				vec[k][i], vec[k][best] = vec[k][best], vec[k][i]
			}
		}
	}
	return vec
}
