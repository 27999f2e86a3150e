#!/usr/bin/env bash
# Segmentation network speed on DJL against the PyTorch reference (a benchmark, not a test):
# inference forward and training step (forward, cross-entropy, backward) of the same network at
# the same input size, 2 threads each, one after the other. Needs the 2 cores to itself.
#   bench/seg-step.sh                                   # fpn_hs_resnet26_lite and its twin at 360x480, batch 2
#   MODELS="fpn_hs_resnet26_nano" BATCH=4 HEIGHT=256 WIDTH=256 bench/seg-step.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="${MODELS:-fpn_hs_resnet26_lite fpn_resnet26_lite}"
batch="${BATCH:-2}"; height="${HEIGHT:-360}"; width="${WIDTH:-480}"
warmup="${WARMUP:-3}"; repeats="${REPEATS:-10}"
"$root/bin/hsresnet" --version >/dev/null   # builds the jar when needed
# shellcheck source=bin/engine-env.sh
source "$root/bin/engine-env.sh"
for m in $models; do
  java "${engine_java_opts[@]}" -cp "$root/hsresnet-cli/target/hsresnet-cli.jar" \
    dev.hsresnet.bench.seg.SegStepBench "$m" "$batch" "$height" "$width" "$warmup" "$repeats" \
    2> >(engine_stderr_filter >&2)
  (cd "$root/tools/reference" && /usr/bin/python3 bench_seg_step.py "$m" "$batch" "$height" \
    "$width" "$warmup" "$repeats" --threads "$(nproc)")
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F); commit $(git -C "$root" rev-parse --short HEAD)"
