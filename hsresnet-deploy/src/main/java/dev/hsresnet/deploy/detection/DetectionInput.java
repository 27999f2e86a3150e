package dev.hsresnet.deploy.detection;

/**
 * One image made ready for a detector's network ({@link Detector#prepare}): resized with its
 * aspect kept, normalized and padded with 0 at the bottom and right to a multiple of {@value
 * Detector#SIZE_DIVISOR}, with what maps the network's boxes back to the image's pixels.
 *
 * @param pixels {@code channels * height * width} float32, CHW, row-major
 * @param channels the model's input channels
 * @param height padded rows, a multiple of {@value Detector#SIZE_DIVISOR}
 * @param width padded columns, a multiple of {@value Detector#SIZE_DIVISOR}
 * @param validHeight rows of the resized image inside the padding, {@code 1..height}
 * @param validWidth columns of the resized image, {@code 1..width}
 * @param scaleX {@code validWidth / imageWidth}: input pixels per image pixel, horizontally
 * @param scaleY {@code validHeight / imageHeight}, vertically
 * @param imageHeight rows of the image as decoded
 * @param imageWidth columns of the image as decoded
 */
public record DetectionInput(float[] pixels, int channels, int height, int width,
        int validHeight, int validWidth, double scaleX, double scaleY, int imageHeight,
        int imageWidth) {

    /**
     * Validates the shape.
     *
     * @throws IllegalArgumentException naming the value when a size is not positive, the valid
     *     part does not fit the padded one, a scale is not positive and finite, or {@code pixels}
     *     does not hold {@code channels * height * width} values
     */
    public DetectionInput {
        if (pixels == null) {
            throw new NullPointerException("pixels");
        }
        if (channels < 1 || height < 1 || width < 1 || imageHeight < 1 || imageWidth < 1) {
            throw new IllegalArgumentException("channels, sizes and image sizes must be >= 1, got "
                    + channels + "x" + height + "x" + width + ", image " + imageWidth + "x"
                    + imageHeight);
        }
        if (validHeight < 1 || validHeight > height || validWidth < 1 || validWidth > width) {
            throw new IllegalArgumentException("valid size " + validWidth + "x" + validHeight
                    + " (width x height) must lie inside the padded " + width + "x" + height);
        }
        if (!(scaleX > 0 && scaleY > 0) || Double.isInfinite(scaleX)
                || Double.isInfinite(scaleY)) {
            throw new IllegalArgumentException("scales must be positive and finite, got "
                    + scaleX + ", " + scaleY);
        }
        if (pixels.length != (long) channels * height * width) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " values, a "
                    + channels + "x" + height + "x" + width + " input needs "
                    + (long) channels * height * width);
        }
    }

    /** @return whether {@code other} has the same padded shape, so both can share a batch */
    public boolean sameShape(DetectionInput other) {
        return channels == other.channels && height == other.height && width == other.width;
    }
}
