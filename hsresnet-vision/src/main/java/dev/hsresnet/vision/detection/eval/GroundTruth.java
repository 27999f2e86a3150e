package dev.hsresnet.vision.detection.eval;

import java.util.Objects;

/**
 * One ground-truth object of an image, as a COCO annotation for {@code iouType='bbox'}.
 *
 * @param categoryId the object's class, one of the {@link CocoGroundTruth}'s category ids
 * @param box the object's box, pixels
 * @param crowd COCO's {@code iscrowd}: a region of many objects. It never counts as a missed
 *     object, and detections that fall on it are ignored rather than counted as false positives
 * @param area the area that decides the small/medium/large range, square pixels. COCO's files give
 *     the segment's area here, which is smaller than the box's; the shorter constructors use the
 *     box's area {@code width * height}
 */
public record GroundTruth(int categoryId, Box box, boolean crowd, double area) {

    /** @throws NullPointerException if {@code box} is null */
    public GroundTruth {
        Objects.requireNonNull(box, "box");
    }

    /**
     * A crowd or non-crowd object whose area is its box's area.
     *
     * @param categoryId the object's class
     * @param box the object's box, pixels
     * @param crowd COCO's {@code iscrowd}
     */
    public GroundTruth(int categoryId, Box box, boolean crowd) {
        this(categoryId, box, crowd, Objects.requireNonNull(box, "box").area());
    }

    /**
     * A single (non-crowd) object whose area is its box's area.
     *
     * @param categoryId the object's class
     * @param box the object's box, pixels
     */
    public GroundTruth(int categoryId, Box box) {
        this(categoryId, box, false);
    }
}
