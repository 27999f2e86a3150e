package dev.hsresnet.vision.instance;

import dev.hsresnet.vision.detection.FcosTargets;

/**
 * What the mask loss of one image needs: the FCOS assignment of its locations (which ground-truth
 * box each positive location is matched to), the ground-truth boxes and their masks at the
 * prototypes' resolution.
 *
 * @param assignment the image's FCOS targets ({@link FcosTargets#assign}) for the batch's points,
 *     from these boxes
 * @param boxes {@code G * 4} ground-truth boxes {@code x1, y1, x2, y2} in input pixels (of the
 *     padded batch), the boxes the assignment was made from, in the same order
 * @param masks {@code G * H4 * W4} ground-truth instance masks, box after box, each row-major at
 *     the prototypes' size {@code H4 x W4} ({@link YolactNet#prototypeSize} of the padded batch):
 *     pixel {@code (y, x)} covers the input pixels around {@code ((x + 0.5) * 4, (y + 0.5) * 4)},
 *     a value in {@code [0, 1]} (the fraction of the pixel the object covers, or 0/1)
 */
public record MaskTargets(FcosTargets assignment, float[] boxes, float[] masks) {

    /** Checks the lengths against each other (the mask size is checked by the loss). */
    public MaskTargets {
        if (assignment == null || boxes == null || masks == null) {
            throw new IllegalArgumentException("mask targets need an assignment, boxes and masks");
        }
        if (boxes.length % 4 != 0) {
            throw new IllegalArgumentException("need 4 coordinates per box, got " + boxes.length);
        }
        int g = boxes.length / 4;
        if ((g == 0) != (masks.length == 0) || (g > 0 && masks.length % g != 0)) {
            throw new IllegalArgumentException(g + " boxes but " + masks.length
                    + " mask values: need one H4 x W4 mask per box");
        }
    }

    /** @return the number of ground-truth boxes {@code G} */
    public int count() {
        return boxes.length / 4;
    }
}
