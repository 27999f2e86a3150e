#!/usr/bin/env bash
# FCOS detector speed on DJL and ONNX Runtime against the PyTorch reference (a benchmark, not a
# test): inference forward and training step (forward, FCOS loss on fixed targets, backward) of
# the same network at the same input size, 2 threads each, one after the other. Needs the 2 cores
# to itself.
#   bench/det-step.sh                                   # fcos_hs_resnet26_lite and its twin at 384x512, batch 2
#   MODELS="fcos_hs_resnet26_nano" BATCH=4 HEIGHT=384 WIDTH=384 bench/det-step.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="${MODELS:-fcos_hs_resnet26_lite fcos_resnet26_lite}"
batch="${BATCH:-2}"; height="${HEIGHT:-384}"; width="${WIDTH:-512}"
warmup="${WARMUP:-3}"; repeats="${REPEATS:-10}"
"$root/bin/hsresnet" --version >/dev/null   # builds the jar when needed
# shellcheck source=bin/engine-env.sh
source "$root/bin/engine-env.sh"
mkdir -p "$root/target/bench"
for m in $models; do
  case_file="$root/target/bench/det-step-$m.json"
  java "${engine_java_opts[@]}" -cp "$root/hsresnet-cli/target/hsresnet-cli.jar" \
    dev.hsresnet.bench.det.DetStepBench "$m" "$batch" "$height" "$width" "$warmup" "$repeats" \
    "$case_file" 2> >(engine_stderr_filter >&2)
  (cd "$root/tools/reference" && /usr/bin/python3 bench_det_step.py "$case_file" "$m" "$batch" \
    "$height" "$width" "$warmup" "$repeats" --threads "$(nproc)")
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F); commit $(git -C "$root" rev-parse --short HEAD)"
