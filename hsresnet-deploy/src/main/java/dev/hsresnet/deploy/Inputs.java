package dev.hsresnet.deploy;

/** Shape checks and reshaping shared by the backends. */
public final class Inputs {

    private Inputs() {}

    /**
     * Checks that {@code input} holds {@code n} images of {@code channels x size x size}.
     *
     * @throws IllegalArgumentException naming the expected and actual lengths
     */
    public static void check(float[] input, int n, int channels, int size) {
        if (n < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + n);
        }
        long expected = (long) n * channels * size * size;
        if (input.length != expected) {
            throw new IllegalArgumentException("input has " + input.length + " floats but " + n
                    + " images of " + channels + "x" + size + "x" + size + " need " + expected);
        }
    }

    /**
     * Checks that {@code input} holds {@code n} images of {@code channels x height x width}, as
     * the dense-task backends take them.
     *
     * @throws IllegalArgumentException when a dimension is below 1 or {@code input} does not hold
     *     exactly that many floats
     */
    public static void check(float[] input, int n, int channels, int height, int width) {
        if (n < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("batch, height and width must be >= 1, got " + n
                    + ", " + height + ", " + width);
        }
        long expected = (long) n * channels * height * width;
        if (input.length != expected) {
            throw new IllegalArgumentException("input has " + input.length + " floats but " + n
                    + " images of " + channels + "x" + height + "x" + width + " need " + expected);
        }
    }

    /**
     * Splits a row-major {@code (n, k)} array into rows.
     *
     * @param flat {@code n * k} values
     * @param n number of rows
     * @return {@code n} arrays of {@code k} values
     */
    public static float[][] rows(float[] flat, int n) {
        if (flat.length % n != 0) {
            throw new IllegalArgumentException(flat.length + " values do not split into " + n + " rows");
        }
        int k = flat.length / n;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
        }
        return out;
    }

    /**
     * Joins rows into one row-major array (the inverse of {@link #rows}).
     *
     * @param rows {@code n} arrays of {@code k} values each
     * @return {@code n * k} values
     */
    public static float[] flatten(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length
                        + " values, row 0 has " + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }
}
