package dev.hsresnet.deploy.segmentation;

import ai.djl.ndarray.types.Shape;

/** The shape check shared by the segmentation backends. */
final class SegmentationInputs {

    private SegmentationInputs() {}

    /**
     * @return the shape {@code (n, channels, height, width)}
     * @throws IllegalArgumentException when a dimension is below 1 or {@code input} does not hold
     *     exactly that many floats
     */
    static Shape check(float[] input, int n, int channels, int height, int width) {
        if (n < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("batch, height and width must be >= 1, got " + n
                    + ", " + height + ", " + width);
        }
        long expected = (long) n * channels * height * width;
        if (input.length != expected) {
            throw new IllegalArgumentException("input has " + input.length + " floats but " + n
                    + " images of " + channels + "x" + height + "x" + width + " need " + expected);
        }
        return new Shape(n, channels, height, width);
    }
}
