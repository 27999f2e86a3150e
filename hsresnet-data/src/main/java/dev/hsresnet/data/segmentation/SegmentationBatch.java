package dev.hsresnet.data.segmentation;

/**
 * A batch of equally sized images with their masks, ready for a segmentation network.
 *
 * @param images {@code n * c * h * w} floats, NCHW (normalized as the loader's transform says)
 * @param labels {@code n * h * w} class indices (or the ignore index), sample-major, row-major
 * @param n samples, at least 1
 * @param c image channels
 * @param h height in pixels
 * @param w width in pixels
 */
public record SegmentationBatch(float[] images, int[] labels, int n, int c, int h, int w) {

    /** Validates the array lengths against the shape. */
    public SegmentationBatch {
        if (n < 1 || c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("batch dimensions must be positive, got " + n + "x"
                    + c + "x" + h + "x" + w);
        }
        if (images.length != (long) n * c * h * w || labels.length != (long) n * h * w) {
            throw new IllegalArgumentException("arrays of " + images.length + " and "
                    + labels.length + " values do not fit " + n + "x" + c + "x" + h + "x" + w);
        }
    }
}
