package dev.hsresnet.vision.detection;

/**
 * One detection of a decoded image: a class, a score and a box in corner form, in pixels of the
 * original image (x to the right, y down).
 *
 * @param classIndex the 0-based class
 * @param score {@code sqrt(sigmoid(cls) * sigmoid(centerness))}, in {@code (0, 1]}
 * @param x1 left edge, pixels
 * @param y1 top edge, pixels
 * @param x2 right edge, pixels ({@code > x1})
 * @param y2 bottom edge, pixels ({@code > y1})
 */
public record DetectedBox(int classIndex, float score, float x1, float y1, float x2, float y2) {

    /** @return {@code x2 - x1}, pixels */
    public float width() {
        return x2 - x1;
    }

    /** @return {@code y2 - y1}, pixels */
    public float height() {
        return y2 - y1;
    }
}
