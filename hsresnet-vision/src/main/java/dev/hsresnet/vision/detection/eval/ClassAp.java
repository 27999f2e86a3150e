package dev.hsresnet.vision.detection.eval;

/**
 * One category's average precision, area all, at most 100 detections an image.
 *
 * @param categoryId the category
 * @param ap mean precision over IoU 0.50:0.95 and the 101 recall points, in [0, 1], or -1 when the
 *     category has no counted (non-crowd) ground truth
 * @param ap50 mean precision at IoU 0.5 over the 101 recall points, in [0, 1], or -1 likewise
 */
public record ClassAp(int categoryId, double ap, double ap50) {}
