package dev.hsresnet.deploy.onnx;

/**
 * The smallest and largest value a tensor took over the calibration images.
 *
 * @param min the smallest element seen
 * @param max the largest element seen
 */
record ValueRange(float min, float max) {

    /** The range of no element at all; {@link #include} of anything replaces it. */
    static final ValueRange EMPTY = new ValueRange(Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY);

    /** @return whether no element was seen */
    boolean isEmpty() {
        return min > max;
    }

    /** @return the range covering this one and {@code other} */
    ValueRange union(ValueRange other) {
        return new ValueRange(Math.min(min, other.min), Math.max(max, other.max));
    }

    /**
     * @param values elements to include
     * @param from first index
     * @param to end index (exclusive)
     * @return the range covering this one and the elements
     */
    ValueRange include(java.nio.FloatBuffer values, int from, int to) {
        float lo = min;
        float hi = max;
        for (int i = from; i < to; i++) {
            float v = values.get(i);
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        return new ValueRange(lo, hi);
    }
}
