// Package backend chooses the GoMLX compute backend for every gocnn command,
// test and notebook, without ever touching the network.
//
// The rule, in order:
//
//  1. GOMLX_BACKEND, when set, is used as given ("go", "go:parallelism=2",
//     "xla:cpu", "xla:cuda", an absolute plugin path ...).
//  2. Otherwise XLA, when a PJRT plugin file is already installed in one of the
//     places go-xla searches: $PJRT_PLUGIN_LIBRARY_PATH (colon separated) if set,
//     else ~/.local/lib/go-xla (and its nvidia/ folder), /usr/local/lib/go-xla
//     (and nvidia/), the LD_LIBRARY_PATH directories and those listed in
//     /etc/ld.so.conf. A CUDA plugin is preferred to the CPU one. GoMLX's
//     auto-installer, which downloads plugins from the internet, is never linked.
//  3. Otherwise the pure-Go backend ("go"), which is embedded in every binary.
//
// [New] returns the backend together with a [Choice] whose String method is the
// one line shown to the user, for example
//
//	backend: go (no PJRT plugin found; set GOMLX_BACKEND=xla:cpu after installing one)
//
// Build with GOEXPERIMENT=simd so that the Go backend uses its AVX kernels.
package backend
