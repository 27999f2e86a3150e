"""FCOS points, target assignment, losses and decoding in PyTorch (the Java side's reference).

An independent implementation of what ``docs/detection.md`` ("Targets, losses and decoding")
specifies, written the way torchvision's ``models/detection/fcos.py`` writes it (vectorised over
points x boxes), with this project's conventions where they differ from torchvision:

* points at cell centres ``((x + 0.5) * s, (y + 0.5) * s)`` (torchvision's anchors centre on
  ``(x * s, y * s)``);
* a level takes ``lower < max(l, t, r, b) <= upper`` (torchvision: ``< upper``);
* the smallest-area box wins, exactly (areas in float64), ties to the first box (torchvision
  ranks by ``1e8 - area`` in float32, which rounds areas to multiples of 8);
* boxes left empty by clipping are dropped before NMS, and equal scores keep index order.

torchvision.ops is not needed: ``sigmoid_focal_loss`` and ``generalized_box_iou_loss`` are
written out here from their definitions (torchvision/ops/focal_loss.py, giou_loss.py).
"""

import math

import torch
import torch.nn.functional as F

CENTER_SAMPLING_RADIUS = 1.5
GIOU_EPS = 1e-7


def points(strides, level_sizes):
    """``(centres (P, 2) float32, stride (P,) float32, lower (P,), upper (P,), level (P,))``."""
    centres, stride, lower, upper, level = [], [], [], [], []
    last = len(strides) - 1
    for i, (s, (h, w)) in enumerate(zip(strides, level_sizes)):
        ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32),
                                torch.arange(w, dtype=torch.float32), indexing="ij")
        c = torch.stack([(xs.reshape(-1) + 0.5) * s, (ys.reshape(-1) + 0.5) * s], dim=1)
        n = h * w
        centres.append(c)
        stride.append(torch.full((n,), float(s)))
        lower.append(torch.full((n,), 0.0 if i == 0 else 4.0 * s))
        upper.append(torch.full((n,), math.inf if i == last else 8.0 * s))
        level.append(torch.full((n,), i, dtype=torch.int64))
    return (torch.cat(centres), torch.cat(stride), torch.cat(lower), torch.cat(upper),
            torch.cat(level))


def assign(pts, boxes, labels, radius=CENTER_SAMPLING_RADIUS, with_matched=False):
    """Per point ``(labels (P,) int64 with -1 background, ltrb (P, 4) float32, ctr (P,) float32)``.

    ``boxes`` (n, 4) float32 x1, y1, x2, y2; ``labels`` (n,) int64. With ``with_matched`` a
    fourth element: each point's matched box (index into ``boxes``, int64, -1 for background).
    """
    centres, stride, lower, upper, _ = pts
    p = centres.shape[0]
    if boxes.shape[0] == 0:
        empty = (torch.full((p,), -1, dtype=torch.int64), torch.zeros((p, 4)), torch.zeros(p))
        return empty + (torch.full((p,), -1, dtype=torch.int64),) if with_matched else empty
    x, y = centres[:, 0:1], centres[:, 1:2]                                  # (P, 1)
    x0, y0, x1, y1 = boxes.unsqueeze(0).unbind(dim=2)                      # (1, n)
    dist = torch.stack([x - x0, y - y0, x1 - x, y1 - y], dim=2)            # (P, n, 4)
    box_centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    near = ((centres[:, None, :] - box_centres[None, :, :]).abs().max(dim=2).values
            < (radius * stride)[:, None])
    inside = dist.min(dim=2).values > 0
    m = dist.max(dim=2).values
    in_range = (m > lower[:, None]) & (m <= upper[:, None])
    match = near & inside & in_range
    b = boxes.double()
    areas = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    masked = torch.where(match, areas[None, :].expand_as(match).clone(),
                         torch.full(match.shape, math.inf, dtype=torch.float64))
    best = masked.argmin(dim=1)                       # the first minimum: ties to the first box
    positive = match.any(dim=1)
    out_labels = torch.where(positive, labels[best], torch.full_like(labels[best], -1))
    ltrb = dist[torch.arange(p), best] * positive[:, None]
    lr, tb = ltrb[:, [0, 2]], ltrb[:, [1, 3]]
    ctr = torch.sqrt((lr.min(dim=1).values / lr.max(dim=1).values)
                     * (tb.min(dim=1).values / tb.max(dim=1).values))
    ctr = torch.where(positive, ctr, torch.zeros_like(ctr))
    ltrb = torch.where(positive[:, None], ltrb, torch.zeros_like(ltrb))
    if with_matched:
        return out_labels, ltrb, ctr, torch.where(positive, best, torch.full_like(best, -1))
    return out_labels, ltrb, ctr


def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0):
    """torchvision's ``sigmoid_focal_loss``, reduction none."""
    p = torch.sigmoid(inputs)
    ce = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * ((1 - p_t) ** gamma)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return alpha_t * loss


def generalized_box_iou_loss(boxes1, boxes2, eps=GIOU_EPS):
    """torchvision's ``generalized_box_iou_loss`` (x1, y1, x2, y2 boxes), reduction none."""
    x1, y1, x2, y2 = boxes1.unbind(dim=-1)
    x1g, y1g, x2g, y2g = boxes2.unbind(dim=-1)
    xkis1, ykis1 = torch.max(x1, x1g), torch.max(y1, y1g)
    xkis2, ykis2 = torch.min(x2, x2g), torch.min(y2, y2g)
    intsct = torch.zeros_like(x1)
    mask = (ykis2 > ykis1) & (xkis2 > xkis1)
    intsct[mask] = (xkis2[mask] - xkis1[mask]) * (ykis2[mask] - ykis1[mask])
    union = (x2 - x1) * (y2 - y1) + (x2g - x1g) * (y2g - y1g) - intsct
    iou = intsct / (union + eps)
    xc1, yc1 = torch.min(x1, x1g), torch.min(y1, y1g)
    xc2, yc2 = torch.max(x2, x2g), torch.max(y2, y2g)
    area_c = (xc2 - xc1) * (yc2 - yc1)
    return 1 - (iou - (area_c - union) / (area_c + eps))


