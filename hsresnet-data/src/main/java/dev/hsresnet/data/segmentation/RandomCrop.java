package dev.hsresnet.data.segmentation;

import dev.hsresnet.data.Crops;
import dev.hsresnet.data.Image;
import java.util.SplittableRandom;

/**
 * Takes a random {@code height x width} window of image and mask. A sample smaller than the
 * window along a side is first padded at the bottom / right to the window's size, the image with
 * 0 and the mask with the ignore index (mmseg's {@code RandomCrop} followed by {@code Pad}), so
 * padded pixels count in no loss or metric. The image's 0 is black in [0, 1] space when this runs
 * before normalization, the mean colour after it. The window's top is drawn first ({@code
 * nextInt(paddedHeight - height + 1)}), then its left; always two draws.
 */
public final class RandomCrop implements JointTransform {

    private final int height;
    private final int width;
    private final int ignoreIndex;

    /**
     * @param height window rows, at least 1
     * @param width window columns, at least 1
     * @param ignoreIndex the mask value of padded pixels, the dataset's {@link
     *     SegmentationDataset#ignoreIndex()}; not negative
     * @throws IllegalArgumentException if a side is not positive or {@code ignoreIndex} is
     *     negative
     */
    public RandomCrop(int height, int width, int ignoreIndex) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "crop size must be positive, got " + height + "x" + width);
        }
        if (ignoreIndex < 0) {
            throw new IllegalArgumentException(
                    "ignore index must not be negative, got " + ignoreIndex);
        }
        this.height = height;
        this.width = width;
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public SegmentationSample apply(SegmentationSample sample, SplittableRandom rng) {
        int ph = Math.max(sample.height(), height);
        int pw = Math.max(sample.width(), width);
        int top = rng.nextInt(ph - height + 1);
        int left = rng.nextInt(pw - width + 1);
        if (sample.height() == height && sample.width() == width) {
            return sample;
        }
        Image image = Crops.crop(sample.image(), top, left, height, width);
        LabelMask mask = MaskOps.crop(sample.mask(), top, left, height, width, ignoreIndex);
        return new SegmentationSample(image, mask);
    }
}
