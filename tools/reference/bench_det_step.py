"""Times the PyTorch reference of an FCOS detector (a benchmark): the inference forward (no_grad,
eval) and the training step's forward, FCOS loss on fixed targets (assigned once, outside the
timing) and backward, for comparison with the Java ``DetStepBench`` (``bench/det-step.sh`` runs
both).

Usage: /usr/bin/python3 tools/reference/bench_det_step.py CASE_JSON MODEL BATCH HEIGHT WIDTH
       WARMUP REPEATS [--threads 2]
CASE_JSON: the file ``DetStepBench`` writes: the network's spec (as the Java registry builds it)
and the ground-truth boxes and labels per image.
"""

import argparse
import json

import torch

from bench_seg_step import report, timed
from det_torch import DetectionNet, strides
from fcos_loss_torch import assign, fcos_loss, points


def arguments(doc):
    """The command line (threads and seed applied) and the case file's content."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    for arg in ("case", "model", "batch", "height", "width", "warmup", "repeats"):
        parser.add_argument(arg)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    with open(args.case, encoding="utf-8") as handle:
        case = json.load(handle)
    return args, case


def run(args, case, net, loss):
    """Times ``net``'s inference and training step on a random input of the case's size.

    ``loss(pts, level_sizes)`` assigns the targets once and returns the step's loss of the
    network's outputs.
    """
    batch, height, width = int(args.batch), int(args.height), int(args.width)
    warmup, repeats = int(args.warmup), int(args.repeats)
    x = torch.randn(batch, 3, height, width)
    net.eval()
    with torch.no_grad():
        report(args.model, "inference", batch, height, width,
               timed(lambda: net(x), warmup, repeats))
        sizes = [tuple(level.shape[2:]) for level in net.neck(
            [net.backbone.features(x[:1])[i] for i in (2, 3, 4)])]
    pts = points(strides(case["spec"]), sizes)
    loss_of = loss(pts, sizes)
    net.train()

    def step():
        net.zero_grad(set_to_none=True)
        loss_of(net(x)).backward()

    report(args.model, "train", batch, height, width, timed(step, warmup, repeats))


def assigned(pts, case, with_matched=False):
    """The FCOS assignment of every image of the case."""
    return [assign(pts, torch.tensor(b, dtype=torch.float32).reshape(-1, 4),
                   torch.tensor(l, dtype=torch.int64), with_matched=with_matched)
            for b, l in zip(case["boxes"], case["labels"])]


def main():
    args, case = arguments(__doc__)
    net = DetectionNet(case["spec"])

    def loss(pts, _sizes):
        targets = assigned(pts, case)
        labels, ltrb, ctr = (torch.stack([t[k] for t in targets]) for k in range(3))
        return lambda out: fcos_loss(*out, pts[0], labels, ltrb, ctr)[0]

    run(args, case, net, loss)


if __name__ == "__main__":
    main()
