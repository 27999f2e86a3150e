package dev.hsresnet.data;

import java.util.SplittableRandom;

/**
 * A per-sample image transform. Implementations must be thread-safe (the loader calls one
 * instance from several workers) and take all randomness from the generator passed in, so that a
 * result depends only on the image and the generator's seed. The input image is never modified.
 */
@FunctionalInterface
public interface Transform {

    /**
     * Transforms one image.
     *
     * @param image the input, CHW
     * @param rng the sample's generator (the loader seeds it from (seed, epoch, dataset index))
     * @return the transformed image (possibly the input itself when nothing changes)
     */
    Image apply(Image image, SplittableRandom rng);
}
