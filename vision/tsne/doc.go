// Package tsne implements t-distributed Stochastic Neighbor Embedding (van der
// Maaten & Hinton, 2008) following scikit-learn's sklearn.manifold.TSNE (1.2):
// perplexity-calibrated Gaussian affinities found by a binary search per
// point, symmetrised joint probabilities, early exaggeration, gradient descent
// with momentum and per-parameter gains, PCA or seeded random initialisation,
// and either the exact O(N²) gradient or the Barnes–Hut O(N log N)
// approximation on a quadtree (van der Maaten, 2014).
//
// DefaultOptions reproduces scikit-learn's defaults; Seed000Options the
// settings of chapter 1 (seed 000). Trustworthiness measures how well an
// embedding preserves neighbourhoods, as sklearn.manifold.trustworthiness.
//
// Results are deterministic for a given Options.Seed, independently of the
// number of goroutines used.
package tsne
