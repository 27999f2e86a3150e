package dev.hsresnet.vision.detection.eval;

/**
 * An axis-aligned box in COCO's {@code [x, y, width, height]} form: {@code x, y} is the top-left
 * corner and {@code width, height} the size, all in pixels of the original image (x to the right,
 * y down). This is the form of COCO's {@code bbox} field and of pycocotools' IoU.
 *
 * <p>The record holds any values; they are checked (finite corner, finite non-negative size) when
 * the box enters a {@link CocoGroundTruth} or a {@link CocoEvaluator}, whose errors name the image
 * and the annotation.
 *
 * @param x left edge, pixels
 * @param y top edge, pixels
 * @param width width, pixels
 * @param height height, pixels
 */
public record Box(double x, double y, double width, double height) {

    /**
     * Converts corner form {@code [x1, y1, x2, y2]} (pixels) to this form: {@code width = x2 - x1},
     * {@code height = y2 - y1}. Corners in the wrong order give a negative size, which evaluation
     * rejects.
     *
     * @param x1 left edge, pixels
     * @param y1 top edge, pixels
     * @param x2 right edge, pixels
     * @param y2 bottom edge, pixels
     * @return the box
     */
    public static Box fromCorners(double x1, double y1, double x2, double y2) {
        return new Box(x1, y1, x2 - x1, y2 - y1);
    }

    /** @return the right edge {@code x + width}, pixels */
    public double x2() {
        return x + width;
    }

    /** @return the bottom edge {@code y + height}, pixels */
    public double y2() {
        return y + height;
    }

    /** @return {@code width * height}, square pixels (what pycocotools uses for a box's area) */
    public double area() {
        return width * height;
    }
}
