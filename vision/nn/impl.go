package nn

import (
	"fmt"
	"sync/atomic"

	"github.com/gomlx/gomlx/core/graph"
)

// Impl selects how Conv2d and the pooling layers are expressed as graph ops.
type Impl int32

const (
	// ImplAuto picks the fastest correct formulation for the graph's backend:
	// ImplFast on the pure-Go backend ("go"); on XLA's CPU plugin ImplFast for
	// row-Toeplitz convolutions and non-overlapping pools and ImplNative for
	// the rest (see resolveImpl for the measurements); ImplNative elsewhere
	// (XLA on GPUs, where cuDNN runs the native ops).
	ImplAuto Impl = iota
	// ImplNative uses GoMLX's own ops: graph.Convolve (ConvGeneral) and
	// MaxPool/SumPool (ReduceWindow). They are fast on XLA and slow on "go".
	ImplNative
	// ImplFast uses formulations built on matrix products and plain
	// reductions: convolution as patch extraction + one DotGeneral (im2col),
	// pooling as Reshape+Reduce (window == stride) or as an element-wise
	// reduction of strided slices. They are exact reformulations (same
	// outputs and gradients up to float rounding).
	ImplFast
)

// String returns "auto", "native" or "fast".
func (i Impl) String() string {
	switch i {
	case ImplAuto:
		return "auto"
	case ImplNative:
		return "native"
	case ImplFast:
		return "fast"
	}
	return fmt.Sprintf("Impl(%d)", int32(i))
}

var defaultImpl atomic.Int32

// SetDefaultImpl sets the package-wide formulation used by layers whose own
// Impl is ImplAuto, and returns the previous one. Tests and benchmarks use it
// to force one formulation: defer nn.SetDefaultImpl(nn.SetDefaultImpl(nn.ImplNative)).
func SetDefaultImpl(i Impl) (previous Impl) {
	return Impl(defaultImpl.Swap(int32(i)))
}

// DefaultImpl returns the package-wide formulation (ImplAuto unless changed).
func DefaultImpl() Impl { return Impl(defaultImpl.Load()) }

// resolveImpl returns ImplNative or ImplFast for a layer's setting on the
// graph's backend. On the Go backend the reformulations always win; on XLA's
// CPU plugin only where the caller says they do (fastOnXLACPU), else XLA's
// native ops are used. bench/ measured, training steps on 2 cores
// (go run ./bench/cmd -impl native|fast): LeNet-1 10.9 → 4.6 ms and LeNet-5
// 11.4 → 5.8 ms with the row-Toeplitz convolutions, but the modern LeNet's
// stride-2 convolutions (1.4 vs 1.8 ms), chapter 3's 7×7 CNN (83 vs 176 ms)
// and the scaled AlexNet (243 vs 283 ms) are faster native.
func resolveImpl(layer Impl, g *graph.Graph, fastOnXLACPU bool) Impl {
	if layer == ImplAuto {
		layer = DefaultImpl()
	}
	if layer != ImplAuto {
		return layer
	}
	switch backendKind(g) {
	case "go":
		return ImplFast
	case "xla:cpu":
		if fastOnXLACPU {
			return ImplFast
		}
	}
	return ImplNative
}

// backendKind returns "go" for the pure-Go backend, "xla:<plugin>" (e.g.
// "xla:cpu", "xla:cuda") for XLA, and the backend's name otherwise.
func backendKind(g *graph.Graph) string {
	b := g.Backend()
	if b == nil {
		return ""
	}
	name := b.String()
	if p, ok := b.(interface{ PluginName() string }); ok && name == "xla" {
		return name + ":" + p.PluginName()
	}
	return name
}
