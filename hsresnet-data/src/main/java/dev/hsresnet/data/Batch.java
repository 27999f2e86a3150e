package dev.hsresnet.data;

/**
 * A batch of equally sized images ready for the model.
 *
 * @param images {@code n * c * h * w} floats, NCHW order (sample-major, then CHW)
 * @param n number of samples, at least 1
 * @param c channels
 * @param h height in pixels
 * @param w width in pixels
 * @param labels {@code n} hard labels (the unmixed class of each sample)
 * @param targets {@code n * classes} soft targets, row-major, each row summing to 1, when a
 *     {@link BatchAugment} is used (label smoothing, mixup, cutmix); {@code null} otherwise, in
 *     which case the labels are the targets
 */
public record Batch(float[] images, int n, int c, int h, int w, int[] labels, float[] targets) {

    /**
     * Validates the array lengths against the shape.
     *
     * @param images NCHW values
     * @param n samples
     * @param c channels
     * @param h height
     * @param w width
     * @param labels hard labels
     * @param targets soft targets or null
     * @throws IllegalArgumentException if a dimension is not positive or a length disagrees
     */
    public Batch {
        if (n < 1 || c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException(
                    "batch dimensions must be positive, got " + n + "x" + c + "x" + h + "x" + w);
        }
        if (images.length != (long) n * c * h * w) {
            throw new IllegalArgumentException(
                    "images has " + images.length + " values, expected " + n + "x" + c + "x" + h + "x" + w);
        }
        if (labels.length != n) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, n is " + n);
        }
        if (targets != null && (targets.length == 0 || targets.length % n != 0)) {
            throw new IllegalArgumentException(
                    "targets has " + targets.length + " values, not a positive multiple of n = " + n);
        }
    }

    /** @return the number of classes in {@link #targets}, or 0 when there are no soft targets */
    public int classes() {
        return targets == null ? 0 : targets.length / n;
    }

    /** @return floats per sample, {@code c * h * w} */
    public int sampleSize() {
        return c * h * w;
    }
}
