package dev.hsresnet.data;

import java.util.SplittableRandom;

/** Bilinear resize to a fixed {@code height x width} (see {@link Bilinear} for the convention). */
public final class Resize implements Transform {

    private final int height;
    private final int width;

    /**
     * @param height output rows, at least 1
     * @param width output columns, at least 1
     */
    public Resize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("size must be positive, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
    }

    @Override
    public Image apply(Image image, SplittableRandom rng) {
        return Bilinear.resize(image, height, width);
    }
}
