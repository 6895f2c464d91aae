#!/usr/bin/env bash
# gpu.sh: the GPU path in one go, for a machine with an NVIDIA GPU (CUDA 12 driver) and the internet.
# Within 10 minutes it
#   1. installs the CUDA PJRT plugin with go-xla's installer (docker/setup.sh, SETUP_XLA=cuda: the plugin and
#      NVIDIA's CUDA libraries from PyPI, into ~/.local/lib/go-xla, where every gocnn program then finds it),
#   2. times the training step of the bench's models on xla:cuda (and on xla:cpu, the Go backend and PyTorch
#      on the CPU, in the same run, for the ratios) into $OUT/bench.{json,md},
#   3. runs one full chapter: `go run ./lenet/cmd` (LeNet-5, chapter 2's recipe, 5 epochs, plots, t-SNE) on
#      xla:cuda, into $OUT/lenet5, with /usr/bin/time -v's figures in $OUT/lenet5.time,
#   4. writes $OUT/SUMMARY.md: GPU model, driver, CPU model, the step table and the run's accuracy and times.
#
#   bash bench/gpu.sh [OUT]        (default OUT: bench/results/gpu)
#
# Each stage has its own time limit (install 4 min, bench 3 min, chapter 3 min); a stage that runs out is
# reported in SUMMARY.md and the script goes on.
set -uo pipefail
export GOTOOLCHAIN=go1.27.3 GOEXPERIMENT=simd
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-bench/results/gpu}
mkdir -p "$out"
summary=$out/SUMMARY.md
say() { printf 'gpu.sh: %s\n' "$*" >&2; }
note() { printf '%s\n' "$*" >>"$summary.tmp"; }

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu.sh: no NVIDIA GPU here (nvidia-smi -L failed): this script is for a machine with one" >&2
  exit 1
fi
: >"$summary.tmp"
note "# gocnn on a GPU ($(date -u +%Y-%m-%dT%H:%MZ))"
note ""
note "- GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -n 1)"
note "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
note "- gocnn commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

say "1/3 CUDA PJRT plugin (go-xla's installer)"
if SETUP_STEPS="go data xla" SETUP_XLA=cuda SETUP_NOTEBOOKS=0 timeout 240 bash docker/setup.sh >"$out/setup.log" 2>&1; then
  note "- CUDA plugin: installed ($(ls ~/.local/lib/go-xla/ 2>/dev/null | tr '\n' ' '))"
else
  note "- CUDA plugin: set-up failed or ran out of time: see setup.log"
fi

say "2/3 bench: xla:cuda, xla:cpu, go, PyTorch (CPU)"
if timeout 180 go run ./bench/cmd -backends xla:cuda,xla:cpu,go -steps 30 -out "$out" >"$out/bench.log" 2>&1; then
  note ""; note "## Training step (bench/cmd)"; note ""; cat "$out/bench.md" >>"$summary.tmp"
else
  note "- bench: failed or ran out of time: see bench.log"
fi

say "3/3 chapter 2 in full on xla:cuda: go run ./lenet/cmd"
go build -o "$out/lenet" ./lenet/cmd
if GOMLX_BACKEND=xla:cuda timeout 180 /usr/bin/time -v -o "$out/lenet5.time" "$out/lenet" -out "$out/lenet5" -progress lines >"$out/lenet5.log" 2>&1; then
  note ""; note "## go run ./lenet/cmd on xla:cuda"; note ""
  note '```'
  grep -E '^backend:|^test +\||best val acc' "$out/lenet5.log" >>"$summary.tmp"
  grep -E 'Elapsed \(wall|Maximum resident' "$out/lenet5.time" >>"$summary.tmp"
  note '```'
else
  note "- lenet/cmd on xla:cuda: failed or ran out of time: see lenet5.log"
fi
rm -f "$out/lenet"
mv -f "$summary.tmp" "$summary"
say "done: $summary"
cat "$summary"
