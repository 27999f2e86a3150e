package dev.hsresnet.data.detection;

/**
 * The instance masks of a {@link DetectionBatch}, as mask targets on a grid of stride {@code
 * stride} over the padded input: what a YOLACT-style mask head (prototypes on P3 or finer,
 * combined per detection and cropped by its box) is trained against. Arrays are not copied.
 *
 * <p>Cell {@code (y, x)} covers input rows {@code [y * stride, (y + 1) * stride)} and columns
 * {@code [x * stride, (x + 1) * stride)}; its value is the fraction of those {@code stride *
 * stride} pixels that belong to the object ({@link
 * dev.hsresnet.data.mask.InstanceMask#areaAverage area averaging}; padding and pixels past the
 * image count as 0), so a value lies in [0, 1], and at stride 1 it is the mask itself as 0 / 1.
 * YOLACT resizes its masks bilinearly to the prototype size and thresholds at 0.5; thresholding
 * these values at 0.5 is the box-filter counterpart, or they serve as soft targets as they are.
 *
 * <p>Image {@code i}'s {@code k} masks, in the order of its boxes ({@code values[i]} holds the
 * mask of the box at {@code boxes[i][4j..4j+3]} as its {@code j}-th plane), are {@code k *
 * height * width} floats, mask-major then row-major: value {@code (j, y, x)} at {@code (j *
 * height + y) * width + x}. Memory: {@code 4 * K * height * width} bytes for {@code K} boxes in
 * the batch; e.g. 8 images padded to 800 x 1344 with 3 objects each take 6.5 MB at stride 4, 1.6
 * MB at stride 8, and 103 MB at stride 1.
 *
 * @param stride cell side in input pixels, at least 1
 * @param height grid rows, {@code ceil(batch h / stride)}
 * @param width grid columns, {@code ceil(batch w / stride)}
 * @param values per image, {@code k * height * width} floats for its {@code k} boxes, {@code n}
 *     arrays
 */
public record BatchMasks(int stride, int height, int width, float[][] values) {

    /**
     * Validates the grid.
     *
     * @throws IllegalArgumentException if the stride or a grid side is not positive
     * @throws NullPointerException if {@code values} or one of its arrays is null
     */
    public BatchMasks {
        if (stride < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("mask stride and grid must be positive, got stride "
                    + stride + ", " + height + "x" + width);
        }
        for (float[] v : values) {
            if (v == null) {
                throw new NullPointerException("mask values of an image");
            }
        }
    }

    /** @return {@code height * width}, the values of one mask */
    public int planeSize() {
        return height * width;
    }

    /**
     * @param i image index in the batch
     * @param j box index in that image
     * @param y grid row
     * @param x grid column
     * @return the target of box {@code j} of image {@code i} at cell {@code (y, x)}
     * @throws IndexOutOfBoundsException naming the cell if it lies outside the grid
     */
    public float get(int i, int j, int y, int x) {
        if (y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException("cell (y=" + y + ", x=" + x + ") outside the "
                    + height + "x" + width + " mask grid");
        }
        return values[i][(j * height + y) * width + x];
    }
}
