package dev.hsresnet.data.detection;

/**
 * One object's axis-aligned box in continuous pixel coordinates: the image spans {@code [0,
 * width] x [0, height]}, pixel {@code (i, j)} (0-based column, row) covers {@code [i, i + 1] x [j,
 * j + 1]}, and a box covers {@code [x1, x2] x [y1, y2]}. Its width is {@code x2 - x1}, its area
 * {@code (x2 - x1) * (y2 - y1)} square pixels (COCO's and torchvision's convention, no "+1").
 *
 * <p>The file formats map onto it as detectron2 does: Pascal VOC XML, the raccoon CSV and
 * Penn-Fudan's PASCAL v1.00 text give 1-based inclusive pixel indices {@code xmin..xmax}, which
 * cover {@code [xmin - 1, xmax]}; so {@code x1 = xmin - 1, y1 = ymin - 1, x2 = xmax, y2 = ymax}
 * (a box {@code xmin = 1, xmax = W} covers the whole width). COCO's {@code bbox = [x, y, w, h]}
 * is already continuous: {@code x1 = x, x2 = x + w}.
 *
 * @param classIndex the class, an index into the dataset's class list, at least 0
 * @param x1 left edge in pixels
 * @param y1 top edge in pixels
 * @param x2 right edge in pixels, greater than {@code x1}
 * @param y2 bottom edge in pixels, greater than {@code y1}
 */
public record BoxAnnotation(int classIndex, float x1, float y1, float x2, float y2) {

    /**
     * Validates the box.
     *
     * @throws IllegalArgumentException naming the values if the class is negative, a corner is
     *     not finite, or the box has no positive width and height
     */
    public BoxAnnotation {
        if (classIndex < 0) {
            throw new IllegalArgumentException("class index must not be negative, got " + classIndex);
        }
        if (!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2)
                || !Float.isFinite(y2)) {
            throw new IllegalArgumentException("box corners must be finite, got " + corners(x1, y1,
                    x2, y2));
        }
        if (!(x2 > x1) || !(y2 > y1)) {
            throw new IllegalArgumentException("box needs x2 > x1 and y2 > y1, got "
                    + corners(x1, y1, x2, y2));
        }
    }

    /**
     * The box with these corners, or null when it has no positive width or height.
     *
     * @param classIndex the class
     * @param x1 left
     * @param y1 top
     * @param x2 right
     * @param y2 bottom
     * @return the box or null
     */
    static BoxAnnotation orNull(int classIndex, float x1, float y1, float x2, float y2) {
        return x2 > x1 && y2 > y1 ? new BoxAnnotation(classIndex, x1, y1, x2, y2) : null;
    }

    /** @return {@code x2 - x1} in pixels */
    public float width() {
        return x2 - x1;
    }

    /** @return {@code y2 - y1} in pixels */
    public float height() {
        return y2 - y1;
    }

    /** @return {@code width() * height()} in square pixels */
    public double area() {
        return (double) width() * height();
    }

    /**
     * Scales both axes (a resize of the image by {@code sx} horizontally and {@code sy}
     * vertically) and clips to {@code [0, maxX] x [0, maxY]}, the resized image.
     *
     * @param sx horizontal factor, positive
     * @param sy vertical factor, positive
     * @param maxX width of the resized image
     * @param maxY height of the resized image
     * @return the scaled box, or null if float rounding leaves it empty
     */
    public BoxAnnotation scaled(double sx, double sy, float maxX, float maxY) {
        return orNull(classIndex, clamp((float) (x1 * sx), maxX), clamp((float) (y1 * sy), maxY),
                clamp((float) (x2 * sx), maxX), clamp((float) (y2 * sy), maxY));
    }

    /**
     * The part of the box inside the window {@code [left, left + width] x [top, top + height]},
     * in the window's coordinates.
     *
     * @param left the window's left edge
     * @param top the window's top edge
     * @param width window width
     * @param height window height
     * @return the clipped, shifted box, or null when it does not overlap the window with a
     *     positive area
     */
    public BoxAnnotation cropped(int left, int top, int width, int height) {
        return orNull(classIndex, clamp(x1 - left, width), clamp(y1 - top, height),
                clamp(x2 - left, width), clamp(y2 - top, height));
    }

    /**
     * Mirrors left to right inside an image of width {@code imageWidth}: {@code x1' = W - x2,
     * x2' = W - x1}.
     *
     * @param imageWidth the image's width in pixels
     * @return the mirrored box
     */
    public BoxAnnotation flippedHorizontally(int imageWidth) {
        return new BoxAnnotation(classIndex, imageWidth - x2, y1, imageWidth - x1, y2);
    }

    private static float clamp(float v, float max) {
        return v < 0 ? 0 : v > max ? max : v;
    }

    private static String corners(float x1, float y1, float x2, float y2) {
        return "(x1=" + x1 + ", y1=" + y1 + ", x2=" + x2 + ", y2=" + y2 + ")";
    }
}
