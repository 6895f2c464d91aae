#!/usr/bin/env bash
# test.sh is the README's test command: set-up (docker/setup.sh), then the checks CI runs:
# gofmt, go vet and go test on every package on the Go backend (with its SIMD kernels), then the
# packages that run models a second time on XLA CPU, when setup.sh installed the PJRT plugin.
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

echo "test: go test ./... (Go backend)"
go test -timeout 25m ./...

echo "test: browser test (JupyterLab + headless chromium, notebooks/browser_test.mjs)"
(cd notebooks && node browser_test.mjs 00-setup-check.ipynb)

echo "test: browser test of the draw-a-digit page (headless chromium, lenet/serve/browser_test.mjs)"
node lenet/serve/browser_test.mjs

pjrt_dir=${GOCNN_PJRT_DIR:-$HOME/.cache/gocnn/pjrt}
xla_pkgs=${XLA_TEST_PKGS:-./vision/nn/... ./lenet/... ./alexnet/...}
if [ -f "$pjrt_dir/pjrt_c_api_cpu_plugin.so" ]; then
  echo "test: go test $xla_pkgs (XLA CPU, plugin in $pjrt_dir)"
  # shellcheck disable=SC2086
  PJRT_PLUGIN_LIBRARY_PATH="$pjrt_dir" GOMLX_BACKEND=xla:cpu go test -timeout 15m $xla_pkgs
else
  echo "test: XLA pass skipped: no PJRT plugin in $pjrt_dir (docker/setup.sh's xla step installs it)"
fi
