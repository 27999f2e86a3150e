package dev.hsresnet.data.detection;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

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
 * @param mask the instance-id mask file (Penn-Fudan's {@code PedMasks/<stem>_mask.png}: 0 is
 *     background, {@code v} the object with mask value {@code v}), or null when the format has
 *     none; not read here ({@link InstanceIdMasks} reads it)
 * @param maskValues for each box, its object's value in {@code mask} ({@code maskValues.get(i)}
 *     belongs to {@code boxes.get(i)}); empty when {@code mask} is null; distinct and at least 1
 *     (unmodifiable copy). Penn-Fudan's object {@code k} of the file has value {@code k}, so
 *     without dropped boxes this is {@code 1, 2, ..., boxes.size()}
 */
public record ImageAnnotations(Path image, int width, int height, List<BoxAnnotation> boxes,
        List<BoxAnnotation> ignored, Path annotationFile, Path mask, List<Integer> maskValues) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if the image, annotation file or a list is null
     * @throws IllegalArgumentException if a side is not positive, a box lies outside the image,
     *     or the mask values are not one per box, distinct and at least 1 (or are given without
     *     a mask file)
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
        maskValues = List.copyOf(maskValues);
        for (List<BoxAnnotation> list : List.of(boxes, ignored)) {
            for (BoxAnnotation b : list) {
                if (b.x1() < 0 || b.y1() < 0 || b.x2() > width || b.y2() > height) {
                    throw new IllegalArgumentException("box " + b + " lies outside the " + width
                            + "x" + height + " image " + image);
                }
            }
        }
        if (mask == null ? !maskValues.isEmpty() : maskValues.size() != boxes.size()) {
            throw new IllegalArgumentException(image + ": " + maskValues.size() + " mask values"
                    + " for " + boxes.size() + " boxes " + (mask == null ? "and no mask file"
                            : "and mask file " + mask) + "; need one per box with a mask file");
        }
        Set<Integer> seen = new HashSet<>();
        for (int v : maskValues) {
            if (v < 1 || !seen.add(v)) {
                throw new IllegalArgumentException(image + ": mask values must be distinct and at"
                        + " least 1 (0 is background), got " + maskValues);
            }
        }
    }

    /**
     * With the mask values {@code 1, 2, ..., boxes.size()} when there is a mask file (object
     * {@code k} of the file is mask value {@code k}), none otherwise.
     *
     * @param image the image file
     * @param width declared width
     * @param height declared height
     * @param boxes the boxes to train on
     * @param ignored the ignored boxes
     * @param annotationFile the annotation file
     * @param mask the instance-id mask file or null
     */
    public ImageAnnotations(Path image, int width, int height, List<BoxAnnotation> boxes,
            List<BoxAnnotation> ignored, Path annotationFile, Path mask) {
        this(image, width, height, boxes, ignored, annotationFile, mask, mask == null ? List.of()
                : IntStream.rangeClosed(1, boxes.size()).boxed().toList());
    }

    /** @return true when the image has no box to train on */
    public boolean isNegative() {
        return boxes.isEmpty();
    }
}
