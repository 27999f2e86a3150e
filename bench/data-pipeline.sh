#!/usr/bin/env bash
# Throughput of the data pipeline alone (JPEG decode, pad-crop 32/4, flip, normalize, batches of
# 128, shuffled), for 1 and 2 decoding threads, on the JPEG copy of CIFAR-10's training set.
#   bench/data-pipeline.sh            WORKERS=1,2 BATCHES=200 by default
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
archive="${CIFAR10_JPG:-$root/../shared/data/cifar10-jpg.tar.gz}"
data="$root/target/bench/cifar10-jpg"
if [[ ! -d "$data/train" ]]; then
  mkdir -p "$data"
  echo "extracting $archive to $data" >&2
  tar -xzf "$archive" -C "$data"
fi
"$root/bin/hsresnet" --version >/dev/null   # builds the jar when needed
java -cp "$root/hsresnet-cli/target/hsresnet-cli.jar" dev.hsresnet.data.DataBench \
  "$data" "${WORKERS:-1,2}" "${BATCHES:-200}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
