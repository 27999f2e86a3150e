#!/usr/bin/env bash
# YOLACT-on-FCOS instance segmenter speed on DJL and ONNX Runtime against the PyTorch reference (a
# benchmark, not a test), as bench/det-step.sh for detectors: inference forward (the five raw
# outputs), training step (forward, FCOS and mask losses on fixed targets, backward) and the Java
# mask decoding, of the same network at the same input size, 2 threads each, one after the other.
# Needs the 2 cores to itself. Penn-Fudan-like sizes: 384x512, batch 1 and 2.
#   bench/instance-step.sh                                   # yolact_hs_resnet26_lite and its twin
#   MODELS="yolact_hs_resnet26_nano" BATCHES="1" HEIGHT=384 WIDTH=384 bench/instance-step.sh
#   WARMUP=0 REPEATS=1 bench/instance-step.sh                 # a smoke run (no figures)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="${MODELS:-yolact_hs_resnet26_lite yolact_resnet26_lite}"
batches="${BATCHES:-1 2}"; height="${HEIGHT:-384}"; width="${WIDTH:-512}"
warmup="${WARMUP:-3}"; repeats="${REPEATS:-10}"
"$root/bin/hsresnet" --version >/dev/null   # builds the jar when needed
# shellcheck source=bin/engine-env.sh
source "$root/bin/engine-env.sh"
mkdir -p "$root/target/bench"
for m in $models; do
  for batch in $batches; do
    case_file="$root/target/bench/instance-step-$m-$batch.json"
    java "${engine_java_opts[@]}" -cp "$root/hsresnet-cli/target/hsresnet-cli.jar" \
      dev.hsresnet.bench.det.InstanceStepBench "$m" "$batch" "$height" "$width" "$warmup" \
      "$repeats" "$case_file" 2> >(engine_stderr_filter >&2)
    (cd "$root/tools/reference" && /usr/bin/python3 bench_yolact_step.py "$case_file" "$m" \
      "$batch" "$height" "$width" "$warmup" "$repeats" --threads "$(nproc)")
  done
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F); commit $(git -C "$root" rev-parse --short HEAD)"
