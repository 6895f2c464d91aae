#!/usr/bin/env bash
# test.sh is the README's test command: set-up (docker/setup.sh), then the checks CI runs:
# gofmt, go vet and go test on every package, with the Go backend's SIMD kernels enabled.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bash "$here/setup.sh"
cd "$root"
export GOTOOLCHAIN=local GOEXPERIMENT=simd GOCNN_REQUIRE_DATA=1
export PATH="${GOBIN:-$(go env GOPATH)/bin}:$PATH"
echo "test: gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
echo "test: go vet ./..."
go vet ./...
echo "test: go test ./..."
go test -timeout 25m ./... 2>&1 | tee /tmp/gocnn-test.log
exit "${PIPESTATUS[0]}"
