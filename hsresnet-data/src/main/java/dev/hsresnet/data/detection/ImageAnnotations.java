package dev.hsresnet.data.detection;

import java.nio.file.Path;
import java.util.List;

/**
 * The parsed, validated annotations of one image, known without decoding it.
 *
 * @param image the image file
 * @param width the image's width in pixels as the annotation declares it (checked against the
 *     decoded image at load time)
 * @param height the image's height in pixels as declared
 * @param boxes the objects to train on and to score, each inside {@code [0, width] x [0,
 *     height]}; empty for a negative image (unmodifiable copy)
 * @param ignored boxes that take part in neither the training targets nor the count of objects to
 *     find: Pascal VOC's {@code difficult} objects and COCO's {@code iscrowd} regions, kept for an
 *     evaluator that treats them as ignore regions (unmodifiable copy)
 * @param annotationFile the file the annotations came from (for messages)
 * @param mask the instance mask file (Penn-Fudan's {@code PedMasks/<stem>_mask.png}, pixel
 *     {@code k} = box {@code k - 1}), or null when the format has none; not checked here
 */
public record ImageAnnotations(Path image, int width, int height, List<BoxAnnotation> boxes,
        List<BoxAnnotation> ignored, Path annotationFile, Path mask) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if the image, annotation file or a list is null
     * @throws IllegalArgumentException if a side is not positive or a box lies outside the image
     */
    public ImageAnnotations {
        if (image == null || annotationFile == null) {
            throw new NullPointerException("image and annotationFile must not be null");
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + width + "x" + height + " for " + image);
        }
        boxes = List.copyOf(boxes);
        ignored = List.copyOf(ignored);
        for (List<BoxAnnotation> list : List.of(boxes, ignored)) {
            for (BoxAnnotation b : list) {
                if (b.x1() < 0 || b.y1() < 0 || b.x2() > width || b.y2() > height) {
                    throw new IllegalArgumentException("box " + b + " lies outside the " + width
                            + "x" + height + " image " + image);
                }
            }
        }
    }

    /** @return true when the image has no box to train on */
    public boolean isNegative() {
        return boxes.isEmpty();
    }
}
