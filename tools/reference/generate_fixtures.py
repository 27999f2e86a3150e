"""Generates the PyTorch cross-check fixtures for the Java implementation (deterministic).

For every configuration in :data:`FIXTURES`, writes ``<out>/<name>/``:

* ``spec.json``: the ResNet spec or the HS-block spec;
* ``weights.safetensors``: the state dict (no num_batches_tracked), F32, randomized so that
  eval-mode outputs are O(1) and non-trivial;
* ``complexity.json`` (segmentation and detection networks): the hook count of parameters and
  MACs;
* ``io.safetensors``: ``input``, ``output_eval``, ``features_eval.{k}`` (ResNets only),
  ``output_train`` (batch statistics) and ``train_stats.<bn>.running_mean|running_var`` after that
  single training forward, ``loss_weights``, the gradients ``grad.input`` and
  ``grad.<parameter>`` of ``sum(output_train * loss_weights)``, and the relative error a float32
  implementation is allowed on them, ``grad_tolerance`` (10x the worst float32 PyTorch itself
  misses by on this fixture, at least 1e-4); with an auxiliary head also ``aux_output_train``,
  ``aux_loss_weights`` (the gradients then include ``sum(aux_output_train * aux_loss_weights)``)
  and ``aux_loss.*`` (the main + 0.4 aux cross-entropy on the training outputs). Detection
  networks have three outputs instead of one: ``{cls,box,centerness}_eval``,
  ``{cls,box,centerness}_train`` and ``{cls,box,centerness}_weights`` (see :data:`DET_NOTES`).

Weights and inputs are drawn in float32 from fixed seeds; the forwards run in float64 on those
float32 values and the results are rounded to float32, so the fixtures hold the exact answer to
float32 precision. Also writes ``<out>/README.md`` describing every fixture.

Usage: /usr/bin/python3 tools/reference/generate_fixtures.py [--out DIR]
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from det_torch import DetectionNet, Scale, is_detection_spec
from hsresnet_torch import ResNet, build_module, is_block_spec
from safetensors_io import save_file
from seg_torch import SegmentationNet, is_segmentation_spec

DEFAULT_OUT = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "hsresnet-core", "src", "test", "resources", "fixtures"))
DEFAULT_VISION_OUT = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "hsresnet-vision", "src", "test", "resources", "fixtures"))
COMMAND = "/usr/bin/python3 tools/reference/generate_fixtures.py"
BATCH = 2
GRAD_TOLERANCE_FLOOR = 1e-4
GRAD_TOLERANCE_FACTOR = 10.0
METADATA = {"format": "pt"}


def hs_block(s, w, stride):
    """HS-block spec dict."""
    return {"block": "hs", "s": s, "w": w, "stride": stride, "channels": s * w}


def stage(depth, planes, s=None, w=None):
    """Stage spec dict; without s and w the stage is the plain 3x3 baseline."""
    return {"depth": depth, "planes": planes, "hs": {"s": s, "w": w} if s else None}


def network(stem, shortcut, stages, num_classes=10, in_channels=3, zero_init_last_bn=False,
            output_stride=None, stem_width=None):
    """ResNet spec dict (expansion 4); ``outputStride`` and ``stemWidth`` only when given."""
    spec = {"stem": stem, "shortcut": shortcut, "stages": stages, "expansion": 4,
            "numClasses": num_classes, "inChannels": in_channels,
            "zeroInitLastBn": zero_init_last_bn}
    if output_stride is not None:
        spec["outputStride"] = output_stride
    if stem_width is not None:
        spec["stemWidth"] = stem_width
    return spec


def block_fixture(s, w, stride, size, seed):
    """Fixture entry for a lone HS block."""
    form = "hierarchical" if stride == 1 else "stage form (avg-pool + strided convs)"
    return {"name": f"hs_s{s}_w{w}_stride{stride}", "spec": hs_block(s, w, stride),
            "size": size, "seed": seed,
            "about": f"HS block alone, s={s}, w={w}, stride {stride}, {form}"}


FIXTURES = [
    block_fixture(2, 5, 1, 8, 101),
    block_fixture(3, 3, 1, 8, 102),
    block_fixture(4, 7, 1, 8, 103),
    block_fixture(5, 3, 1, 9, 104),
    block_fixture(6, 1, 1, 8, 105),
    block_fixture(7, 3, 1, 8, 106),
    block_fixture(8, 5, 1, 8, 107),
    block_fixture(2, 5, 2, 9, 111),
    block_fixture(4, 7, 2, 8, 112),
    block_fixture(5, 3, 2, 9, 113),
    block_fixture(7, 3, 2, 9, 114),
    {"name": "hs_s4_w3_dilation2", "size": 9, "seed": 121,
     "spec": dict(hs_block(4, 3, 1), dilation=2),
     "about": "HS block alone, s=4, w=3, stride 1, hierarchical, every K_i dilated 2"},
    {"name": "hs_s5_w3_stageform_dilation2", "size": 9, "seed": 122,
     "spec": dict(hs_block(5, 3, 1), dilation=2, stageForm=True),
     "about": "HS block alone, s=5, w=3, the stage form at stride 1 (AvgPool(3, 1, 1), w -> w "
              "convs dilated 2): the first block of a dilated stage"},
    {"name": "net_deep_d_s4w3", "size": 18, "seed": 201,
     "about": "(a) deep stem, avg-down shortcut, HS s=4 w=3 in every stage, depths 2,1,1,1, "
              "planes 4,8,8,8; 18 -> 9 -> 5 -> 3 -> 2 -> 1",
     "spec": network("deep", "d", [stage(2, 4, 4, 3), stage(1, 8, 4, 3),
                                   stage(1, 8, 4, 3), stage(1, 8, 4, 3)])},
    {"name": "net_resnet_b_mixed", "size": 22, "seed": 202,
     "about": "(b) resnet 7x7 stem, plain strided shortcut, HS s=2 w=5 / s=3 w=3 alternating, "
              "zeroInitLastBn true (weights still randomized); 22 -> 11 -> 6 -> 3 -> 2 -> 1",
     "spec": network("resnet", "b", [stage(1, 4, 2, 5), stage(1, 8, 3, 3),
                                     stage(1, 8, 2, 5), stage(1, 8, 3, 3)],
                     zero_init_last_bn=True)},
    {"name": "net_cifar_d_s5s6s7", "size": 18, "seed": 203,
     "about": "(c) cifar stem, avg-down shortcut, three stages HS s=5 w=3 / s=6 w=1 / s=7 w=3, "
              "depths 2,2,1; 18 -> 9 -> 5 exercises ceil_mode and padding",
     "spec": network("cifar", "d", [stage(2, 4, 5, 3), stage(2, 8, 6, 1), stage(1, 8, 7, 3)])},
    {"name": "net_cifar_b_gray", "size": 28, "seed": 204,
     "about": "(d) cifar stem, plain strided shortcut, 1 input channel, HS s=8 w=1 / s=3 w=5 "
              "alternating; 28 -> 14 -> 7 -> 4",
     "spec": network("cifar", "b", [stage(1, 2, 8, 1), stage(1, 4, 3, 5),
                                    stage(1, 4, 8, 1), stage(1, 4, 3, 5)], in_channels=1)},
    {"name": "net_deep_d_plain_mixed", "size": 20, "seed": 205,
     "about": "(e) deep stem, avg-down shortcut, plain 3x3 stages (baseline path) mixed with HS "
              "stages; 20 -> 10 -> 5 -> 3 -> 2 -> 1",
     "spec": network("deep", "d", [stage(1, 4), stage(2, 8, 3, 3), stage(1, 8),
                                   stage(1, 8, 4, 3)])},
    {"name": "net_resnet_d_headless", "size": 22, "seed": 206,
     "about": "(e) resnet stem, avg-down shortcut, two stages (plain, HS s=2 w=3), numClasses 0: "
              "the output is the pooled features; 22 -> 11 -> 6 -> 3",
     "spec": network("resnet", "d", [stage(1, 4), stage(2, 8, 2, 3)], num_classes=0)},
    {"name": "net_deep_d_hs50like", "size": 18, "seed": 207,
     "about": "(f) deep stem, avg-down shortcut, hs_resnet50's shape scaled down: s=4, w growing "
              "per stage (1,2,3,4), planes 2,4,6,8, depths 2,2,2,1 (stride-1 hierarchical blocks "
              "after the stride-2 ones); 18 -> 9 -> 5 -> 3 -> 2 -> 1",
     "spec": network("deep", "d", [stage(2, 2, 4, 1), stage(2, 4, 4, 2), stage(2, 6, 4, 3),
                                   stage(1, 8, 4, 4)])},
    {"name": "net_deep_d_os8", "size": 24, "seed": 208,
     "about": "(g) fixture (f)'s network at output stride 8: layer3 dilated 2 (its first block at "
              "dilation 1), layer4 dilated 4 (its first at 2), HS stage form at stride 1; "
              "24 -> 12 -> 6 -> 3 -> 3 -> 3",
     "spec": network("deep", "d", [stage(2, 2, 4, 1), stage(2, 4, 4, 2), stage(2, 6, 4, 3),
                                   stage(2, 8, 4, 4)], output_stride=8)},
    {"name": "net_resnet_b_os16_mixed", "size": 22, "seed": 209,
     "about": "(h) resnet stem, plain strided shortcut, plain and HS stages at output stride 16: "
              "layer4 (HS s=3 w=3, depth 2) dilated 2, its first block a stride-1 projection; "
              "22 -> 11 -> 6 -> 3 -> 2 -> 2",
     "spec": network("resnet", "b", [stage(1, 4), stage(1, 8, 2, 5), stage(1, 8),
                                     stage(2, 8, 3, 3)], output_stride=16)},
    {"name": "net_deep_d_stem16", "size": 18, "seed": 210,
     "about": "(i) deep stem of width 16 (8 in its first two convs), as the lite family's stem of "
              "32, HS s=4 w=3 and plain stages; 18 -> 9 -> 5 -> 3 -> 2 -> 1",
     "spec": network("deep", "d", [stage(1, 4, 4, 3), stage(1, 8), stage(1, 8, 4, 3),
                                   stage(1, 8)], stem_width=16)},
    {"name": "net_resnet_b_stem24_os8", "size": 20, "seed": 211,
     "about": "(j) resnet 7x7 stem of width 24, plain strided shortcut, output stride 8 with the "
              "stem width changed; 20 -> 10 -> 5 -> 3 -> 3 -> 3",
     "spec": network("resnet", "b", [stage(1, 4), stage(1, 4, 2, 3), stage(1, 8, 3, 2),
                                     stage(1, 8)], stem_width=24, output_stride=8)},
]


def seg_backbone(stem, shortcut, stages, output_stride=None, stem_width=None):
    """A backbone spec dict for a segmentation fixture (headless)."""
    return network(stem, shortcut, stages, num_classes=0, output_stride=output_stride,
                   stem_width=stem_width)


# Segmentation networks: written to hsresnet-vision's fixtures (DEFAULT_VISION_OUT).
SEG_FIXTURES = [
    {"name": "seg_fpn_deep_hs", "size": 32, "height": 40, "seed": 301,
     "about": "semantic FPN on a deep-stem HS backbone (stem 16, s=4 w=2 / plain / s=3 w=3 / "
              "plain), neck 8, head 6, 5 classes; 40x32 input, levels at strides 4-32 "
              "(10x8 to 2x1), logits resized back",
     "spec": {"backbone": seg_backbone("deep", "d", [stage(1, 4, 4, 2), stage(1, 4),
                                                      stage(1, 4, 3, 3), stage(1, 4)],
                                       stem_width=16),
              "neckChannels": 8, "headChannels": 6, "numClasses": 5}},
    {"name": "seg_fpn_resnet_os8", "size": 27, "height": 27, "seed": 302,
     "about": "semantic FPN on a dilated backbone (resnet stem, b shortcut, output stride 8: "
              "levels at strides 4, 8, 8, 8), neck 6, head 4, 3 classes; odd 27x27 input",
     "spec": {"backbone": seg_backbone("resnet", "b", [stage(1, 2), stage(1, 4, 2, 3),
                                                       stage(1, 4), stage(1, 4, 4, 1)],
                                       output_stride=8),
              "neckChannels": 6, "headChannels": 4, "numClasses": 3}},
    {"name": "seg_deeplabv3_hs_os1", "size": 40, "height": 38, "seed": 303,
     "about": "DeepLabV3 head (ASPP rates 12, 24, 36, head 4) on a dilated HS backbone (cifar "
              "stem, avg-down shortcut, plain / s=4 w=2 / plain / s=3 w=3, output stride 1: "
              "layers 2-4 dilated 2, 4, 8), no neck, 3 classes; C5 stays 38x40, wider than every "
              "rate, so each branch's dilation shows",
     "spec": {"backbone": seg_backbone("cifar", "d", [stage(1, 2), stage(1, 4, 4, 2),
                                                      stage(1, 4), stage(1, 4, 3, 3)],
                                       output_stride=1),
              "neckChannels": 4, "headChannels": 4, "numClasses": 3, "decodeHead": "aspp"}},
    {"name": "seg_fpn_aux_resnet", "size": 36, "height": 28, "seed": 304,
     "about": "semantic FPN with the auxiliary FCN head on C4 (16 -> 4 channels) on a plain "
              "backbone (resnet stem 16, b shortcut, undilated: C4 2x3), neck 6, head 4, 3 "
              "classes; 28x36 input; training returns logits and aux logits, on which the "
              "`aux_loss.*` fixture (cross-entropy, ignore index 3, main + 0.4 aux) is computed",
     "spec": {"backbone": seg_backbone("resnet", "b", [stage(1, 2), stage(1, 4), stage(1, 4),
                                                       stage(1, 4)], stem_width=16),
              "neckChannels": 6, "headChannels": 4, "numClasses": 3, "auxHead": True}},
]

# FCOS detectors: written to hsresnet-vision's fixtures after the segmentation ones.
DET_FIXTURES = [
    {"name": "det_fcos_hs_p7", "size": 52, "height": 72, "seed": 501,
     "about": "FCOS, P3-P7, on a deep-stem HS backbone (stem 16, s=4 w=2 / plain / s=3 w=3 / "
              "plain), neck 8, 4 tower convs with GroupNorm of 2 groups, 3 classes; 72x52 input: "
              "P3-P7 9x7, 5x4, 3x2, 2x1, 1x1 (92 locations)",
     "spec": {"backbone": seg_backbone("deep", "d", [stage(1, 4, 4, 2), stage(1, 4),
                                                      stage(1, 4, 3, 3), stage(1, 4)],
                                       stem_width=16),
              "neckChannels": 8, "numClasses": 3, "levels": 5, "towerConvs": 4, "groups": 2}},
    {"name": "det_fcos_resnet_p5", "size": 48, "height": 40, "seed": 502,
     "about": "FCOS, P3-P5 (no extra levels), on a plain backbone (resnet 7x7 stem 16, b "
              "shortcut), neck 8, 2 tower convs with GroupNorm of 4 groups, 2 classes; 40x48 "
              "input: P3-P5 5x6, 3x3, 2x2 (43 locations)",
     "spec": {"backbone": seg_backbone("resnet", "b", [stage(1, 2), stage(1, 4), stage(1, 4),
                                                       stage(1, 4)], stem_width=16),
              "neckChannels": 8, "numClasses": 2, "levels": 3, "towerConvs": 2, "groups": 4}},
]

# The three outputs of a detection network, in order, as the fixtures name them.
DET_OUTPUTS = ("cls", "box", "centerness")

# torchvision's and mmseg's weight of the auxiliary loss
AUX_WEIGHT = 0.4


def randomize(module, rng):
    """Fills every parameter and BN buffer with seeded random float32 values (in module order)."""
    def draw(tensor, values):
        tensor.copy_(torch.from_numpy(np.asarray(values, dtype=np.float32)))

    for sub in module.modules():
        if isinstance(sub, nn.Conv2d):
            fan_in = sub.weight[0].numel()
            draw(sub.weight, rng.normal(0.0, math.sqrt(1.0 / fan_in), sub.weight.shape))
            if sub.bias is not None:  # the FPN's and conv_seg's biases
                draw(sub.bias, rng.uniform(-0.1, 0.1, sub.bias.shape))
        elif isinstance(sub, nn.Linear):
            draw(sub.weight, rng.normal(0.0, 1.0 / math.sqrt(sub.in_features), sub.weight.shape))
            draw(sub.bias, rng.uniform(-0.1, 0.1, sub.bias.shape))
        elif isinstance(sub, nn.BatchNorm2d):
            draw(sub.weight, rng.uniform(0.5, 1.5, sub.weight.shape))
            draw(sub.bias, rng.uniform(-0.2, 0.2, sub.bias.shape))
            draw(sub.running_mean, rng.normal(0.0, 0.1, sub.running_mean.shape))
            draw(sub.running_var, rng.uniform(0.5, 1.5, sub.running_var.shape))
        elif isinstance(sub, nn.GroupNorm):  # the FCOS towers'
            draw(sub.weight, rng.uniform(0.5, 1.5, sub.weight.shape))
            draw(sub.bias, rng.uniform(-0.2, 0.2, sub.bias.shape))
        elif isinstance(sub, Scale):  # FCOS's per-level scales
            draw(sub.scale, rng.uniform(0.5, 1.5, sub.scale.shape))


def float32_state(module):
    """The state dict as float32 numpy arrays, without num_batches_tracked."""
    return {name: value.detach().numpy().astype(np.float32)
            for name, value in module.state_dict().items()
            if not name.endswith("num_batches_tracked")}


def build(spec):
    """The module of a spec dict: an HS block, a ResNet, a segmentation or a detection network."""
    if is_detection_spec(spec):
        return DetectionNet(spec)
    return SegmentationNet(spec) if is_segmentation_spec(spec) else build_module(spec)


def float64_module(spec, state):
    """A fresh float64 module loaded (strictly) with the float32 state."""
    module = build(spec).double()
    module.load_state_dict({k: torch.from_numpy(v).double() for k, v in state.items()},
                           strict=True)
    return module


def as_float32(tensor):
    """float64 tensor -> float32 numpy array."""
    return tensor.detach().numpy().astype(np.float32)


def as_tuple(output):
    """A module's output as a tuple: (logits,) or, for a training forward with an auxiliary
    head, (logits, aux_logits)."""
    return output if isinstance(output, tuple) else (output,)


def objective(outputs, loss_weights):
    """``sum(output_train * loss_weights)`` (+ ``sum(aux_output_train * aux_loss_weights)``)."""
    return sum((y * torch.from_numpy(w).to(y.dtype)).sum() for y, w in zip(outputs, loss_weights))


def run_forwards(spec, state, x, rng):
    """Eval outputs (and features), then one train-mode forward, the BN stats it leaves, and the
    gradients of ``sum(output_train * loss_weights)`` (plus ``sum(aux_output_train *
    aux_loss_weights)`` with an auxiliary head) with respect to the input and every
    parameter."""
    results = {"input": x}
    x64 = torch.from_numpy(x).double()
    with torch.no_grad():
        module = float64_module(spec, state).eval()
        results["output_eval"] = as_float32(module(x64))
        if isinstance(module, ResNet):
            for level, feature in enumerate(module.features(x64)):
                results[f"features_eval.{level}"] = as_float32(feature)
    module = float64_module(spec, state).train()
    x64.requires_grad_(True)
    outputs = as_tuple(module(x64))
    results["output_train"] = as_float32(outputs[0])
    loss_weights = [rng.standard_normal(tuple(outputs[0].shape)).astype(np.float32)]
    results["loss_weights"] = loss_weights[0]
    if len(outputs) > 1:
        results["aux_output_train"] = as_float32(outputs[1])
        loss_weights.append(rng.standard_normal(tuple(outputs[1].shape)).astype(np.float32))
        results["aux_loss_weights"] = loss_weights[1]
    objective(outputs, loss_weights).backward()
    results["grad.input"] = as_float32(x64.grad)
    for name, param in module.named_parameters():
        results[f"grad.{name}"] = as_float32(param.grad)
    worst = max(float32_gradient_errors(spec, state, x, loss_weights, results).values())
    results["grad_tolerance"] = np.array(max(GRAD_TOLERANCE_FLOOR, GRAD_TOLERANCE_FACTOR * worst),
                                         dtype=np.float32)
    for name, sub in module.named_modules():
        if isinstance(sub, nn.BatchNorm2d):
            results[f"train_stats.{name}.running_mean"] = as_float32(sub.running_mean)
            results[f"train_stats.{name}.running_var"] = as_float32(sub.running_var)
    if len(outputs) > 1:
        results.update(aux_loss(results, spec["numClasses"], rng))
    return results


def aux_loss(results, classes, rng):
    """``F.cross_entropy(main) + AUX_WEIGHT * F.cross_entropy(aux)`` (ignore index = classes) on
    the fixture's training outputs, and its gradients with respect to both."""
    main = torch.from_numpy(results["output_train"]).double().requires_grad_(True)
    aux = torch.from_numpy(results["aux_output_train"]).double().requires_grad_(True)
    shape = (main.shape[0],) + tuple(main.shape[2:])
    targets = rng.integers(0, classes + 1, shape).astype(np.int64)  # value classes = ignore
    t = torch.from_numpy(targets)
    loss = (F.cross_entropy(main, t, ignore_index=classes)
            + AUX_WEIGHT * F.cross_entropy(aux, t, ignore_index=classes))
    loss.backward()
    return {"aux_loss.targets": targets.astype(np.int32),
            "aux_loss.weight": np.array(AUX_WEIGHT, dtype=np.float32),
            "aux_loss.value": np.array(loss.item(), dtype=np.float32),
            "aux_loss.grad_main": as_float32(main.grad),
            "aux_loss.grad_aux": as_float32(aux.grad)}


