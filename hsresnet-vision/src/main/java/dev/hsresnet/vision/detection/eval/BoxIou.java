package dev.hsresnet.vision.detection.eval;

/**
 * Box IoU as pycocotools computes it ({@code maskUtils.iou} on boxes, C {@code bbIou}), in double
 * precision and in the same order of operations.
 */
public final class BoxIou {

    private BoxIou() {}

    /**
     * Intersection over union of a detection and a ground truth. Boxes that only touch, or have
     * zero width or height, overlap 0. For a crowd ground truth the union is the detection's own
     * area, so a detection lying inside a crowd region scores 1 whatever the region's size.
     *
     * @param detection the detection's box, pixels
     * @param groundTruth the ground truth's box, pixels
     * @param crowd whether the ground truth is a crowd region
     * @return the overlap, 0 to 1
     */
    public static double iou(Box detection, Box groundTruth, boolean crowd) {
        double w = Math.min(detection.width() + detection.x(),
                        groundTruth.width() + groundTruth.x())
                - Math.max(detection.x(), groundTruth.x());
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(detection.height() + detection.y(),
                        groundTruth.height() + groundTruth.y())
                - Math.max(detection.y(), groundTruth.y());
        if (h <= 0) {
            return 0;
        }
        double intersection = w * h;
        double detectionArea = detection.width() * detection.height();
        double union = crowd
                ? detectionArea
                : detectionArea + groundTruth.width() * groundTruth.height() - intersection;
        return intersection / union;
    }
}
