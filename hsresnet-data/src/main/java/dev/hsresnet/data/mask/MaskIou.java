package dev.hsresnet.data.mask;

import java.util.Objects;

/**
 * Mask IoU as pycocotools' {@code maskUtils.iou} computes it for RLEs (C {@code rleIou}):
 * intersection over union of the set pixels, as a double {@code i / u} of pixel counts. For a
 * crowd ground truth the denominator is the detection's own area, so a detection lying inside a
 * crowd region scores 1 whatever the region's size. Masks without a common pixel overlap 0,
 * empty masks included. Computed on the runs; masks whose boxes share no pixel are skipped
 * without a walk (pycocotools tests the boxes first too).
 */
public final class MaskIou {

    private MaskIou() {}

    /**
     * @param detection the detection's mask
     * @param groundTruth the ground truth's mask, of the same size
     * @param crowd whether the ground truth is a crowd region
     * @return the overlap, 0 to 1
     * @throws IllegalArgumentException if the sizes differ (pycocotools returns -1 then)
     */
    public static double iou(Rle detection, Rle groundTruth, boolean crowd) {
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(groundTruth, "groundTruth");
        if (!detection.sameSize(groundTruth)) {
            throw new IllegalArgumentException("detection mask is " + detection.sizeText()
                    + ", ground-truth mask is " + groundTruth.sizeText()
                    + ": IoU needs masks of one size");
        }
        if (!detection.boxesOverlap(groundTruth)) {
            return 0;
        }
        long both = RunWalk.intersection(detection.rawCounts(), groundTruth.rawCounts());
        if (both == 0) {
            return 0;
        }
        long union = crowd ? detection.area() : detection.area() + groundTruth.area() - both;
        return (double) both / (double) union;
    }

    /**
     * The IoU matrix of pycocotools' {@code maskUtils.iou(dt, gt, iscrowd)}.
     *
     * @param detections the detections' masks
     * @param groundTruths the ground truths' masks, all of the detections' size
     * @param crowd per ground truth, whether it is a crowd region
     * @return {@code [detection][ground truth]} overlaps
     * @throws IllegalArgumentException if {@code crowd} does not have one flag per ground truth
     *     or two masks differ in size (naming both indices)
     */
    public static double[][] iou(Rle[] detections, Rle[] groundTruths, boolean[] crowd) {
        if (crowd.length != groundTruths.length) {
            throw new IllegalArgumentException(crowd.length + " crowd flags for "
                    + groundTruths.length + " ground truths");
        }
        double[][] out = new double[detections.length][groundTruths.length];
        for (int d = 0; d < detections.length; d++) {
            for (int g = 0; g < groundTruths.length; g++) {
                try {
                    out[d][g] = iou(detections[d], groundTruths[g], crowd[g]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("detection " + d + ", ground truth " + g
                            + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
