package dev.hsresnet.data;

import java.util.SplittableRandom;

/**
 * Mirrors the image left to right with probability {@code p}. Always draws exactly one number
 * from the generator, whatever the outcome.
 */
public final class HorizontalFlip implements Transform {

    private final double p;

    /** Flips with probability 0.5. */
    public HorizontalFlip() {
        this(0.5);
    }

    /** @param p flip probability in [0, 1] */
    public HorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public Image apply(Image image, SplittableRandom rng) {
        return rng.nextDouble() < p ? Crops.flipHorizontal(image) : image;
    }
}
