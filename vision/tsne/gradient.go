package tsne

import "math"

// studentT is the similarity of points i and j of the embedding y (dims
// coordinates each) before normalisation: 1/(1 + |y_i − y_j|²), the Student-t
// kernel with one degree of freedom.
func studentT(y []float64, i, j, dims int) float64 {
	d2 := 0.0
	for k := 0; k < dims; k++ {
		t := y[i*dims+k] - y[j*dims+k]
		d2 += t * t
	}
	return 1 / (1 + d2)
}

// exactGradient computes the exact KL gradient for a dense P (scikit-learn's
// _kl_divergence with one degree of freedom): with w_ij = 1/(1+|y_i-y_j|²)
// and Z = Σ_{i≠j} w_ij,
//
//	∂KL/∂y_i = 4 Σ_j (p_ij − w_ij/Z) w_ij (y_i − y_j).
func (o *optimizer) exactGradient(y []float64, withError bool) float64 {
	n, dims := o.n, o.dims
	if len(o.partials) < 2*parallelChunks {
		o.partials = make([]float64, 2*parallelChunks)
	}
	w := make([]float64, n*n)
	parallelFor(n, o.workers, func(c, lo, hi int) {
		s := 0.0
		for i := lo; i < hi; i++ {
			for j := 0; j < n; j++ {
				if j == i {
					continue
				}
				w[i*n+j] = studentT(y, i, j, dims)
				s += w[i*n+j]
			}
		}
		o.partials[c] = s
	})
	z := 0.0
	for c := 0; c < parallelChunks; c++ {
		z += o.partials[c]
		o.partials[c] = 0
	}
	p := o.p.dense
	parallelFor(n, o.workers, func(c, lo, hi int) {
		kl := 0.0
		for i := lo; i < hi; i++ {
			g := o.grad[i*dims : (i+1)*dims]
			for k := range g {
				g[k] = 0
			}
			for j := 0; j < n; j++ {
				if j == i {
					continue
				}
				wij := w[i*n+j]
				q := wij / z
				m := (p[i*n+j] - q) * wij
				for k := 0; k < dims; k++ {
					g[k] += m * (y[i*dims+k] - y[j*dims+k])
				}
				if withError {
					kl += p[i*n+j] * math.Log(math.Max(p[i*n+j], machineEpsilon)/math.Max(q, machineEpsilon))
				}
			}
			for k := range g {
				g[k] *= 4
			}
		}
		o.partials[parallelChunks+c] = kl
	})
	return o.klSum(withError)
}

// bhGradient computes the Barnes–Hut approximation of the gradient
// (scikit-learn's _barnes_hut_tsne.gradient): attractive forces on the sparse
// P exactly, repulsive forces summarised on a quadtree.
func (o *optimizer) bhGradient(y []float64, withError bool) float64 {
	n := o.n
	if len(o.partials) < 2*parallelChunks {
		o.partials = make([]float64, 2*parallelChunks)
	}
	o.tree.build(y, n)
	theta2 := o.angle * o.angle
	neg := o.grad // negative forces first, combined with positive below
	parallelFor(n, o.workers, func(c, lo, hi int) {
		stack := make([]int32, 0, 64)
		s := 0.0
		for i := lo; i < hi; i++ {
			fx, fy, sq := o.tree.repulsion(y[2*i], y[2*i+1], theta2, stack)
			neg[2*i], neg[2*i+1] = fx, fy
			s += sq
		}
		o.partials[c] = s
	})
	z := 0.0
	for c := 0; c < parallelChunks; c++ {
		z += o.partials[c]
	}
	p := &o.p
	parallelFor(n, o.workers, func(c, lo, hi int) {
		kl := 0.0
		for i := lo; i < hi; i++ {
			yi0, yi1 := y[2*i], y[2*i+1]
			px, py := 0.0, 0.0
			for t := p.rowPtr[i]; t < p.rowPtr[i+1]; t++ {
				j := int(p.col[t])
				d0, d1 := yi0-y[2*j], yi1-y[2*j+1]
				q := 1 / (1 + d0*d0 + d1*d1)
				pq := p.val[t] * q
				px += pq * d0
				py += pq * d1
				if withError {
					kl += p.val[t] * math.Log(math.Max(p.val[t], machineEpsilon)/math.Max(q/z, machineEpsilon))
				}
			}
			o.grad[2*i] = 4 * (px - neg[2*i]/z)
			o.grad[2*i+1] = 4 * (py - neg[2*i+1]/z)
		}
		o.partials[parallelChunks+c] = kl
	})
	return o.klSum(withError)
}

// qnode is a quadtree cell: its bounds, centre of mass and point count; a
// leaf holds one point (or several identical ones).
type qnode struct {
	x0, y0, x1, y1 float64  // bounds
	cx, cy         float64  // centre of mass
	count          int32    // points in the cell
	child          [4]int32 // -1: none; children exist only for internal cells
	leaf           bool
	maxW2          float64 // squared largest side
}

