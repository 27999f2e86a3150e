package dev.hsresnet.data.segmentation;

import dev.hsresnet.data.Crops;
import java.util.SplittableRandom;

/**
 * Mirrors image and mask left to right with probability {@code p}. Always draws exactly one
 * number from the generator, whatever the outcome.
 */
public final class JointHorizontalFlip implements JointTransform {

    private final double p;

    /** Flips with probability 0.5. */
    public JointHorizontalFlip() {
        this(0.5);
    }

    /**
     * @param p flip probability in [0, 1]
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public JointHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public SegmentationSample apply(SegmentationSample sample, SplittableRandom rng) {
        if (rng.nextDouble() >= p) {
            return sample;
        }
        return new SegmentationSample(
                Crops.flipHorizontal(sample.image()), MaskOps.flipHorizontal(sample.mask()));
    }
}
