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
 */
public record DetectionBatch(float[] images, int n, int c, int h, int w, int[] indices,
        int[] heights, int[] widths, double[] scaleX, double[] scaleY, float[][] boxes,
        int[][] labels) {

    /**
     * Validates the shapes.
     *
     * @throws IllegalArgumentException naming the array whose length does not fit
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
