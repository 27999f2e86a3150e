"""YOLACT's mask loss on FCOS positives in PyTorch (the Java ``YolactMaskLoss``'s reference).

Written from ``docs/instance.md`` ("Loss"), vectorised over the selected locations:

* per image, the positive locations (``labels >= 0`` of :func:`fcos_loss_torch.assign`) in
  location order; at most ``max_masks``: the ``floor(i * c / max_masks)``-th of the ``c``
  positives for ``i < max_masks``;
* each selected location's logits ``z = coefficients[p] @ prototypes.reshape(k, -1)``, BCE with
  logits against its matched box's mask (stride 4), summed over the stride-4 pixels whose centre
  ``((x + 0.5) * 4, (y + 0.5) * 4)`` lies in the box (``x1 <= cx < x2``, ``y1 <= cy < y2``),
  divided by the box's area in stride-4 pixels (the box clipped to ``[0, 4 W4] x [0, 4 H4]``,
  area ``/ 16``, at least 1);
* ``weight * sum / max(1, S)`` over the ``S`` selected locations of the batch.
"""

import torch
import torch.nn.functional as F

STRIDE = 4


def select(labels, max_masks):
    """Indices of the trained positive locations of one image (ascending)."""
    positives = torch.nonzero(labels >= 0).flatten()
    c = positives.shape[0]
    if c <= max_masks:
        return positives
    return positives[torch.tensor([i * c // max_masks for i in range(max_masks)],
                                  dtype=torch.int64)]


def mask_loss(coefficients, prototypes, labels, matched, boxes, masks, max_masks=100,
              weight=1.0):
    """The weighted mask loss of a batch.

    ``coefficients`` (N, P, k), ``prototypes`` (N, k, H4, W4); per image (lists of N):
    ``labels`` (P,) int64 (-1 background), ``matched`` (P,) int64 box index, ``boxes`` (G, 4)
    float32 input pixels, ``masks`` (G, H4, W4) in [0, 1].
    """
    n, k, h4, w4 = prototypes.shape
    chosen = [select(labels[i], max_masks) for i in range(n)]
    total = sum(int(c.shape[0]) for c in chosen)
    if total == 0:
        return (coefficients.sum() + prototypes.sum()) * 0
    dtype = prototypes.dtype
    cy = (torch.arange(h4, dtype=dtype) + 0.5) * STRIDE
    cx = (torch.arange(w4, dtype=dtype) + 0.5) * STRIDE
    loss = 0
    for i in range(n):
        sel = chosen[i]
        if sel.shape[0] == 0:
            continue
        z = (coefficients[i, sel] @ prototypes[i].reshape(k, -1)).reshape(-1, h4, w4)
        g = matched[i][sel]
        target = masks[i][g].to(dtype)
        b = boxes[i][g].to(dtype)
        x1, y1, x2, y2 = b[:, 0:1], b[:, 1:2], b[:, 2:3], b[:, 3:4]
        rows = (cy[None, :] >= y1) & (cy[None, :] < y2)          # (S, H4)
        cols = (cx[None, :] >= x1) & (cx[None, :] < x2)          # (S, W4)
        crop = (rows[:, :, None] & cols[:, None, :]).to(dtype)
        area = ((torch.clamp(x2, max=STRIDE * w4) - torch.clamp(x1, min=0))
                * (torch.clamp(y2, max=STRIDE * h4) - torch.clamp(y1, min=0))
                / (STRIDE * STRIDE)).clamp(min=1).flatten()
        bce = F.binary_cross_entropy_with_logits(z, target, reduction="none")
        loss = loss + ((bce * crop).sum(dim=(1, 2)) / area).sum()
    return loss * weight / total
