#!/usr/bin/env bash
# CamVid semantic segmentation from scratch (a benchmark, not a test): each model trains with
# bench/camvid-recipe.json (same recipe and epochs for the HS model and its plain twin), then
# the best validation model is scored on the 233 test images (mIoU over 11 classes, one confusion
# matrix over the split). A run that was killed resumes where it stopped when started again.
#   bench/camvid.sh                                   # fpn_hs_resnet26_lite, then its twin
#   MODELS="fpn_resnet26_lite" EPOCHS=20 bench/camvid.sh
#   RUN_TAG=a bench/camvid.sh                         # run directories target/bench/runs/camvid-a-<model>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="${MODELS:-fpn_hs_resnet26_lite fpn_resnet26_lite}"
tag="${RUN_TAG:-main}"
archive="${CAMVID:-$root/../shared/data/camvid.tar.gz}"
work="$root/target/bench"
data="$work/camvid"
overrides=(-o "data.root=$data/camvid")
if [[ -n "${EPOCHS:-}" ]]; then overrides+=(-o "epochs=$EPOCHS"); fi

if [[ ! -d "$data/camvid/train" ]]; then
  mkdir -p "$data"
  echo "extracting $archive to $data" >&2
  tar -xzf "$archive" -C "$data"
fi

for m in $models; do
  out="$work/runs/camvid-$tag-$m"
  log="$work/camvid-$tag-$m.log"
  if [[ -f "$out/recipe.json" ]]; then
    "$root/bin/hsresnet" train --resume "$out" >> "$log" 2>&1
  else
    "$root/bin/hsresnet" train --recipe "$root/bench/camvid-recipe.json" -o "model.name=$m" \
      "${overrides[@]}" --out "$out" > "$log" 2>&1
  fi
  tail -1 "$log"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
