package dev.hsresnet.vision.detection.eval;

import dev.hsresnet.data.mask.Rle;
import java.util.Objects;

/**
 * One detection of an image, as a COCO result. Its area (for the small/medium/large ranges) is,
 * for {@link IouType#BBOX}, its box's area {@code width * height}, as pycocotools'
 * {@code loadRes} sets it for box results, and for {@link IouType#SEGM} its mask's pixel count,
 * as {@code loadRes} sets it for segmentation results.
 *
 * @param categoryId the predicted class, one of the {@link CocoGroundTruth}'s category ids
 * @param box the predicted box, pixels
 * @param score the confidence; only its order matters (higher ranks first). It must be finite
 * @param mask the predicted mask in the image's pixels, or null; needed for
 *     {@link IouType#SEGM}, ignored for {@link IouType#BBOX}
 */
public record Detection(int categoryId, Box box, double score, Rle mask) {

    /** @throws NullPointerException if {@code box} is null */
    public Detection {
        Objects.requireNonNull(box, "box");
    }

    /**
     * A detection without a mask.
     *
     * @param categoryId the predicted class
     * @param box the predicted box, pixels
     * @param score the confidence
     */
    public Detection(int categoryId, Box box, double score) {
        this(categoryId, box, score, null);
    }

    /**
     * A detection given by its mask, with the mask's box ({@link Rle#toBox()}) as its box.
     *
     * @param categoryId the predicted class
     * @param mask the predicted mask
     * @param score the confidence
     * @return the detection
     */
    public static Detection ofMask(int categoryId, Rle mask, double score) {
        return new Detection(categoryId, GroundTruth.boxOf(Objects.requireNonNull(mask, "mask")),
                score, mask);
    }
}
