package dev.hsresnet.data.detection;

/**
 * A batch of images of different sizes, padded to one size, with their boxes: what a detector's
 * forward pass and target assignment take. Arrays are not copied.
 *
 * <p>Image {@code i} occupies rows {@code [0, heights[i])} and columns {@code [0, widths[i])} of
 * its {@code h x w} slot (top-left aligned); the rest is padding of value 0 (the mean colour when
 * the transform normalizes, as torchvision's and mmdetection's detectors pad). {@code h} and
 * {@code w} are the batch's largest height and width rounded up to a multiple of the loader's size
 * divisor (32 by default, the stride of P5). Boxes are in the padded input's pixel coordinates,
 * which are the transformed image's own, since padding adds only rows and columns after it.
 *
 * <p>When the dataset {@link DetectionDataset#hasInstanceMasks() has instance masks}, {@code
 * masks} holds each box's mask target on the loader's mask stride ({@link BatchMasks}), padded
 * with 0 like the images; otherwise it is null.
 *
 * @param images {@code n * c * h * w} floats, NCHW
 * @param n images, at least 1
 * @param c channels
 * @param h padded height in pixels
 * @param w padded width in pixels
 * @param indices dataset index of each image, {@code n}
 * @param heights valid (unpadded) height of each image, {@code n}, each in {@code [1, h]}
 * @param widths valid width of each image, {@code n}, each in {@code [1, w]}
 * @param scaleX horizontal scale of each image from its file ({@link DetectionSample#scaleX()}):
 *     a predicted {@code x} maps back to {@code x / scaleX[i]} in the file's pixels (when the
 *     transform only resized)
 * @param scaleY vertical scale of each image from its file
 * @param boxes per image, its {@code k} boxes as {@code 4k} floats {@code x1, y1, x2, y2, ...}
 *     in pixels ({@link BoxAnnotation}'s convention), {@code n} arrays
 * @param labels per image, the {@code k} class indices of its boxes, {@code n} arrays
 * @param masks per image, one mask target per box; null when the dataset has no masks
 */
public record DetectionBatch(float[] images, int n, int c, int h, int w, int[] indices,
        int[] heights, int[] widths, double[] scaleX, double[] scaleY, float[][] boxes,
        int[][] labels, BatchMasks masks) {

    /**
     * A batch without masks.
     *
     * @param images NCHW floats
     * @param n images
     * @param c channels
     * @param h padded height
     * @param w padded width
     * @param indices dataset indices
     * @param heights valid heights
     * @param widths valid widths
     * @param scaleX horizontal scales
     * @param scaleY vertical scales
     * @param boxes boxes per image
     * @param labels labels per image
     */
    public DetectionBatch(float[] images, int n, int c, int h, int w, int[] indices,
            int[] heights, int[] widths, double[] scaleX, double[] scaleY, float[][] boxes,
            int[][] labels) {
        this(images, n, c, h, w, indices, heights, widths, scaleX, scaleY, boxes, labels, null);
    }

    /**
     * Validates the shapes.
     *
     * @throws IllegalArgumentException naming the array whose length does not fit, or when the
     *     masks' grid does not cover the padded size at their stride or an image's mask values
     *     are not one plane per box
     */
    public DetectionBatch {
        if (n < 1 || c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("batch dimensions must be positive, got " + n + "x"
                    + c + "x" + h + "x" + w);
        }
        if (images.length != (long) n * c * h * w) {
            throw new IllegalArgumentException("images holds " + images.length + " values, not "
                    + n + "x" + c + "x" + h + "x" + w);
        }
        for (Object[] a : new Object[][] {{"indices", indices.length}, {"heights", heights.length},
                {"widths", widths.length}, {"scaleX", scaleX.length}, {"scaleY", scaleY.length},
                {"boxes", boxes.length}, {"labels", labels.length}}) {
            if ((int) a[1] != n) {
                throw new IllegalArgumentException(a[0] + " has " + a[1] + " entries for " + n
                        + " images");
            }
        }
        for (int i = 0; i < n; i++) {
            if (heights[i] < 1 || heights[i] > h || widths[i] < 1 || widths[i] > w) {
                throw new IllegalArgumentException("image " + i + " is " + heights[i] + "x"
                        + widths[i] + ", outside the " + h + "x" + w + " batch");
            }
            if (boxes[i].length != 4 * labels[i].length) {
                throw new IllegalArgumentException("image " + i + " has " + boxes[i].length
                        + " box values for " + labels[i].length + " labels");
            }
        }
        if (masks != null) {
            int s = masks.stride();
            if (masks.height() != (h + s - 1) / s || masks.width() != (w + s - 1) / s) {
                throw new IllegalArgumentException("a " + masks.height() + "x" + masks.width()
                        + " mask grid at stride " + s + " does not match the " + h + "x" + w
                        + " batch (need ceil(h / stride) x ceil(w / stride))");
            }
            if (masks.values().length != n) {
                throw new IllegalArgumentException("masks have " + masks.values().length
                        + " entries for " + n + " images");
            }
            for (int i = 0; i < n; i++) {
                if (masks.values()[i].length != (long) labels[i].length * masks.planeSize()) {
                    throw new IllegalArgumentException("image " + i + " has "
                            + masks.values()[i].length + " mask values for " + labels[i].length
                            + " boxes of " + masks.height() + "x" + masks.width() + " cells");
                }
            }
        }
    }

    /** @return {@code c * h * w}, the values of one padded image */
    public int sampleSize() {
        return c * h * w;
    }

    /**
     * @param i image index in the batch
     * @return how many boxes image {@code i} has
     */
    public int boxCount(int i) {
        return labels[i].length;
    }

    /** @return the number of boxes over the batch */
    public int totalBoxes() {
        int total = 0;
        for (int[] l : labels) {
            total += l.length;
        }
        return total;
    }
}
