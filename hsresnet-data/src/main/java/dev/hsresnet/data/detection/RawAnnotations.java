package dev.hsresnet.data.detection;

import dev.hsresnet.data.mask.Rle;
import java.nio.file.Path;
import java.util.List;

/** What a reader parsed, before class names are resolved and boxes checked against the image. */
final class RawAnnotations {

    private RawAnnotations() {}

    /**
     * One object as the file gives it, already in continuous corner coordinates.
     *
     * @param className the class name as written
     * @param x1 left edge
     * @param y1 top edge
     * @param x2 right edge
     * @param y2 bottom edge
     * @param ignored a VOC {@code difficult} object or a COCO crowd region
     * @param where the record inside the file, e.g. {@code "object 2"} or {@code "line 17"}
     * @param fields the values as written, e.g. {@code "xmin=20, ymin=5, xmax=10, ymax=30"}
     * @param segment the object's mask at the image's size (COCO's {@code segmentation}), or
     *     null when the format has none or it could not be read
     * @param segmentProblem why an image that needs masks ({@link Image#segmented()}) has no
     *     {@code segment} for this box (missing, malformed or empty), or null
     */
    record Box(String className, double x1, double y1, double x2, double y2, boolean ignored,
            String where, String fields, Rle segment, String segmentProblem) {

        /** A box of a format without masks. */
        Box(String className, double x1, double y1, double x2, double y2, boolean ignored,
                String where, String fields) {
            this(className, x1, y1, x2, y2, ignored, where, fields, null, null);
        }
    }

    /**
     * One image and its objects.
     *
     * @param image the image file
     * @param width declared width in pixels
     * @param height declared height in pixels
     * @param boxes its objects
     * @param annotationFile the file they came from
     * @param where the record in that file, e.g. {@code "images[3] (id 42)"}; empty when the
     *     file holds one image
     * @param mask an instance-id mask file whose value {@code j + 1} marks the object of {@code
     *     boxes.get(j)} (Penn-Fudan's numbering), or null
     * @param segmented whether every box to train on must carry its {@link Box#segment()} (a
     *     COCO file read for instance segmentation); a box without one is invalid
     */
    record Image(Path image, int width, int height, List<Box> boxes, Path annotationFile,
            String where, Path mask, boolean segmented) {

        /** An image of a format without per-box masks. */
        Image(Path image, int width, int height, List<Box> boxes, Path annotationFile,
                String where, Path mask) {
            this(image, width, height, boxes, annotationFile, where, mask, false);
        }

        String prefix() {
            return where.isEmpty() ? "" : where + ", ";
        }
    }
}
