#!/usr/bin/env bash
# Spark batch inference against single-JVM prediction (a benchmark, not a test; docs/spark.md):
# one classifier over the same N CIFAR-10 JPEGs (resized to the model's 224 x 224), each
# configuration in a fresh JVM: the single-JVM Classifier path (libtorch on every core), then
# 'hsresnet spark' on local[1] and local[2] (one libtorch thread per task). Each configuration runs
# RUNS times: Spark's first run ships and loads the model on the executor, later runs reuse it.
# Prints one JSON line per run and appends them to target/spark-bench/results.jsonl. Run it with
# the cores to itself.
#   bench/spark.sh                              # hs_resnet50, 256 images, batch 8, 3 runs
#   MODEL=resnet50d IMAGES=128 RUNS=2 bench/spark.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model_name="${MODEL:-hs_resnet50}"
count="${IMAGES:-256}"
runs="${RUNS:-3}"
batch="${BATCH:-8}"
archive="${CIFAR:-$root/../shared/data/cifar10-test1000.tar.gz}"
work="$root/target/spark-bench"
model="$work/models/$model_name"
images="$work/images-$count"
mkdir -p "$work"

if [[ ! -d "$work/cifar/test" ]]; then
  mkdir -p "$work/cifar"
  tar -xzf "$archive" -C "$work/cifar"
fi
if [[ ! -d "$images" ]]; then
  mkdir -p "$images.partial"
  find "$work/cifar/test" -name '*.jpg' | sort | head -n "$count" \
    | while read -r f; do cp "$f" "$images.partial/$(basename "$(dirname "$f")")-$(basename "$f")"; done
  mv "$images.partial" "$images"
fi
if [[ ! -f "$model/model.json" ]]; then
  "$root/bin/hsresnet" init "$model_name" --out "$model" >&2
fi

run() { "$root/bin/hsresnet" spark bench --model "$model" --images "$images" --batch "$batch" \
  --runs "$runs" --work "$work/run" "$@" | tee -a "$work/results.jsonl"; }
run --mode single
run --mode spark --master 'local[1]'
run --mode spark --master 'local[2]'
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F); $model_name, $count images, batch $batch"
