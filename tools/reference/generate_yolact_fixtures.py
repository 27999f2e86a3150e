"""Writes the YOLACT-on-FCOS cross-check fixture (deterministic) with ``yolact_torch.py``.

* ``<out>/yolact_net/``: ``spec.json`` (an ``InstanceSpec``: a deep-stem HS backbone of stem 16,
  s=4 w=2 / plain / s=3 w=3 / plain, neck 8, P3-P7, 2 tower convs with GroupNorm of 2 groups, 2
  classes, 4 prototypes), ``weights.safetensors`` (the state dict, randomized as
  ``generate_fixtures.py`` does), ``complexity.json`` (parameters and MACs by forward hooks on
  every Conv2d at the fixture's input) and ``io.safetensors`` with, for an input of 2 x 3 x 64 x 96
  (P3-P7 8x12, 4x6, 2x3, 1x2, 1x1: 129 locations; prototypes 16x24):
  ``input``; per output ``cls|box|centerness|coefficients|prototypes``: ``<out>_eval``,
  ``<out>_train`` (batch statistics) and ``<out>_weights`` (N(0, 1)); ``grad.input`` and
  ``grad.<parameter>`` of ``sum_i sum(<out>_train * <out>_weights)``; ``grad_tolerance`` (10x the
  worst float32 PyTorch misses the float64 answer by, at least 1e-4); ``train_stats.<bn>.*``.
  The loss on fixed targets: ``strides`` (I32 L), ``level_sizes`` (I32 L x 2), ``box_counts`` (I32
  N), ``boxes`` (F32 G x 4, input pixels, image after image; one box reaches past the input),
  ``labels`` (I32 G; the last box of image 1 is 3 x 3 pixels, its area clamped to one stride-4
  pixel), ``masks`` (F32 G x 16 x 24, soft ellipses in [0, 1], stride 4),
  ``loss.max_masks`` (I32, chosen so that image 0 has more positives and image 1 fewer),
  ``loss.mask_weight`` (F32); expected ``targets.labels`` and ``targets.matched`` (I32 N x P,
  -1 background), ``targets.selected`` (I32, the trained locations, image after image, with
  ``targets.selected_counts`` I32 N); ``loss.total|classification|box_regression|centerness|mask``
  (F32) on the ``*_train`` outputs (as float32 values), ``loss_grad.<out>`` (the gradient of the
  total with respect to each of them); and through the network, on a fresh copy of the weights in
  training mode, ``net_loss.total``, ``net_loss_grad.input`` and ``net_loss_grad.<parameter>``
  with their own ``net_loss_grad_tolerance`` (the same rule).

Forwards run in float64 on the float32 weights and input, results rounded to float32. The output
is byte-identical on every run (torch 1.13, numpy 1.24, 1 thread).

Usage: /usr/bin/python3 tools/reference/generate_yolact_fixtures.py [--out DIR]
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

import fcos_loss_torch as fcos
import yolact_loss_torch as yl
from generate_fixtures import (GRAD_TOLERANCE_FACTOR, GRAD_TOLERANCE_FLOOR, METADATA,
                               as_float32, detection_cost, float32_state, randomize,
                               seg_backbone, stage)
from safetensors_io import save_file
from det_torch import OUT_INDICES, strides
from yolact_torch import YolactNet

DEFAULT_OUT = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "hsresnet-vision", "src", "test", "resources", "fixtures"))
OUTPUTS = ("cls", "box", "centerness", "coefficients", "prototypes")
SEED = 801
SHAPE = (2, 3, 64, 96)
SPEC = {"backbone": seg_backbone("deep", "d", [stage(1, 4, 4, 2), stage(1, 4),
                                               stage(1, 4, 3, 3), stage(1, 4)], stem_width=16),
        "neckChannels": 8, "numClasses": 2, "levels": 5, "towerConvs": 2, "groups": 2,
        "prototypes": 4}
BOXES = [
    np.array([[4, 6, 40, 38],          # P3
              [30, 12, 88, 58],        # P3, overlapping box 0
              [-20, -10, 110, 72],     # past the input on every side: P4, area clipped
              [50, 30, 60, 44]],       # small: one positive
             dtype=np.float32),
    np.array([[10, 20, 50, 60],
              [73.5, 9.5, 76.5, 12.5]],  # 3 x 3 pixels: area under one stride-4 pixel, clamped
             dtype=np.float32),
]
LABELS = [np.array([0, 1, 1, 0], dtype=np.int32), np.array([1, 0], dtype=np.int32)]
MAX_MASKS = 12
MASK_WEIGHT = 1.5


def module64(state):
    module = YolactNet(SPEC).double()
    module.load_state_dict({k: torch.from_numpy(v).double() for k, v in state.items()},
                           strict=True)
    return module


def pyramid_sizes(state, x):
    """{height, width} of every FPN level for the input."""
    module = module64(state).eval()
    with torch.no_grad():
        features = module.backbone.features(torch.from_numpy(x).double())
        levels = module.neck([features[i] for i in OUT_INDICES])
    return [list(level.shape[2:]) for level in levels]


def soft_masks(boxes, h4, w4):
    """(G, h4, w4): a soft ellipse inscribed in each box, 1 inside, 0 outside, a ramp between."""
    cy = (np.arange(h4, dtype=np.float64) + 0.5) * yl.STRIDE
    cx = (np.arange(w4, dtype=np.float64) + 0.5) * yl.STRIDE
    out = []
    for x1, y1, x2, y2 in boxes.astype(np.float64):
        rx, ry = (x2 - x1) / 2, (y2 - y1) / 2
        r = np.sqrt(((cx[None, :] - (x1 + rx)) / rx) ** 2 + ((cy[:, None] - (y1 + ry)) / ry) ** 2)
        out.append(np.clip((1 - r) * 3 + 0.5, 0, 1))
    return np.stack(out).astype(np.float32)


def objective(outputs, weights):
    return sum((y * torch.from_numpy(w).to(y.dtype)).sum() for y, w in zip(outputs, weights))


def relative_errors(grads, expected):
    return {name: float(np.abs(g.numpy() - expected[name]).max()
                        / max(float(np.abs(expected[name]).max()), 1e-12))
            for name, g in grads.items()}


def network_part(state, x, rng):
    results = {"input": x}
    x64 = torch.from_numpy(x).double()
    with torch.no_grad():
        for key, y in zip(OUTPUTS, module64(state).eval()(x64)):
            results[f"{key}_eval"] = as_float32(y)
    module = module64(state).train()
    x64.requires_grad_(True)
    outputs = module(x64)
    weights = []
    for key, y in zip(OUTPUTS, outputs):
        results[f"{key}_train"] = as_float32(y)
        weights.append(rng.standard_normal(tuple(y.shape)).astype(np.float32))
        results[f"{key}_weights"] = weights[-1]
    objective(outputs, weights).backward()
    expected = {"input": as_float32(x64.grad)}
    expected.update({name: as_float32(p.grad) for name, p in module.named_parameters()})
    for name, g in expected.items():
        results[f"grad.{name}"] = g
    for name, sub in module.named_modules():
        if isinstance(sub, torch.nn.BatchNorm2d):
            results[f"train_stats.{name}.running_mean"] = as_float32(sub.running_mean)
            results[f"train_stats.{name}.running_var"] = as_float32(sub.running_var)
    # float32 PyTorch's own error on the same gradients
    m32 = YolactNet(SPEC).float()
    m32.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()}, strict=True)
    m32.train()
    x32 = torch.from_numpy(x).requires_grad_(True)
    objective(m32(x32), weights).backward()
    grads = {"input": x32.grad}
    grads.update({name: p.grad for name, p in m32.named_parameters()})
    worst = max(relative_errors(grads, expected).values())
    results["grad_tolerance"] = np.array(max(GRAD_TOLERANCE_FLOOR, GRAD_TOLERANCE_FACTOR * worst),
                                         dtype=np.float32)
    return results


def targets(level_sizes, h4, w4):
    pts = fcos.points(strides(SPEC), level_sizes)
    per_image = [fcos.assign(pts, torch.from_numpy(b), torch.from_numpy(l).long(),
                             with_matched=True) for b, l in zip(BOXES, LABELS)]
    masks = [torch.from_numpy(soft_masks(b, h4, w4)) for b in BOXES]
    return pts, per_image, masks


def total_loss(outputs, pts, per_image, masks):
    cls, box, ctr, coeff, protos = outputs
    labels = torch.stack([t[0] for t in per_image])
    ltrb = torch.stack([t[1] for t in per_image])
    ctr_t = torch.stack([t[2] for t in per_image])
    det = fcos.fcos_loss(cls, box, ctr, pts[0], labels, ltrb, ctr_t)
    mask = yl.mask_loss(coeff, protos, [t[0] for t in per_image], [t[3] for t in per_image],
                        [torch.from_numpy(b) for b in BOXES], masks, MAX_MASKS, MASK_WEIGHT)
    return (det[0] + mask,) + tuple(det[1:]) + (mask,)


def loss_part(state, results, level_sizes):
    h4, w4 = results["prototypes_train"].shape[2:]
    pts, per_image, masks = targets(level_sizes, h4, w4)
    selected = [yl.select(t[0], MAX_MASKS) for t in per_image]
    counts = [int(t[0].ge(0).sum()) for t in per_image]
    assert counts[0] > MAX_MASKS >= counts[1], f"positives per image {counts}"
    trained = [set(int(per_image[i][3][p]) for p in selected[i]) for i in range(2)]
    assert trained == [{0, 1, 2}, {0, 1}], f"boxes trained {trained}"
    assert set(int(pts[4][p]) for p in selected[0]) == {0, 1}, "the selection spans two levels"
    out = {
        "strides": np.array(strides(SPEC), dtype=np.int32),
        "level_sizes": np.array(level_sizes, dtype=np.int32),
        "box_counts": np.array([len(b) for b in BOXES], dtype=np.int32),
        "boxes": np.concatenate(BOXES),
        "labels": np.concatenate(LABELS),
        "masks": torch.cat(masks).numpy(),
        "loss.max_masks": np.array([MAX_MASKS], dtype=np.int32),
        "loss.mask_weight": np.array([MASK_WEIGHT], dtype=np.float32),
        "targets.labels": torch.stack([t[0] for t in per_image]).numpy().astype(np.int32),
        "targets.matched": torch.stack([t[3] for t in per_image]).numpy().astype(np.int32),
        "targets.selected": torch.cat(selected).numpy().astype(np.int32),
        "targets.selected_counts": np.array([len(s) for s in selected], dtype=np.int32),
    }
    # the loss alone, on the training outputs as float32 values
    leaves = [torch.from_numpy(results[f"{k}_train"]).double().requires_grad_(True)
              for k in OUTPUTS]
    parts = total_loss(leaves, pts, per_image, masks)
    parts[0].backward()
    for name, value in zip(("total", "classification", "box_regression", "centerness", "mask"),
                           parts):
        out[f"loss.{name}"] = np.array([value.item()], dtype=np.float32)
    for key, leaf in zip(OUTPUTS, leaves):
        out[f"loss_grad.{key}"] = as_float32(leaf.grad)
    # through the network, in training mode on fresh weights
    module = module64(state).train()
    x64 = torch.from_numpy(results["input"]).double().requires_grad_(True)
    net_total = total_loss(module(x64), pts, per_image, masks)[0]
    net_total.backward()
    expected = {"input": as_float32(x64.grad)}
    expected.update({name: as_float32(p.grad) for name, p in module.named_parameters()})
    out["net_loss.total"] = np.array([net_total.item()], dtype=np.float32)
    for name, g in expected.items():
        out[f"net_loss_grad.{name}"] = g
    m32 = YolactNet(SPEC).float()
    m32.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()}, strict=True)
    m32.train()
    x32 = torch.from_numpy(results["input"]).requires_grad_(True)
    total_loss(m32(x32), pts, per_image, [m.float() for m in masks])[0].backward()
    grads = {"input": x32.grad}
    grads.update({name: p.grad for name, p in m32.named_parameters()})
    worst = max(relative_errors(grads, expected).values())
    out["net_loss_grad_tolerance"] = np.array(
        max(GRAD_TOLERANCE_FLOOR, GRAD_TOLERANCE_FACTOR * worst), dtype=np.float32)
    return out, counts, [len(s) for s in selected]


def write_readme(folder):
    text = __doc__.split("\n* ")[1].split("\n\nUsage")[0]
    body = " ".join(line.strip() for line in text.splitlines())
    with open(os.path.join(folder, "README.md"), "w", encoding="utf-8") as handle:
        handle.write(f"# {os.path.basename(folder)}\n\nGenerated by `/usr/bin/python3 "
                     f"tools/reference/generate_yolact_fixtures.py` with "
                     f"`tools/reference/yolact_torch.py` and `yolact_loss_torch.py`.\n\n{body}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rng = np.random.default_rng(SEED)
    module = YolactNet(SPEC)
    with torch.no_grad():
        randomize(module, rng)
    state = float32_state(module)
    x = rng.standard_normal(SHAPE).astype(np.float32)
    results = network_part(state, x, rng)
    level_sizes = pyramid_sizes(state, x)
    loss, counts, trained = loss_part(state, results, level_sizes)
    results.update(loss)
    folder = os.path.join(args.out, "yolact_net")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "spec.json"), "w", encoding="utf-8") as handle:
        json.dump(SPEC, handle, indent=2)
        handle.write("\n")
    save_file(state, os.path.join(folder, "weights.safetensors"), METADATA)
    params, macs = detection_cost(module, SHAPE)
    with open(os.path.join(folder, "complexity.json"), "w", encoding="utf-8") as handle:
        json.dump({"height": SHAPE[2], "width": SHAPE[3], "params": params, "macs": macs},
                  handle, indent=2)
        handle.write("\n")
    save_file(results, os.path.join(folder, "io.safetensors"), METADATA)
    write_readme(folder)
    print(f"yolact_net: levels {level_sizes}, prototypes "
          f"{list(results['prototypes_eval'].shape)}, positives {counts}, trained {trained}, "
          f"loss {float(results['loss.total'][0]):.6f} (mask {float(results['loss.mask'][0]):.6f})"
          f", grad tolerance {float(results['grad_tolerance']):.2e}, loss grad tolerance "
          f"{float(results['net_loss_grad_tolerance']):.2e}, {params} params, {macs} MACs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
