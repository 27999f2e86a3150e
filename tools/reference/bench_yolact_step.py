"""Times the PyTorch reference of a YOLACT-on-FCOS instance segmenter (a benchmark): the inference
forward (no_grad, eval: the five raw outputs, no decoding) and the training step's forward, FCOS
losses plus the mask loss on fixed targets (assigned once, outside the timing) and backward, for
comparison with the Java ``InstanceStepBench`` (``bench/instance-step.sh`` runs both).

Usage: /usr/bin/python3 tools/reference/bench_yolact_step.py CASE_JSON MODEL BATCH HEIGHT WIDTH
       WARMUP REPEATS [--threads 2]
CASE_JSON: the file ``InstanceStepBench`` writes: the network's spec, the ground-truth boxes and
labels per image, and per image one mask per box at the prototypes' size (2 H3 x 2 W3).
"""

import torch

from bench_det_step import arguments, assigned, run
from fcos_loss_torch import fcos_loss
from yolact_loss_torch import mask_loss
from yolact_torch import YolactNet


def main():
    args, case = arguments(__doc__)
    net = YolactNet(case["spec"])

    def loss(pts, sizes):
        targets = assigned(pts, case, with_matched=True)
        labels, ltrb, ctr = (torch.stack([t[k] for t in targets]) for k in range(3))
        h4, w4 = 2 * sizes[0][0], 2 * sizes[0][1]
        boxes = [torch.tensor(b, dtype=torch.float32).reshape(-1, 4) for b in case["boxes"]]
        masks = [torch.tensor(m, dtype=torch.float32).reshape(-1, h4, w4)
                 for m in case["masks"]]
        per_image_labels = [t[0] for t in targets]
        matched = [t[3] for t in targets]

        def total(out):
            cls, box, centerness, coefficients, prototypes = out
            detection = fcos_loss(cls, box, centerness, pts[0], labels, ltrb, ctr)[0]
            return detection + mask_loss(coefficients, prototypes, per_image_labels, matched,
                                         boxes, masks)

        return total

    run(args, case, net, loss)


if __name__ == "__main__":
    main()
