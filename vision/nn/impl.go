package nn

import (
	"fmt"
	"path/filepath"
	"regexp"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Impl selects how Conv2d and the pooling layers are expressed as graph ops.
type Impl int32

const (
	// ImplAuto picks the fastest correct formulation for the graph's backend:
	// ImplFast on the pure-Go backend ("go"); on XLA's CPU plugin ImplFast for
	// row-Toeplitz convolutions and non-overlapping pools and ImplNative for
	// the rest (see resolveImpl for the measurements, GoMLX v0.28.16);
	// ImplNative elsewhere (XLA on GPUs, where cuDNN runs the native ops).
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

// ParamImpl is the Store parameter (model.Scope.SetParam) holding the
// formulation, an Impl, of the layers whose own Impl is ImplAuto: set with
// SetImpl on a model's root scope for the whole model, or on a sub-scope for
// the layers under it. Unset, ImplAuto picks per backend.
const ParamImpl = "gocnn_nn_impl"

// SetImpl sets the formulation used by the layers built in scope and its
// sub-scopes whose own Impl is ImplAuto (the Store parameter ParamImpl). It
// is a value of the model's Store, not of the process: two models in one
// process can use different formulations. For a training run,
// train.Config.Impl sets it on the run's Store.
func SetImpl(scope *model.Scope, i Impl) { scope.SetParam(ParamImpl, i) }

// ImplOf returns the formulation set with SetImpl for scope (searching up to
// the root), or ImplAuto when none is set or scope is nil.
func ImplOf(scope *model.Scope) Impl {
	if scope == nil {
		return ImplAuto
	}
	return model.GetParamOr(scope, ParamImpl, ImplAuto)
}

// resolveImpl returns ImplNative or ImplFast for a layer's setting (else the
// scope's, see SetImpl) on the graph's backend. On the Go backend the reformulations always win; on XLA's
// CPU plugin only where the caller says they do (fastOnXLACPU: row-Toeplitz
// convolutions, non-overlapping pools), else XLA's native ops are used.
//
// Measured on GoMLX v0.28.16 / compute v0.1.14 (AMD EPYC, 2 cores shared with
// other work), training steps in alternation in one process, median over
// rounds of the CPU-time ratio to ImplAuto (BenchmarkFormulationsAB):
//
//	go       LeNet-5 (128): native 17×, no row-Toeplitz 1.15×
//	go       chapter 3's CNN, 3×3 (64): native 21×, generic im2col instead
//	         of conv2dUnitStride 1.40×
//	xla:cpu  LeNet-5: native 1.68×, all-fast 1.01×
//	xla:cpu  chapter 3's CNN: native 1.18× (the fast 2×2 max pools win),
//	         all-fast 2.2× (XLA's convolutions win)
//
// and per model in separate processes, ABAB over 3 rounds (go run ./bench/cmd
// -child -impl native|fast on xla:cpu), fast ÷ native step time: LeNet-1
// 0.34–0.55, LeNet-5 0.39–0.55, modern LeNet 0.77–1.22, chapter 3's CNN with
// 3×3 kernels 0.90–2.5 and 7×7 kernels 4.1–5.7, the scaled AlexNet 1.05–1.3.
// Dropped with v0.28.16 because they no longer won on "go": FastTanh
// (graph.Tanh 0.95× its CPU time on LeNet-5) and channels-first runs in
// Sequential.Forward (without them 0.90× on LeNet-5 and chapter 3's CNN).
func resolveImpl(layer Impl, scope *model.Scope, g *graph.Graph, fastOnXLACPU bool) Impl {
	if layer == ImplAuto {
		layer = ImplOf(scope)
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
		return name + ":" + pluginKind(p.PluginName())
	}
	return name
}

// pluginFile matches a PJRT plugin's file name (pjrt_c_api_cpu_plugin.so,
// pjrt_c_api_cpu_v0.114.0_plugin.so, pjrt-plugin-cuda.so) with its kind.
var pluginFile = regexp.MustCompile(`^pjrt(?:_c_api_|[-_]plugin[-_])([a-z]+)(?:_v[0-9][0-9.]*)?(?:_plugin)?\.(?:so|dylib|dll)$`)

// pluginKind is the kind ("cpu", "cuda") of a PJRT plugin given by name or by
// path: a backend configured as "xla:/path/to/pjrt_c_api_cpu_plugin.so" (what
// vision/backend picks after set-up) is the same CPU plugin as "xla:cpu" and
// must get the same layer formulations.
func pluginKind(plugin string) string {
	if m := pluginFile.FindStringSubmatch(filepath.Base(plugin)); m != nil {
		return m[1]
	}
	return plugin
}
