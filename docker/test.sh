#!/usr/bin/env bash
# test.sh is the README's test command: set-up (docker/setup.sh), then the checks CI runs:
# gofmt, go vet, go test of every package on the Go backend (with its SIMD kernels) and again on
# XLA CPU (the plugin setup.sh installs), and the browser test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bash "$here/setup.sh"
cd "$root"
export GOTOOLCHAIN=go1.27.3 GOEXPERIMENT=simd GOCNN_REQUIRE_DATA=1
export PATH="${GOBIN:-$(go env GOPATH)/bin}:$PATH"
unset GOMLX_BACKEND PJRT_PLUGIN_LIBRARY_PATH

echo "test: gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './docker/tools/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
echo "test: go vet ./..."
go vet ./...

# Every package on both backends: the pure-Go one (what a plain `go get` of the library runs on) and
# XLA CPU (what set-up installs and every command then picks by itself). -count=1: go test's cache keys
# on the variables a test reads itself, not on those its child processes (notebooks, built binaries) read.
# The notebooks run once, in the browser test below (on the backend set-up gives them, with the same
# expectations.py checks as TestNotebooksQuick, which go test skips here: each pass would add ~10 minutes).
echo "test: go test ./... (Go backend, GOMLX_BACKEND=go; the notebooks in the browser test)"
GOMLX_BACKEND=go go test -count=1 -timeout 25m -skip '^TestNotebooksQuick$' ./...

echo "test: browser test, every notebook in quick mode (JupyterLab + headless chromium, notebooks/browser_test.mjs)"
(cd notebooks && node browser_test.mjs)

echo "test: browser test of the draw-a-digit page (headless chromium, lenet/serve/browser_test.mjs)"
node lenet/serve/browser_test.mjs

xla_plugin=$HOME/.local/lib/go-xla/pjrt_c_api_cpu_plugin.so
if [ -f "$xla_plugin" ]; then
  echo "test: go test ./... (XLA CPU, GOMLX_BACKEND=xla:cpu, plugin $xla_plugin)"
  GOMLX_BACKEND=xla:cpu go test -count=1 -timeout 25m -skip '^TestNotebooksQuick$' ./...
elif [ "${CI:-}" = true ]; then
  echo "test: no XLA CPU plugin at $xla_plugin after set-up: CI runs every test on both backends" >&2
  exit 1
else
  echo "test: XLA pass skipped: no PJRT plugin at $xla_plugin (docker/setup.sh's xla step installs it)"
fi

# The image, built and started for real (podman; about 6-8 minutes): on CI, or when asked.
if [ "${GOCNN_DOCKER_SMOKE:-}" = 1 ] || [ "${CI:-}" = true ]; then
  echo "test: Docker image smoke test (docker/smoke.sh)"
  bash "$here/smoke.sh"
else
  echo "test: Docker image smoke test skipped (GOCNN_DOCKER_SMOKE=1 or CI=true runs docker/smoke.sh)"
fi