def fcos_loss(cls_logits, box_distances, ctr_logits, centres, labels, ltrb, ctr_targets,
              alpha=0.25, gamma=2.0):
    """``(total, classification, box_regression, centerness)``, torchvision's compute_loss.

    ``cls_logits`` (N, P, K), ``box_distances`` (N, P, 4) ltrb pixels, ``ctr_logits`` (N, P);
    targets as :func:`assign` stacked over the batch; ``centres`` (P, 2).
    """
    k = cls_logits.shape[2]
    fg = labels >= 0
    num_fg = max(1, int(fg.sum()))
    one_hot = torch.zeros_like(cls_logits)
    one_hot[fg, labels[fg]] = 1.0
    loss_cls = sigmoid_focal_loss(cls_logits, one_hot, alpha, gamma).sum()
    c = centres.to(box_distances.dtype)[None].expand(box_distances.shape[0], -1, -1)
    pred = torch.cat([c - box_distances[..., :2], c + box_distances[..., 2:]], dim=-1)
    tgt_ltrb = ltrb.to(box_distances.dtype)
    target = torch.cat([c - tgt_ltrb[..., :2], c + tgt_ltrb[..., 2:]], dim=-1)
    loss_box = generalized_box_iou_loss(pred[fg], target[fg]).sum()
    loss_ctr = F.binary_cross_entropy_with_logits(
        ctr_logits[fg], ctr_targets.to(ctr_logits.dtype)[fg], reduction="sum")
    assert k == one_hot.shape[2]
    parts = (loss_cls / num_fg, loss_box / num_fg, loss_ctr / num_fg)
    return (parts[0] + parts[1] + parts[2],) + parts


def box_iou(a, b):
    """IoU matrix of (n, 4) and (m, 4) corner boxes, continuous areas, 0 for an empty union."""
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    union = area_a[:, None] + area_b[None, :] - inter
    return torch.where(union > 0, inter / union.clamp(min=1e-300), torch.zeros_like(inter))


def batched_nms(boxes, scores, classes, iou_threshold):
    """Greedy class-wise NMS; kept indices by score descending, ties in index order."""
    order = torch.sort(scores, descending=True, stable=True).indices
    iou = box_iou(boxes.double(), boxes.double())
    kept = []
    for i in order.tolist():
        if all(classes[j] != classes[i] or iou[i, j] <= iou_threshold for j in kept):
            kept.append(i)
    return torch.tensor(kept, dtype=torch.int64)


def decode(cls_logits, box_distances, ctr_logits, pts, level_counts, valid_hw, scale,
           score_threshold=0.2, top_k=1000, nms_iou=0.6, max_detections=100):
    """One image: ``(boxes (M, 4), scores (M,), labels (M,), trace)`` in original pixels.

    ``cls_logits`` (P, K), ``box_distances`` (P, 4), ``ctr_logits`` (P,); ``level_counts`` the
    points per level; ``trace`` holds the values near each decision (for margin checks).
    """
    centres = pts[0]
    k = cls_logits.shape[1]
    h, w = valid_hw
    all_boxes, all_scores, all_labels = [], [], []
    trace = {"scores": [], "cut_gaps": []}
    start = 0
    for count in level_counts:
        sl = slice(start, start + count)
        scores = torch.sqrt(torch.sigmoid(cls_logits[sl]) * torch.sigmoid(ctr_logits[sl, None]))
        scores = scores.flatten()
        trace["scores"].append(scores)
        keep = torch.where(scores > score_threshold)[0]
        s = scores[keep]
        order = torch.sort(s, descending=True, stable=True).indices
        if len(order) > top_k:
            trace["cut_gaps"].append(float(s[order[top_k - 1]] - s[order[top_k]]))
        order = order[:top_k]
        flat = keep[order]
        point = flat // k + start
        label = flat % k
        c = centres[point]
        d = box_distances[point]
        b = torch.stack([c[:, 0] - d[:, 0], c[:, 1] - d[:, 1], c[:, 0] + d[:, 2],
                         c[:, 1] + d[:, 3]], dim=1)
        b[:, 0::2] = b[:, 0::2].clamp(min=0, max=w)
        b[:, 1::2] = b[:, 1::2].clamp(min=0, max=h)
        nonempty = (b[:, 2] > b[:, 0]) & (b[:, 3] > b[:, 1])
        all_boxes.append(b[nonempty])
        all_scores.append(s[order][nonempty])
        all_labels.append(label[nonempty])
        start += count
    boxes = torch.cat(all_boxes)
    scores = torch.cat(all_scores)
    labels = torch.cat(all_labels)
    kept = batched_nms(boxes, scores, labels, nms_iou)
    if len(kept) > max_detections:
        trace["cut_gaps"].append(float(scores[kept[max_detections - 1]]
                                       - scores[kept[max_detections]]))
    kept = kept[:max_detections]
    trace["candidates"] = (boxes, scores, labels)
    return boxes[kept] / scale, scores[kept], labels[kept], trace
