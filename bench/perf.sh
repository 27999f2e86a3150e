#!/usr/bin/env bash
# The performance harness of the performance issue (a benchmark, not a test): `hsresnet bench`
# with its defaults: the FP32 peak, then hs_resnet50 and resnet50d (inference batch 1 and 8 on
# DJL, ONNX Runtime and PyTorch; training steps batch 8 and 32 on DJL and PyTorch) and
# hs_resnet29_cifar and resnet29_cifar (inference 1 and 128, training 128), every engine with
# nproc threads and the launcher's GLIBC_TUNABLES. About 16 minutes on 2 cores.
# Writes target/bench/perf-<UTC time>.csv and .md, and compares with COMPARE=FILE, else the newest
# earlier target/bench/perf-*.csv, else the newest committed docs/bench/perf-*.csv. Arguments go
# to `hsresnet bench`:
#   bench/perf.sh                     # the full run
#   bench/perf.sh --quick             # 3 repeats, no batch-32 training step (about 5-8 minutes)
#   COMPARE=old.csv bench/perf.sh --models hs_resnet29_cifar,resnet29_cifar
# Then bench/seg-step.sh: the segmentation networks fpn_hs_resnet26_lite and its twin at 360x480
# (DJL training step and inference, ONNX Runtime inference, the PyTorch reference); SEG=0 skips it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p target/bench
previous="${COMPARE:-$(ls -1t target/bench/perf-*.csv 2>/dev/null | head -n 1 || true)}"
if [[ -z "$previous" ]]; then
  previous="$(ls -1 docs/bench/perf-*.csv 2>/dev/null | sort | tail -n 1 || true)"
fi
out="target/bench/perf-$(date -u +%Y%m%dT%H%M%SZ).csv"
compare=()
if [[ -n "$previous" ]]; then compare=(--compare "$previous"); fi
# build offline first, so the launcher finds a fresh jar and does not call Maven itself
mvn -B -q -ntp -o -Dstyle.color=never -DskipTests -pl hsresnet-cli -am install >&2
"$root/bin/hsresnet" bench --csv "$out" "${compare[@]}" "$@" | tee "${out%.csv}.md"
if [[ "${SEG:-1}" != 0 ]]; then
  "$root/bench/seg-step.sh" | tee "${out%.csv}-seg.md"
fi
echo "command: bench/perf.sh $*; load average before the end: $(cut -d' ' -f1-3 /proc/loadavg)"
