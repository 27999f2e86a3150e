package dev.hsresnet.data.detection;

import java.util.SplittableRandom;

/**
 * A per-sample transform of an image and its boxes together, so that geometric changes (resize,
 * scale, crop, flip) move the boxes with the pixels. Implementations must be thread-safe and take
 * all randomness from the generator passed in (the loader seeds it from (seed, epoch, index)), so
 * that a result depends only on the sample and the seed. The input is never modified.
 */
@FunctionalInterface
public interface DetectionTransform {

    /**
     * Transforms one sample.
     *
     * @param sample the input
     * @param rng the sample's generator
     * @return the transformed sample (possibly the input itself when nothing changes)
     */
    DetectionSample apply(DetectionSample sample, SplittableRandom rng);
}
