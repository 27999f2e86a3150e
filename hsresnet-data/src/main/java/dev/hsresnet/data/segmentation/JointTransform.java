package dev.hsresnet.data.segmentation;

import java.util.SplittableRandom;

/**
 * A per-sample transform of an image and its mask together, so that geometric changes (scale,
 * crop, flip) stay pixel-aligned. Implementations must be thread-safe and take all randomness
 * from the generator passed in, so that a result depends only on the sample and the generator's
 * seed. The input sample (its image and mask arrays) is never modified.
 */
@FunctionalInterface
public interface JointTransform {

    /**
     * Transforms one sample.
     *
     * @param sample the input
     * @param rng the sample's generator
     * @return the transformed sample (possibly the input itself when nothing changes)
     */
    SegmentationSample apply(SegmentationSample sample, SplittableRandom rng);
}
