#!/usr/bin/env bash
# The int8 accuracy figure of docs/benchmarks.md and docs/deploy.md (a benchmark, not a test):
# train hs_resnet29_cifar for EPOCHS (default 3) on the CIFAR-10 JPEG copy, export it as static
# int8 calibrated on 256 training images, and evaluate float32 and int8 on the 10,000 test images
# in one pass (`eval --onnx` prints the change). About 70 minutes on 2 quiet cores for 3 epochs.
#   bench/int8-accuracy.sh                 EPOCHS=3 MODEL=hs_resnet29_cifar by default
#   RUN=target/bench/int8-run bench/int8-accuracy.sh   reuses a finished run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
archive="${CIFAR10_JPG:-$root/../shared/data/cifar10-jpg.tar.gz}"
data="$root/target/bench/cifar10-jpg"
model="${MODEL:-hs_resnet29_cifar}"
run="${RUN:-$root/target/bench/int8-$model}"
if [[ ! -d "$data/train" ]]; then
  mkdir -p "$data"
  echo "extracting $archive to $data" >&2
  tar -xzf "$archive" -C "$data"
fi
if [[ ! -d "$run/best" ]]; then
  "$root/bin/hsresnet" train --model "$model" --kind cifar10-jpg --data "$data" \
    --epochs "${EPOCHS:-3}" --out "$run"
fi
"$root/bin/hsresnet" export --model "$run/best" --format onnx --quantize int8 \
  --calibration "$data/train" --calibration-images 256 --out "$run/model-int8.onnx"
"$root/bin/hsresnet" eval --model "$run/best" --kind cifar10-jpg --data "$data" \
  --onnx "$run/model-int8.onnx" | head -n 2
