package dev.hsresnet.vision.detection.eval;

import dev.hsresnet.data.mask.MaskBox;
import dev.hsresnet.data.mask.Rle;
import java.util.Objects;

/**
 * One ground-truth object of an image, as a COCO annotation: its box for {@link IouType#BBOX},
 * and for {@link IouType#SEGM} also its mask.
 *
 * @param categoryId the object's class, one of the {@link CocoGroundTruth}'s category ids
 * @param box the object's box, pixels
 * @param crowd COCO's {@code iscrowd}: a region of many objects. It never counts as a missed
 *     object, and detections that fall on it are ignored rather than counted as false positives
 * @param area the area that decides the small/medium/large range, square pixels, in both IoU
 *     types (pycocotools reads the annotation's {@code area} for both). COCO's files give the
 *     segment's area here, which is smaller than the box's; the shorter constructors use the
 *     box's area {@code width * height}, and {@link #ofMask(int, Rle, boolean)} the mask's
 * @param mask the object's mask in the image's pixels, or null; needed for
 *     {@link IouType#SEGM}, ignored for {@link IouType#BBOX}
 */
public record GroundTruth(int categoryId, Box box, boolean crowd, double area, Rle mask) {

    /** @throws NullPointerException if {@code box} is null */
    public GroundTruth {
        Objects.requireNonNull(box, "box");
    }

    /**
     * An object without a mask.
     *
     * @param categoryId the object's class
     * @param box the object's box, pixels
     * @param crowd COCO's {@code iscrowd}
     * @param area the area for the size ranges, square pixels
     */
    public GroundTruth(int categoryId, Box box, boolean crowd, double area) {
        this(categoryId, box, crowd, area, null);
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

    /**
     * An object given by its mask, with the mask's pixel count as its area (what a COCO file's
     * {@code area} holds for an object annotated by a segmentation) and the mask's box
     * ({@link Rle#toBox()}) as its box.
     *
     * @param categoryId the object's class
     * @param mask the object's mask
     * @param crowd COCO's {@code iscrowd}
     * @return the object
     */
    public static GroundTruth ofMask(int categoryId, Rle mask, boolean crowd) {
        return ofMask(categoryId, mask, crowd, Objects.requireNonNull(mask, "mask").area());
    }

    /**
     * An object given by its mask, with a given area (a COCO file's {@code area} field) and the
     * mask's box as its box.
     *
     * @param categoryId the object's class
     * @param mask the object's mask
     * @param crowd COCO's {@code iscrowd}
     * @param area the area for the size ranges, square pixels
     * @return the object
     */
    public static GroundTruth ofMask(int categoryId, Rle mask, boolean crowd, double area) {
        return new GroundTruth(categoryId, boxOf(Objects.requireNonNull(mask, "mask")), crowd,
                area, mask);
    }

    /** @return the mask's box as an evaluation box */
    static Box boxOf(Rle mask) {
        MaskBox b = mask.toBox();
        return new Box(b.x(), b.y(), b.width(), b.height());
    }
}
