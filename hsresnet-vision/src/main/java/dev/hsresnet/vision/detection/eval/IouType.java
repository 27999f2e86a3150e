package dev.hsresnet.vision.detection.eval;

import dev.hsresnet.data.mask.MaskIou;

/**
 * What a {@link CocoEvaluator} overlaps, pycocotools' {@code params.iouType}: boxes or masks.
 * Everything after the IoU matrix and the detections' areas (matching, accumulation, summary)
 * is the same for both.
 */
public enum IouType {

    /** Box IoU ({@link BoxIou}); a detection's area is its box's. */
    BBOX("bbox") {
        @Override
        double iou(Detection detection, GroundTruth groundTruth) {
            return BoxIou.iou(detection.box(), groundTruth.box(), groundTruth.crowd());
        }

        @Override
        double area(Detection detection) {
            return detection.box().area();
        }
    },

    /**
     * Mask IoU ({@link MaskIou}, crowd rule included); a detection's area is its mask's pixel
     * count. Every ground truth and every detection needs a mask.
     */
    SEGM("segm") {
        @Override
        double iou(Detection detection, GroundTruth groundTruth) {
            return MaskIou.iou(detection.mask(), groundTruth.mask(), groundTruth.crowd());
        }

        @Override
        double area(Detection detection) {
            return detection.mask().area();
        }
    };

    private final String label;

    IouType(String label) {
        this.label = label;
    }

    /** @return pycocotools' name: {@code bbox} or {@code segm} */
    public String label() {
        return label;
    }

    /** @return the overlap of a checked detection and ground truth, 0 to 1 */
    abstract double iou(Detection detection, GroundTruth groundTruth);

    /** @return the detection's area for the size ranges, square pixels */
    abstract double area(Detection detection);
}
