package dev.hsresnet.data.segmentation;

import java.util.Arrays;

/**
 * One per-pixel class mask: {@code height x width} class indices, row-major, index {@code y *
 * width + x}; the pixel-aligned companion of an {@link dev.hsresnet.data.Image}.
 *
 * <p>Like {@code Image}, the record keeps the array it is given (no copy): whoever builds a mask
 * hands the array over and must not change it afterwards, and transforms never modify the array
 * of their input (they return a new mask, or the input itself when nothing changes). Values are
 * not checked here (that is an O(1) constructor); {@link SegmentationDataset#load} checks them
 * against the class count and the ignore index. {@link #equals} compares the labels.
 *
 * @param height rows, at least 1
 * @param width columns, at least 1
 * @param labels {@code height * width} class indices, row-major
 */
public record LabelMask(int height, int width, int[] labels) {

    /**
     * Validates the shape against the array.
     *
     * @param height rows
     * @param width columns
     * @param labels row-major class indices
     * @throws IllegalArgumentException if a side is not positive or the array length is not
     *     {@code height * width}
     * @throws NullPointerException if {@code labels} is null
     */
    public LabelMask {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "mask dimensions must be positive, got " + height + "x" + width);
        }
        if (labels == null) {
            throw new NullPointerException("labels");
        }
        long expected = (long) height * width;
        if (labels.length != expected) {
            throw new IllegalArgumentException("label array has " + labels.length
                    + " values, expected " + expected + " for " + height + "x" + width);
        }
    }

    /**
     * A mask holding one value everywhere.
     *
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @param value the label of every pixel
     * @return a new mask
     * @throws IllegalArgumentException if a side is not positive or {@code height * width} is more
     *     than one array holds
     */
    public static LabelMask filled(int height, int width, int value) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "mask dimensions must be positive, got " + height + "x" + width);
        }
        long n = (long) height * width;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "a " + height + "x" + width + " mask holds more values than one array");
        }
        int[] labels = new int[(int) n];
        if (value != 0) {
            Arrays.fill(labels, value);
        }
        return new LabelMask(height, width, labels);
    }

    /**
     * One label.
     *
     * @param y row, 0-based
     * @param x column, 0-based
     * @return the class index at (y, x)
     * @throws ArrayIndexOutOfBoundsException if (y, x) is outside the mask's array
     */
    public int get(int y, int x) {
        return labels[y * width + x];
    }

    /** @return the number of pixels, {@code height * width} */
    public int size() {
        return labels.length;
    }

    /** Two masks are equal when their sizes and all labels are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMask other
                && height == other.height
                && width == other.width
                && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(labels);
    }

    /** @return the size only, e.g. {@code LabelMask[360x480]} */
    @Override
    public String toString() {
        return "LabelMask[" + height + "x" + width + "]";
    }
}
