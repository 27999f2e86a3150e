package dev.hsresnet.vision.detection.eval;

import java.util.Objects;

/**
 * One detection of an image, as a COCO result for {@code iouType='bbox'}. Its area (for the
 * small/medium/large ranges) is its box's area {@code width * height}, as pycocotools'
 * {@code loadRes} sets it.
 *
 * @param categoryId the predicted class, one of the {@link CocoGroundTruth}'s category ids
 * @param box the predicted box, pixels
 * @param score the confidence; only its order matters (higher ranks first). It must be finite
 */
public record Detection(int categoryId, Box box, double score) {

    /** @throws NullPointerException if {@code box} is null */
    public Detection {
        Objects.requireNonNull(box, "box");
    }
}
