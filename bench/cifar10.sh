#!/usr/bin/env bash
# CIFAR-10 benchmark (a benchmark, not a test): each model trains on the JPEG copy of CIFAR-10
# within the same wall-clock budget with the same recipe, then reports test accuracy.
#   bench/cifar10.sh                       # hs_resnet29_cifar and its plain twin, 60 min each
#   MINUTES=10 MODELS="resnet29_cifar" bench/cifar10.sh
#   EPOCHS=16 MODELS="resnet29_cifar" bench/cifar10.sh   # a fixed epoch count instead of the budget
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${MINUTES:-60}"
models="${MODELS:-hs_resnet29_cifar resnet29_cifar}"
epochs=()
if [[ -n "${EPOCHS:-}" ]]; then epochs=(--epochs "$EPOCHS"); fi
archive="${CIFAR10_JPG:-$root/../shared/data/cifar10-jpg.tar.gz}"
work="$root/target/bench"
data="$work/cifar10-jpg"

if [[ ! -d "$data/train" ]]; then
  mkdir -p "$data"
  echo "extracting $archive to $data" >&2
  tar -xzf "$archive" -C "$data"
fi

stamp="$(date -u +%Y%m%d-%H%M%S)"
echo "| model | epochs | final top-1 | best top-1 | train img/s | wall time |"
echo "|---|---:|---:|---:|---:|---:|"
for m in $models; do
  out="$work/runs/$stamp-$m"
  "$root/bin/hsresnet" bench-train --model "$m" --data "$data" --minutes "$minutes" "${epochs[@]}" \
    --out "$out" \
    > "$work/$stamp-$m.log" 2>&1
  tail -1 "$work/$stamp-$m.log"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
