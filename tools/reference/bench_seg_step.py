"""Times the PyTorch reference of a semantic-segmentation network (a benchmark): the inference
forward (no_grad, eval) and the training step's forward, cross-entropy (ignore index 11) and
backward, for comparison with the Java ``SegStepBench`` (``bench/seg-step.sh`` runs both).

Usage: /usr/bin/python3 tools/reference/bench_seg_step.py MODEL BATCH HEIGHT WIDTH WARMUP REPEATS
       [--threads 2]
MODEL: fpn_<backbone> or deeplabv3_<backbone> for the small backbones (hs_resnet26_lite,
resnet26_lite, hs_resnet26_nano, resnet26_nano), built as the Java registry builds them.
"""

import argparse
import statistics
import time

import torch
import torch.nn.functional as F

from seg_torch import SegmentationNet

CLASSES = 11


def lite_backbone(planes, hs):
    """The Java registry's small backbones (docs/models.md)."""
    stages = [{"depth": 2, "planes": p, "hs": ({"s": 4, "w": p * 3 // 8} if hs else None)}
              for p in planes]
    return {"stem": "deep", "shortcut": "d", "stages": stages, "expansion": 4, "numClasses": 0,
            "inChannels": 3, "zeroInitLastBn": False, "stemWidth": 32}


BACKBONES = {
    "hs_resnet26_lite": lite_backbone([24, 48, 96, 192], True),
    "resnet26_lite": lite_backbone([24, 48, 96, 192], False),
    "hs_resnet26_nano": lite_backbone([16, 32, 64, 128], True),
    "resnet26_nano": lite_backbone([16, 32, 64, 128], False),
}


def registry_spec(name):
    """The spec dict of a registered small segmentation network (the Java SegmentationModels)."""
    kind, _, backbone_name = name.partition("_")
    backbone = BACKBONES[backbone_name]
    if kind == "fpn":
        return {"backbone": backbone, "neckChannels": 64, "headChannels": 64,
                "numClasses": CLASSES}
    if kind == "deeplabv3":
        return {"backbone": dict(backbone, outputStride=8), "neckChannels": 64,
                "headChannels": 64, "numClasses": CLASSES, "decodeHead": "aspp"}
    raise ValueError(f"unknown model '{name}': fpn_<backbone> or deeplabv3_<backbone>")


def timed(step, warmup, repeats):
    """Milliseconds of each timed step after the warm-up."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name, mode, batch, height, width, times):
    """One line as the Java side prints it."""
    times = sorted(times)
    p10 = times[int(0.1 * (len(times) - 1))]
    p90 = times[int(round(0.9 * (len(times) - 1)))]
    median = statistics.median(times)
    print(f"pytorch {name} {mode} batch {batch} {height}x{width}: median {median:.1f} ms "
          f"(p10-p90 {p10:.1f}-{p90:.1f}), {1000 * batch / median:.2f} img/s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for arg in ("model", "batch", "height", "width", "warmup", "repeats"):
        parser.add_argument(arg)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    name = args.model
    net = SegmentationNet(registry_spec(name))
    batch, height, width = int(args.batch), int(args.height), int(args.width)
    warmup, repeats = int(args.warmup), int(args.repeats)
    x = torch.randn(batch, 3, height, width)
    y = torch.randint(0, CLASSES + 1, (batch, height, width))
    net.eval()
    with torch.no_grad():
        report(name, "inference", batch, height, width, timed(lambda: net(x), warmup, repeats))
    net.train()

    def step():
        net.zero_grad(set_to_none=True)
        F.cross_entropy(net(x), y, ignore_index=CLASSES).backward()

    report(name, "train", batch, height, width, timed(step, warmup, repeats))


if __name__ == "__main__":
    main()
