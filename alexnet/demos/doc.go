// Package demos holds the small worked examples of the pooling and
// convolution chapter (seed004): 2×2 max and average pooling of the 4×4
// matrix 1..16, a 3×3 convolution of it, the chained shapes
// 3×19×19 → 7×15×15 → 2×13×13 with their filter shapes, and a window tracer
// that shows, step by step, which input cells each output cell reads and the
// arithmetic, as text and as highlighted HTML grids for GoNB.
//
// Pooling and convolution run on a GoMLX backend (graph.MaxPool, MeanPool,
// Convolve); the tracer computes the same numbers by hand, and the tests check
// that both agree.
package demos
