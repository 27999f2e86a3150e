package dev.hsresnet.data.detection;

import dev.hsresnet.data.mask.Rle;
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
 * @param segments the boxes' masks as the annotation file holds them (COCO's {@code
 *     segmentation}: {@code segments.get(i)} belongs to {@code boxes.get(i)}), each at {@code
 *     height x width}; empty when the masks come from a {@code mask} file or there are none
 *     (unmodifiable copy). Kept in memory as runs: a few hundred bytes per object
 * @param ignoredSegments the ignored boxes' regions, one per {@code ignored} box (a COCO crowd
 *     region's {@code segmentation}, or its box when it has none), or empty (unmodifiable copy)
 */
public record ImageAnnotations(Path image, int width, int height, List<BoxAnnotation> boxes,
        List<BoxAnnotation> ignored, Path annotationFile, Path mask, List<Integer> maskValues,
        List<Rle> segments, List<Rle> ignoredSegments) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if the image, annotation file or a list is null
     * @throws IllegalArgumentException if a side is not positive, a box lies outside the image,
     *     or the mask values are not one per box, distinct and at least 1 (or are given without
     *     a mask file), or the segments are not one per box (and per ignored box) at the image's
     *     size, or come with a mask file as well
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
        segments = List.copyOf(segments);
        ignoredSegments = List.copyOf(ignoredSegments);
        checkSegments(image, width, height, segments, boxes.size(), "segments", "boxes");
        checkSegments(image, width, height, ignoredSegments, ignored.size(), "ignored segments",
                "ignored boxes");
        if (mask != null && !segments.isEmpty()) {
            throw new IllegalArgumentException(image + ": masks from both a mask file (" + mask
                    + ") and segments; give one");
        }
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

    /**
     * Without segments (masks, if any, from the mask file).
     *
     * @param image the image file
     * @param width declared width
     * @param height declared height
     * @param boxes the boxes to train on
     * @param ignored the ignored boxes
     * @param annotationFile the annotation file
     * @param mask the instance-id mask file or null
     * @param maskValues each box's value in the mask file
     */
    public ImageAnnotations(Path image, int width, int height, List<BoxAnnotation> boxes,
            List<BoxAnnotation> ignored, Path annotationFile, Path mask,
            List<Integer> maskValues) {
        this(image, width, height, boxes, ignored, annotationFile, mask, maskValues, List.of(),
                List.of());
    }

    private static void checkSegments(Path image, int width, int height, List<Rle> segments,
            int boxes, String what, String of) {
        if (!segments.isEmpty() && segments.size() != boxes) {
            throw new IllegalArgumentException(image + ": " + segments.size() + " " + what
                    + " for " + boxes + " " + of + "; need none or one each");
        }
        for (int i = 0; i < segments.size(); i++) {
            Rle r = segments.get(i);
            if (r.height() != height || r.width() != width) {
                throw new IllegalArgumentException(image + ": " + what + " " + i + " is "
                        + r.height() + "x" + r.width() + " (height x width) but the image is "
                        + height + "x" + width);
            }
        }
    }

    /** @return true when the image has no box to train on */
    public boolean isNegative() {
        return boxes.isEmpty();
    }
}
