package dev.hsresnet.data;

import java.util.Arrays;

/**
 * One decoded image: {@code channels x height x width} floats, CHW order (channel planes, each
 * row-major), index {@code (c * height + y) * width + x}.
 *
 * <p>Freshly decoded images hold values in [0, 1]; after {@link Normalize} they hold normalized
 * values. Transforms never modify the array of their input; they return a new image (or the input
 * itself when nothing changes). {@link #equals} compares the pixel values.
 *
 * @param channels number of channels (1 = luminance, 3 = R, G, B), at least 1
 * @param height rows, at least 1
 * @param width columns, at least 1
 * @param pixels {@code channels * height * width} values, CHW order
 */
public record Image(int channels, int height, int width, float[] pixels) {

    /**
     * Validates the shape against the pixel array.
     *
     * @param channels channels
     * @param height rows
     * @param width columns
     * @param pixels CHW values
     * @throws IllegalArgumentException if a dimension is not positive or the array length is not
     *     {@code channels * height * width}
     * @throws NullPointerException if {@code pixels} is null
     */
    public Image {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image dimensions must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (pixels == null) {
            throw new NullPointerException("pixels");
        }
        long expected = (long) channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    "pixel array has " + pixels.length + " values, expected " + expected + " for "
                            + channels + "x" + height + "x" + width);
        }
    }

    /**
     * An all-zero image.
     *
     * @param channels channels
     * @param height rows
     * @param width columns
     * @return a new image filled with 0
     */
    public static Image zeros(int channels, int height, int width) {
        return new Image(channels, height, width, new float[length(channels, height, width)]);
    }

    /** The most values one Java array may hold. */
    public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    /**
     * The number of values of a {@code channels x height x width} image, computed in {@code long}
     * before anything is allocated.
     *
     * @param channels channels
     * @param height rows
     * @param width columns
     * @return {@code channels * height * width}
     * @throws ImageBudgetException when that is more than one array holds ({@link #MAX_VALUES})
     */
    public static int length(long channels, long height, long width) {
        if (channels < 0 || height < 0 || width < 0) {
            throw new IllegalArgumentException(
                    "negative image size " + channels + "x" + height + "x" + width);
        }
        double approx = (double) channels * height * width;
        if (approx > MAX_VALUES) {
            throw new ImageBudgetException("a " + channels + "x" + height + "x" + width
                    + " image would hold " + String.format(java.util.Locale.ROOT, "%.0f", approx)
                    + " values, more than one array holds (" + MAX_VALUES + ")");
        }
        return (int) (channels * height * width);
    }

    /**
     * One value.
     *
     * @param c channel, 0-based
     * @param y row, 0-based
     * @param x column, 0-based
     * @return the value at (c, y, x)
     */
    public float get(int c, int y, int x) {
        return pixels[(c * height + y) * width + x];
    }

    /** @return the number of values, {@code channels * height * width} */
    public int size() {
        return pixels.length;
    }

    /** Two images are equal when their shapes and all pixel values are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Image other
                && channels == other.channels
                && height == other.height
                && width == other.width
                && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(pixels);
    }

    /** @return the shape only, e.g. {@code Image[3x32x32]} */
    @Override
    public String toString() {
        return "Image[" + channels + "x" + height + "x" + width + "]";
    }
}
