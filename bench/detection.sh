#!/usr/bin/env bash
# Object detection (FCOS) from scratch (a benchmark, not a test): each model trains with
# bench/<set>-recipe.json (same recipe and epochs for the HS model and its plain twin), then the
# best validation model (val AP) is scored on the fixed test split with COCO's box metrics. A run
# that was killed resumes where it stopped when started again.
#   bench/detection.sh                                  # raccoon: fcos_hs_resnet26_lite, then its twin
#   SET=pennfudan bench/detection.sh
#   SET=pennfudan-instance MODELS="yolact_hs_resnet26_lite yolact_resnet26_lite" bench/detection.sh
#                                                       # instance segmentation: bench/instance.sh
#   MODELS="fcos_resnet26_lite" EPOCHS=20 RUN_TAG=a bench/detection.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
set_name="${SET:-raccoon}"
models="${MODELS:-fcos_hs_resnet26_lite fcos_resnet26_lite}"
tag="${RUN_TAG:-main}"
work="$root/target/bench"
case "$set_name" in
  raccoon) archive="${ARCHIVE:-$root/../shared/data/raccoon.tar.gz}"; data="$work/raccoon"; folder=raccoon ;;
  pennfudan|pennfudan-instance) archive="${ARCHIVE:-$root/../shared/data/pennfudan.tar.gz}"; data="$work/pennfudan"; folder=PennFudanPed ;;
  *) echo "SET must be raccoon, pennfudan or pennfudan-instance, got $set_name" >&2; exit 2 ;;
esac
overrides=(-o "data.root=$data/$folder")
if [[ -n "${EPOCHS:-}" ]]; then overrides+=(-o "epochs=$EPOCHS"); fi
if [[ ! -d "$data/$folder" ]]; then
  mkdir -p "$data"
  echo "extracting $archive to $data" >&2
  tar -xzf "$archive" -C "$data"
fi
for m in $models; do
  out="$work/runs/$set_name-$tag-$m"
  log="$work/$set_name-$tag-$m.log"
  if [[ -f "$out/recipe.json" ]]; then
    "$root/bin/hsresnet" train --resume "$out" >> "$log" 2>&1
  else
    "$root/bin/hsresnet" train --recipe "$root/bench/$set_name-recipe.json" -o "model.name=$m" \
      "${overrides[@]}" --out "$out" > "$log" 2>&1
  fi
  tail -1 "$log"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
