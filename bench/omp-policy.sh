#!/usr/bin/env bash
# libgomp's wait policy and libtorch's thread count, quiet and with other processes on the CPU
# (docs/engine.md, "OpenMP wait policy"). For each policy (HSRESNET_OMP_WAIT: default = libgomp's
# own, passive, active), each intra-op thread count (cores and cores-1) and each competing load
# (0 and LOAD busy-loop processes), it times
#   predict: `hsresnet predict` of IMAGES CIFAR-10 test images (32x32 JPEGs from
#            /work/shared/data/cifar10-test1000.tar.gz, or CIFAR_TAR) with a fresh hs_resnet29_cifar,
#            batch BATCH, wall seconds of the whole command (JVM start and model load included;
#            the "1 image" column is the same command on one image, to subtract);
#   train:   `hsresnet bench-step hs_resnet29_cifar --batch TRAIN_BATCH`, median ms per step.
# and prints one table. Run it on an otherwise idle machine: the busy loops are the only load it
# means to measure.
#   bench/omp-policy.sh                    IMAGES=1000 BATCH=8 TRAIN_BATCH=32 STEPS=20 WARMUP=3 LOAD=1
#   POLICIES="default passive" THREADS="2" LOADS="0 1" bench/omp-policy.sh   (a subset)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/target/bench/omp-policy"
images="${IMAGES:-1000}"
batch="${BATCH:-8}"
train_batch="${TRAIN_BATCH:-32}"
steps="${STEPS:-20}"
warmup="${WARMUP:-3}"
load="${LOAD:-1}"
cores="$(nproc)"
policies="${POLICIES:-default passive active}"
threads="${THREADS:-$cores $(( cores > 1 ? cores - 1 : 1 ))}"
loads="${LOADS:-0 $load}"
tarball="${CIFAR_TAR:-/work/shared/data/cifar10-test1000.tar.gz}"
unset OMP_WAIT_POLICY GOMP_SPINCOUNT KMP_BLOCKTIME   # the runs below choose them

mkdir -p "$work"
"$root/bin/hsresnet" --version > /dev/null   # builds the jar when needed
"$root/bin/hsresnet" init hs_resnet29_cifar --out "$work/model" --force > /dev/null
if [[ ! -d "$work/cifar/test" ]]; then
  mkdir -p "$work/cifar" && tar xzf "$tarball" -C "$work/cifar"
fi
mapfile -t all < <(find "$work/cifar/test" -name '*.jpg' | sort)
(( ${#all[@]} >= images )) || { echo "only ${#all[@]} images in $tarball" >&2; exit 1; }
files=("${all[@]:0:$images}")
runtime="$(ls "${DJL_CACHE_DIR:-$root/.cache/djl}"/pytorch/*/ 2> /dev/null | grep -o -m1 -E 'lib(gomp|iomp5|omp)' || echo unknown)"

busy=()
stop_load() { local pid; for pid in "${busy[@]}"; do kill "$pid" 2> /dev/null || true; done; busy=(); }
trap stop_load EXIT
start_load() {
  local i
  for (( i = 0; i < $1; i++ )); do
    timeout 3600 sh -c 'while :; do :; done' &
    busy+=("$!")
  done
}

seconds() { local t0 t1; t0="$(date +%s.%N)"; "$@" > /dev/null; t1="$(date +%s.%N)"; echo "$t1 - $t0" | bc; }
predict() { seconds "$root/bin/hsresnet" predict --model "$work/model" --batch "$batch" --format csv "$@"; }
train_ms() {
  "$root/bin/hsresnet" bench-step hs_resnet29_cifar --batch "$train_batch" --steps "$steps" \
      --warmup "$warmup" | awk -F '  +' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median ms") col = i }
        $1 == "hs_resnet29_cifar" { print $col }'
}

echo "OpenMP runtime in libtorch: $runtime; $cores cores; $images images (batch $batch), train batch $train_batch x $steps steps after $warmup"
printf '| %-8s | %-7s | %-4s | %-12s | %-10s | %-13s |\n' policy threads load "predict s" "1 image s" "train ms/step"
printf '|%s|\n' "----------|---------|------|--------------|------------|---------------"
for l in $loads; do
  stop_load
  start_load "$l"
  for t in $threads; do
    for p in $policies; do
      export HSRESNET_OMP_WAIT="$p" HSRESNET_THREADS="$t"
      many="$(predict "${files[@]}")"
      one="$(predict "${files[0]}")"
      ms="$(train_ms)"
      printf '| %-8s | %-7s | %-4s | %12.2f | %10.2f | %13s |\n' "$p" "$t" "$l" "$many" "$one" "$ms"
    done
  done
done
