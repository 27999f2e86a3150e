package dev.hsresnet.data;

import java.util.SplittableRandom;

/**
 * torchvision's {@code RandomCrop(size, padding)} with zero padding: the image is padded with
 * {@code padding} zero pixels on every side (zero in [0, 1] space, i.e. black, since this runs
 * before {@link Normalize}), then a {@code size x size} window is taken at a uniform random
 * position (top drawn first, then left).
 */
public final class PadRandomCrop implements Transform {

    private final int size;
    private final int padding;

    /**
     * The CIFAR setting: padding 4.
     *
     * @param size output height and width
     */
    public PadRandomCrop(int size) {
        this(size, 4);
    }

    /**
     * @param size output height and width, at least 1
     * @param padding zero border added on each side, at least 0
     */
    public PadRandomCrop(int size, int padding) {
        if (size < 1 || padding < 0) {
            throw new IllegalArgumentException(
                    "need size >= 1 and padding >= 0, got " + size + ", " + padding);
        }
        this.size = size;
        this.padding = padding;
    }

    /**
     * @throws IllegalArgumentException if the padded image is smaller than {@code size}
     */
    @Override
    public Image apply(Image image, SplittableRandom rng) {
        int ph = image.height() + 2 * padding;
        int pw = image.width() + 2 * padding;
        if (ph < size || pw < size) {
            throw new IllegalArgumentException(
                    "padded image " + ph + "x" + pw + " is smaller than the crop " + size);
        }
        int top = rng.nextInt(ph - size + 1) - padding;
        int left = rng.nextInt(pw - size + 1) - padding;
        return Crops.crop(image, top, left, size, size);
    }
}
