#!/usr/bin/env bash
# Architecture search at hs_resnet50 scale, 224x224, batch 1, on this machine (a benchmark, not a
# test; docs/search.md). One latency table (DJL, then ONNX Runtime) serves every run:
#   fastest     the fastest spec with params <= resnet50d's
#   budget      the most MACs within resnet50d's params and its latency measured here
#   proxy       the most accurate proxy (short CIFAR-10 JPEG trainings) under resnet50d's latency
#   onnx        the fastest spec with params <= resnet50d's on ONNX Runtime
#   noise       resnet50d timed end to end three times in a row: the machine's own spread
# Each run re-measures its top candidates end to end (predicted vs measured latency). The proxy
# trials resume when the script is run again. Results go to target/search-bench/<run>/; the
# summary lines to target/search-bench/results.txt. Run it with the cores to itself.
#   bench/search.sh                          # all runs
#   RUNS="fastest budget" bench/search.sh    # some
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/target/search-bench"
archive="${CIFAR10_JPG:-$root/../shared/data/cifar10-jpg.tar.gz}"
runs="${RUNS:-noise fastest budget onnx proxy}"
space=(--base hs_resnet50 --s 2,3,4,5,6,7,8 --w 16,24,32 --runs "${TIMED:-20}" --top "${TOP:-5}")
mkdir -p "$work"
if [[ " $runs " == *" proxy "* && ! -d "$work/cifar10-jpg/train" ]]; then
  mkdir -p "$work/cifar10-jpg.partial"
  tar -xzf "$archive" -C "$work/cifar10-jpg.partial"
  mv "$work/cifar10-jpg.partial" "$work/cifar10-jpg"
fi

search() {
  local name="$1"; shift
  echo "== $name: hsresnet search ${space[*]} $*" | tee -a "$work/results.txt"
  set +e
  "$root/bin/hsresnet" search "${space[@]}" --out "$work/$name" "$@" 2>&1 \
    | tee "$work/$name.log" | grep -v '^  ' | tee -a "$work/results.txt"
  set -e
}
for run in $runs; do
  case "$run" in
    fastest) search fastest --table "$work/latency-djl-b1.json" --max-params resnet50d \
      --goal fastest ;;
    budget) search budget --table "$work/latency-djl-b1.json" --max-params resnet50d \
      --max-latency resnet50d --goal most-macs ;;
    proxy) search proxy --table "$work/latency-djl-b1.json" --max-latency resnet50d \
      --goal best-proxy --proxy-data "$work/cifar10-jpg" --proxy-kind cifar10-jpg \
      --proxy-trials "${TRIALS:-5}" --proxy-epochs "${EPOCHS:-2}" \
      --proxy-per-class "${PER_CLASS:-200}" ;;
    onnx) search onnx --engine onnx --table "$work/latency-onnx-b1.json" \
      --max-params resnet50d --goal fastest ;;
    noise) echo "== noise: hsresnet bench-step resnet50d x3 --inference --batch 1" \
        | tee -a "$work/results.txt"
      "$root/bin/hsresnet" bench-step resnet50d resnet50d resnet50d --inference --batch 1 \
        --steps 40 --warmup 30 --classes 1000 | tee -a "$work/results.txt" ;;
    *) echo "unknown run '$run'" >&2; exit 2 ;;
  esac
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)" \
  | tee -a "$work/results.txt"