// quadtree is a point-region quadtree over 2-D points, rebuilt every
// iteration; nodes are kept in one slice, root at 0.
type quadtree struct {
	nodes []qnode
}

func (t *quadtree) newNode(x0, y0, x1, y1 float64) int32 {
	w, h := x1-x0, y1-y0
	t.nodes = append(t.nodes, qnode{x0: x0, y0: y0, x1: x1, y1: y1, child: [4]int32{-1, -1, -1, -1}, leaf: true, maxW2: math.Max(w*w, h*h)})
	return int32(len(t.nodes) - 1)
}

// build inserts the n points of y (x0, y0, x1, y1, ...) into a fresh tree.
func (t *quadtree) build(y []float64, n int) {
	t.nodes = t.nodes[:0]
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := 0; i < n; i++ {
		minX, maxX = math.Min(minX, y[2*i]), math.Max(maxX, y[2*i])
		minY, maxY = math.Min(minY, y[2*i+1]), math.Max(maxY, y[2*i+1])
	}
	// Pad the bounds (as scikit-learn) so that points on the max edge fall
	// strictly inside.
	padX := math.Max(math.Abs(maxX)*1e-3, 1e-3*(maxX-minX)) + 1e-12
	padY := math.Max(math.Abs(maxY)*1e-3, 1e-3*(maxY-minY)) + 1e-12
	t.newNode(minX, minY, maxX+padX, maxY+padY)
	for i := 0; i < n; i++ {
		t.insert(y[2*i], y[2*i+1])
	}
}

// quadrant returns the child index of (px, py) in node nd and the child's
// bounds.
func (nd *qnode) quadrant(px, py float64) (int, float64, float64, float64, float64) {
	mx, my := (nd.x0+nd.x1)/2, (nd.y0+nd.y1)/2
	q := 0
	x0, x1, y0, y1 := nd.x0, mx, nd.y0, my
	if px >= mx {
		q |= 1
		x0, x1 = mx, nd.x1
	}
	if py >= my {
		q |= 2
		y0, y1 = my, nd.y1
	}
	return q, x0, y0, x1, y1
}

func (t *quadtree) insert(px, py float64) {
	cur := int32(0)
	for depth := 0; ; depth++ {
		nd := &t.nodes[cur]
		if nd.leaf {
			if nd.count == 0 {
				nd.cx, nd.cy, nd.count = px, py, 1
				return
			}
			// Identical point, or cells too small to split further: merge.
			if (nd.cx == px && nd.cy == py) || depth > 60 {
				c := float64(nd.count)
				nd.cx = (nd.cx*c + px) / (c + 1)
				nd.cy = (nd.cy*c + py) / (c + 1)
				nd.count++
				return
			}
			// Split: push the resident point(s) down to a child.
			ox, oy, oc := nd.cx, nd.cy, nd.count
			q, x0, y0, x1, y1 := nd.quadrant(ox, oy)
			nd.leaf = false
			ch := t.newNode(x0, y0, x1, y1)
			nd = &t.nodes[cur]
			nd.child[q] = ch
			cn := &t.nodes[ch]
			cn.cx, cn.cy, cn.count = ox, oy, oc
		}
		// Internal node: update its centre of mass and descend.
		c := float64(nd.count)
		nd.cx = (nd.cx*c + px) / (c + 1)
		nd.cy = (nd.cy*c + py) / (c + 1)
		nd.count++
		q, x0, y0, x1, y1 := nd.quadrant(px, py)
		next := nd.child[q]
		if next < 0 {
			next = t.newNode(x0, y0, x1, y1)
			t.nodes[cur].child[q] = next
		}
		cur = next
	}
}

// repulsion returns the unnormalised repulsive force Σ_j w_ij² (y_i − y_j)
// on the point (px, py) and Σ_j w_ij, summarising a cell of side w at
// squared distance d² from its centre of mass when w²/d² < θ². Cells whose
// centre of mass coincides with the point (the point itself) are skipped.
func (t *quadtree) repulsion(px, py, theta2 float64, stack []int32) (fx, fy, sumQ float64) {
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		nd := &t.nodes[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		if nd.count == 0 {
			continue
		}
		dx, dy := px-nd.cx, py-nd.cy
		d2 := dx*dx + dy*dy
		if nd.leaf {
			if d2 == 0 {
				continue
			}
		} else if nd.maxW2 >= theta2*d2 {
			for _, c := range nd.child {
				if c >= 0 {
					stack = append(stack, c)
				}
			}
			continue
		}
		q := 1 / (1 + d2)
		cnt := float64(nd.count)
		sumQ += cnt * q
		m := cnt * q * q
		fx += m * dx
		fy += m * dy
	}
	return fx, fy, sumQ
}

// klSum is the KL divergence the chunks left in o.partials (NaN when it was
// not computed), which it clears for the next iteration.
func (o *optimizer) klSum(withError bool) float64 {
	if !withError {
		return math.NaN()
	}
	kl := 0.0
	for c := 0; c < parallelChunks; c++ {
		kl += o.partials[parallelChunks+c]
		o.partials[parallelChunks+c] = 0
	}
	return kl
}
