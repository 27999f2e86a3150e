#!/usr/bin/env bash
# Memory soak of the prediction path (a benchmark, not a test): 10,000 single-image predictions
# (JPEG decode, preprocessing, forward, top-5) per backend after a warm-up, printing latency and
# the resident memory after the warm-up and at the end. The Java heap is fixed and pre-touched
# (-Xms = -Xmx, AlwaysPreTouch) so that its resizing does not mask or fake native growth.
#   bench/predict-soak.sh                          # hs_resnet29_cifar, djl and onnx
#   MODEL=runs/a/best COUNT=20000 BACKENDS=onnx bench/predict-soak.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${COUNT:-10000}"
warmup="${WARMUP:-1000}"
backends="${BACKENDS:-djl onnx}"
heap="${HEAP:-1g}"
model_args=()
if [[ -n "${MODEL:-}" ]]; then model_args=(--model "$MODEL"); fi
for b in $backends; do
  JAVA_OPTS="-Xms$heap -Xmx$heap -XX:+AlwaysPreTouch ${JAVA_OPTS:-}" \
    "$root/bin/hsresnet" bench-predict "${model_args[@]}" --count "$count" --warmup "$warmup" \
    --backend "$b"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