def float32_gradient_errors(spec, state, x, loss_weights, results):
    """How far float32 PyTorch's gradients are from the float64 answer, per tensor.

    Gradients through training-mode BatchNorm on tiny maps (a 1x1 layer4 with N=2 sees two values
    per channel) are ill-conditioned, so even float32 PyTorch misses the float64 answer by up to
    3e-1 there; a float32 implementation is held to a multiple of what float32 PyTorch achieves.
    """
    module = build(spec).float()
    module.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()}, strict=True)
    module.train()
    x32 = torch.from_numpy(x).requires_grad_(True)
    objective(as_tuple(module(x32)), loss_weights).backward()
    grads = {"input": x32.grad}
    grads.update({name: param.grad for name, param in module.named_parameters()})
    errors = {}
    for name, grad in grads.items():
        expected = results[f"grad.{name}"]
        errors[name] = float(np.abs(grad.numpy() - expected).max()
                             / max(float(np.abs(expected).max()), 1e-12))
    return errors


def conv_cost(module, shape):
    """Parameters and MACs of one image of a segmentation network, the auxiliary head's apart:
    ``(params, macs, aux_params, aux_macs)``, ``params`` all of them (aux included), ``macs`` the
    inference forward's (aux excluded). Conv = out elements x in/groups x k x k, BN affine and
    biases as parameters, nothing else counted (the convention of count_complexity.py)."""
    macs = {False: 0, True: 0}  # keyed by: inside the auxiliary head

    def hook(name):
        def record(conv, _inputs, output):
            kh, kw = conv.kernel_size
            macs[name.startswith("auxiliary_head.")] += (
                output[0].numel() * (conv.in_channels // conv.groups) * kh * kw)
        return record

    handles = [m.register_forward_hook(hook(name)) for name, m in module.named_modules()
               if isinstance(m, nn.Conv2d)]
    module.eval()
    with torch.no_grad():
        module.heads(torch.zeros((1,) + tuple(shape[1:])))
    for handle in handles:
        handle.remove()
    aux_params = sum(p.numel() for name, p in module.named_parameters()
                     if name.startswith("auxiliary_head."))
    return sum(p.numel() for p in module.parameters()), macs[False], aux_params, macs[True]


def run_detection_forwards(spec, state, x, rng):
    """The detection network's three outputs in eval mode, then one train-mode forward (outputs,
    the BN stats it leaves) and the gradients of ``sum(cls * cls_weights) + sum(box *
    box_weights) + sum(centerness * centerness_weights)`` with respect to the input and every
    parameter."""
    results = {"input": x}
    x64 = torch.from_numpy(x).double()
    with torch.no_grad():
        module = float64_module(spec, state).eval()
        for key, y in zip(DET_OUTPUTS, module(x64)):
            results[f"{key}_eval"] = as_float32(y)
    module = float64_module(spec, state).train()
    x64.requires_grad_(True)
    outputs = module(x64)
    loss_weights = []
    for key, y in zip(DET_OUTPUTS, outputs):
        results[f"{key}_train"] = as_float32(y)
        loss_weights.append(rng.standard_normal(tuple(y.shape)).astype(np.float32))
        results[f"{key}_weights"] = loss_weights[-1]
    objective(outputs, loss_weights).backward()
    results["grad.input"] = as_float32(x64.grad)
    for name, param in module.named_parameters():
        results[f"grad.{name}"] = as_float32(param.grad)
    worst = max(float32_gradient_errors(spec, state, x, loss_weights, results).values())
    results["grad_tolerance"] = np.array(max(GRAD_TOLERANCE_FLOOR, GRAD_TOLERANCE_FACTOR * worst),
                                         dtype=np.float32)
    for name, sub in module.named_modules():
        if isinstance(sub, nn.BatchNorm2d):
            results[f"train_stats.{name}.running_mean"] = as_float32(sub.running_mean)
            results[f"train_stats.{name}.running_var"] = as_float32(sub.running_var)
    return results


def detection_cost(module, shape):
    """Parameters (GroupNorm affine and the 0-d scales included) and MACs of one image of a
    detection network, counted by forward hooks on every Conv2d (the convention of
    :func:`conv_cost`)."""
    macs = [0]

    def record(conv, _inputs, output):
        kh, kw = conv.kernel_size
        macs[0] += output[0].numel() * (conv.in_channels // conv.groups) * kh * kw

    handles = [m.register_forward_hook(record) for m in module.modules()
               if isinstance(m, nn.Conv2d)]
    module.eval()
    with torch.no_grad():
        module(torch.zeros((1,) + tuple(shape[1:])))
    for handle in handles:
        handle.remove()
    return sum(p.numel() for p in module.parameters()), macs[0]


def input_channels(spec):
    """Channels of the fixture's input."""
    if is_segmentation_spec(spec):
        return spec["backbone"]["inChannels"]
    return spec["channels"] if is_block_spec(spec) else spec["inChannels"]


def generate(fixture, out_dir):
    """Writes one fixture folder; returns a summary dict for the README."""
    spec = fixture["spec"]
    rng = np.random.default_rng(fixture["seed"])
    module = build(spec)
    with torch.no_grad():
        randomize(module, rng)
    state = float32_state(module)
    shape = (BATCH, input_channels(spec), fixture.get("height", fixture["size"]), fixture["size"])
    x = rng.standard_normal(shape).astype(np.float32)
    detection = is_detection_spec(spec)
    results = (run_detection_forwards if detection else run_forwards)(spec, state, x, rng)

    folder = os.path.join(out_dir, fixture["name"])
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "spec.json"), "w", encoding="utf-8") as handle:
        json.dump(spec, handle, indent=2)
        handle.write("\n")
    save_file(state, os.path.join(folder, "weights.safetensors"), METADATA)
    if detection:
        # the independent count (forward hooks) the Java DetectionComplexity is held to
        params, macs = detection_cost(module, shape)
        cost = {"height": shape[2], "width": shape[3], "params": params, "macs": macs}
        with open(os.path.join(folder, "complexity.json"), "w", encoding="utf-8") as handle:
            json.dump(cost, handle, indent=2)
            handle.write("\n")
    elif is_segmentation_spec(spec):
        # the independent count (forward hooks) the Java SegmentationComplexity is held to
        params, macs, aux_params, aux_macs = conv_cost(module, shape)
        cost = {"height": shape[2], "width": shape[3], "params": params, "macs": macs}
        if spec.get("auxHead", False):
            cost.update(auxParams=aux_params, auxMacs=aux_macs)
        with open(os.path.join(folder, "complexity.json"), "w", encoding="utf-8") as handle:
            json.dump(cost, handle, indent=2)
            handle.write("\n")
    save_file(results, os.path.join(folder, "io.safetensors"), METADATA)
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
    if detection:
        cls = results["cls_eval"]
        return {"name": fixture["name"], "about": fixture["about"], "input": list(shape),
                "output": [cls.shape[0], cls.shape[1], f"({cls.shape[2]}+4+1)"], "bytes": size,
                "eval_std": float(cls.std()), "train_std": float(results["cls_train"].std())}
    return {"name": fixture["name"], "about": fixture["about"], "input": list(shape),
            "output": list(results["output_eval"].shape), "bytes": size,
            "eval_std": float(results["output_eval"].std()),
            "train_std": float(results["output_train"].std())}


# What the segmentation fixtures' README adds about their files.
SEG_NOTES = [
    "Segmentation fixtures (`spec.json` a `SegmentationSpec`: backbone, neck/head widths, classes,",
    "optional `decodeHead` and `auxHead`) hold no `features_eval`; they add `complexity.json`, the",
    "reference's own count by forward hooks at the fixture's input size (`params`: every parameter,",
    "the auxiliary head's included; `macs`: the inference forward, without the auxiliary head; with",
    "an auxiliary head also `auxParams` and `auxMacs`). With an auxiliary head the training forward",
    "returns two outputs: `aux_output_train` and `aux_loss_weights` join `output_train` and",
    "`loss_weights`, the gradients are those of the sum of both products, and `aux_loss.*` holds",
    "`F.cross_entropy(main) + 0.4 * F.cross_entropy(aux)` (ignore index = classes) on the two",
    "training outputs: `targets` (int32), `weight`, `value`, `grad_main`, `grad_aux`.",
    "",
]

# What the detection fixtures' README adds about their files.
DET_NOTES = [
    "Detection fixtures (`det_*`, `spec.json` a `DetectionSpec`: backbone, `neckChannels`,",
    "`numClasses`, `levels`, `towerConvs`, `groups`; network: `tools/reference/det_torch.py`) have",
    "three outputs, each in place of `output_eval`, `output_train` and `loss_weights`:",
    "`cls_eval|cls_train|cls_weights` (N, P, classes), `box_eval|box_train|box_weights` (N, P, 4,",
    "l t r b in input pixels) and `centerness_eval|centerness_train|centerness_weights` (N, P);",
    "the gradients are those of the sum of the three products. GroupNorm weights are drawn",
    "U(0.5, 1.5), their biases U(-0.2, 0.2), the per-level scales U(0.5, 1.5). `complexity.json`",
    "counts every parameter and the convolutions' MACs. The table's output column is N x P x",
    "(classes + 4 + 1) and its std that of the class logits. `group_norm/io.safetensors` holds",
    "`nn.GroupNorm` alone (2-d maps, a 1-d signal, no spatial axis, one value per group: input,",
    "groups, affine, output and gradients) and mmcv's `Scale` alone (`scale.*`).",
    "",
]


def readme(summaries, notes=()):
    """The fixtures README text; ``notes`` (lines) go before the table."""
    lines = [
        "# PyTorch cross-check fixtures",
        "",
        "Generated by `tools/reference/generate_fixtures.py` with the PyTorch reference",
        "implementation `tools/reference/hsresnet_torch.py` (the spec: HS-RESNET.md), deterministic",
        "(fixed seeds, identical bytes on every run). Regenerate from the repository root with:",
        "",
        f"    {COMMAND}",
        "",
        f"torch {torch.__version__}, numpy {np.__version__} (Debian `python3-torch`, CPU, 1 thread).",
        "",
        "Each folder holds:",
        "",
        "- `spec.json`: the ResNet spec, or for a lone HS block",
        "  `{\"block\": \"hs\", \"s\", \"w\", \"stride\", \"channels\"}` (state-dict names then at the root:",
        "  `convs.{j}.weight`, `bns.{j}.*`).",
        "- `weights.safetensors`: the full state dict without `num_batches_tracked`, F32. Conv weights",
        "  N(0, 1/fan_in), fc weight N(0, 1/in), fc bias U(-0.1, 0.1), BN weight U(0.5, 1.5), BN bias",
        "  U(-0.2, 0.2), running_mean N(0, 0.1), running_var U(0.5, 1.5).",
        "- `io.safetensors`: `input` (N=2, N(0,1)); `output_eval` (eval mode); for networks",
        "  `features_eval.{k}` (k = 0: stem output after its ReLU, before the max pool; k >= 1: output",
        "  of layer k); `output_train` (train mode on a fresh copy of the weights: batch statistics);",
        "  `train_stats.<bn module>.running_mean|running_var` after that one training forward",
        "  (momentum 0.1, running_var updated with the unbiased batch variance, as PyTorch does);",
        "  `loss_weights` (N(0,1), shaped like the output) and the gradients of",
        "  `sum(output_train * loss_weights)`: `grad.input` and `grad.<parameter name>` for every",
        "  parameter (BN weight and bias included, running statistics excluded); and",
        "  `grad_tolerance`: the relative error allowed on every gradient, 10x the worst that float32",
        "  PyTorch itself misses the float64 answer by on this fixture (at least 1e-4). Gradients through",
        "  training-mode BN on 1x1 maps with N=2 are ill-conditioned: there float32 PyTorch is off by",
        "  up to 3e-1.",
        "",
        "Forwards ran in float64 on the float32 weights and input, results rounded to float32. A",
        "float32 PyTorch forward matches them to about 5e-7 relative (max|diff| / max|expected|) in",
        "eval mode and 4e-5 in train mode (worst: a layer4 running_mean, where BN sees only 2 values",
        "per channel), so 1e-4 is a safe tolerance for float32 implementations.",
        "",
        "Inputs are small on purpose: a `deep`/`resnet` stem's level-0 features have 64 channels at",
        "half the input size, and the deep stem alone holds 118 KB of weights.",
        "",
        *notes,
        "| fixture | what | input | output | bytes | std eval / train |",
        "|---|---|---|---|---|---|",
    ]
    for s in summaries:
        lines.append(f"| `{s['name']}` | {s['about']} | {'x'.join(map(str, s['input']))} | "
                     f"{'x'.join(map(str, s['output']))} | {s['bytes']:,} | "
                     f"{s['eval_std']:.2f} / {s['train_std']:.2f} |")
    total = sum(s["bytes"] for s in summaries)
    lines += ["", f"Total: {total:,} bytes.", ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="fixtures folder (default: %(default)s)")
    parser.add_argument("--vision-out", default=DEFAULT_VISION_OUT,
                        help="segmentation fixtures folder (default: %(default)s)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    for fixtures, out, notes in ((FIXTURES, args.out, ()),
                                 (SEG_FIXTURES + DET_FIXTURES, args.vision_out,
                                  SEG_NOTES + DET_NOTES)):
        os.makedirs(out, exist_ok=True)
        summaries = []
        for fixture in fixtures:
            summary = generate(fixture, out)
            summaries.append(summary)
            print(f"{summary['name']:<26} {summary['bytes']:>8,} bytes  output std eval "
                  f"{summary['eval_std']:.3f} train {summary['train_std']:.3f}")
        with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as handle:
            handle.write(readme(summaries, notes))
        print(f"total {sum(s['bytes'] for s in summaries):,} bytes in {out}")
    write_cross_entropy(os.path.join(args.vision_out, "cross_entropy"))
    write_group_norm(os.path.join(args.vision_out, "group_norm"))
    return 0


# (name, input shape, groups) of the GroupNorm cases: 2-d maps, a 1-d signal, no spatial axis,
# and a single value per group (variance 0: the output is the bias).
GROUP_NORM_CASES = (("map", (2, 6, 3, 5), 3), ("signal", (2, 4, 7), 2), ("flat", (3, 8), 4),
                    ("single", (2, 6, 1, 1), 6))


def write_group_norm(folder):
    """``nn.GroupNorm`` (eps 1e-5, random affine) and mmcv's ``Scale`` alone: per case the input,
    weight, bias, output and the gradients of ``sum(output * loss_weights)``; ``scale.*`` the same
    for a Scale of value 1.7 on the ``map`` input."""
    rng = np.random.default_rng(402)
    out = {}
    for name, shape, groups in GROUP_NORM_CASES:
        channels = shape[1]
        x = rng.standard_normal(shape).astype(np.float32)
        weight = rng.uniform(0.5, 1.5, channels).astype(np.float32)
        bias = rng.uniform(-0.2, 0.2, channels).astype(np.float32)
        loss_weights = rng.standard_normal(shape).astype(np.float32)
        gn = nn.GroupNorm(groups, channels).double()
        with torch.no_grad():
            gn.weight.copy_(torch.from_numpy(weight))
            gn.bias.copy_(torch.from_numpy(bias))
        x64 = torch.from_numpy(x).double().requires_grad_(True)
        y = gn(x64)
        (y * torch.from_numpy(loss_weights).double()).sum().backward()
        # the policy of the network fixtures' grad_tolerance: 10x what float32 PyTorch misses by
        # (at least 1e-4); rows of 2 values (the "flat" case) make the input gradient
        # ill-conditioned, and float32 GroupNorm is 2e-4 off there
        gn32 = nn.GroupNorm(groups, channels)
        with torch.no_grad():
            gn32.weight.copy_(torch.from_numpy(weight))
            gn32.bias.copy_(torch.from_numpy(bias))
        x32 = torch.from_numpy(x).requires_grad_(True)
        (gn32(x32) * torch.from_numpy(loss_weights)).sum().backward()
        err32 = ((x32.grad.double() - x64.grad).abs().max() / x64.grad.abs().max()).item()
        out[f"{name}.grad_tolerance"] = np.array(max(1e-4, 10 * err32), dtype=np.float32)
        out.update({f"{name}.input": x, f"{name}.groups": np.array(groups, dtype=np.int32),
                    f"{name}.weight": weight, f"{name}.bias": bias,
                    f"{name}.loss_weights": loss_weights, f"{name}.output": as_float32(y),
                    f"{name}.grad_input": as_float32(x64.grad),
                    f"{name}.grad_weight": as_float32(gn.weight.grad),
                    f"{name}.grad_bias": as_float32(gn.bias.grad)})
    scale = Scale(1.7).double()
    x64 = torch.from_numpy(out["map.input"]).double().requires_grad_(True)
    y = scale(x64)
    (y * torch.from_numpy(out["map.loss_weights"]).double()).sum().backward()
    out.update({"scale.value": np.array(1.7, dtype=np.float32), "scale.output": as_float32(y),
                "scale.grad_input": as_float32(x64.grad),
                "scale.grad_scale": as_float32(scale.scale.grad)})
    os.makedirs(folder, exist_ok=True)
    save_file(out, os.path.join(folder, "io.safetensors"), METADATA)
    print(f"group_norm: {len(GROUP_NORM_CASES)} cases and a Scale in {folder}")


def write_cross_entropy(folder):
    """``F.cross_entropy`` with an ignore index and class weights, and its logits gradient."""
    rng = np.random.default_rng(401)
    classes, ignore = 4, 4
    logits = rng.standard_normal((2, classes, 3, 5)).astype(np.float32)
    targets = rng.integers(0, classes + 1, (2, 3, 5)).astype(np.int64)  # value 4 = ignore
    weights = np.array([1.0, 0.5, 2.0, 0.0], dtype=np.float32)  # class 3 never counts
    out = {"logits": logits, "targets": targets.astype(np.int32), "weights": weights}
    for name, w in (("plain", None), ("weighted", weights)):
        x = torch.from_numpy(logits).double().requires_grad_(True)
        loss = F.cross_entropy(x, torch.from_numpy(targets), ignore_index=ignore,
                               weight=None if w is None else torch.from_numpy(w).double())
        loss.backward()
        out[f"{name}.loss"] = np.array(loss.item(), dtype=np.float32)
        out[f"{name}.grad"] = as_float32(x.grad)
    os.makedirs(folder, exist_ok=True)
    save_file(out, os.path.join(folder, "io.safetensors"), METADATA)
    print(f"cross_entropy: ignore index {ignore}, weights {weights.tolist()} in {folder}")


if __name__ == "__main__":
    sys.exit(main())
