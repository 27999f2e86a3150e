#!/usr/bin/env bash
# Instance segmentation (YOLACT on FCOS, docs/instance.md) from scratch on Penn-Fudan (a
# benchmark, not a test): bench/detection.sh with SET=pennfudan-instance, so each model trains
# with bench/pennfudan-instance-recipe.json (same recipe and epochs for the HS model and its plain
# twin), then the best validation model (val mask AP) is scored on the fixed test split with
# COCO's mask and box metrics (test-metrics.json: segm and bbox). A run that was killed resumes
# where it stopped when started again.
#   bench/instance.sh                                   # yolact_hs_resnet26_lite, then its twin
#   MODELS="yolact_resnet26_lite" EPOCHS=20 RUN_TAG=a bench/instance.sh
set -euo pipefail
export SET=pennfudan-instance
export MODELS="${MODELS:-yolact_hs_resnet26_lite yolact_resnet26_lite}"
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/detection.sh"
