package dev.hsresnet.data.detection;

import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.ScaleRange;
import java.util.SplittableRandom;

/**
 * Rescales image and boxes by one random factor {@code f} drawn uniformly in {@code [min, max)}
 * (one {@code nextDouble} per sample, always): the output is {@code max(1, round(height * f)) x
 * max(1, round(width * f))}; boxes and the sample's scale follow the exact per-axis ratios, as in
 * {@link ResizeKeepAspect}, and masks follow by nearest neighbour at the same size. Scale
 * jitter before a fixed-size {@link RandomBoxCrop} (the "large-scale jitter" recipe); a box that
 * shrinks below the crop's minimum side is dropped by the crop, not here.
 */
public final class RandomRescale implements DetectionTransform {

    private final ScaleRange range;
    private final ImageGuard guard;

    /**
     * With the {@link ImageGuard#DEFAULT default} resize limit.
     *
     * @param min smallest factor, positive (e.g. 0.5)
     * @param max largest factor, at least {@code min} (e.g. 2.0)
     */
    public RandomRescale(double min, double max) {
        this(min, max, ImageGuard.DEFAULT);
    }

    /**
     * @param min smallest factor, positive and finite
     * @param max largest factor, finite, at least {@code min}
     * @param guard whose {@link ImageGuard#maxResizePixels()} bounds the output
     * @throws IllegalArgumentException if the range is not {@code 0 < min <= max < infinity}
     */
    public RandomRescale(double min, double max, ImageGuard guard) {
        if (guard == null) {
            throw new NullPointerException("guard");
        }
        this.range = new ScaleRange(min, max);
        this.guard = guard;
    }

    /**
     * @throws ImageBudgetException when the output would exceed the resize limit
     */
    @Override
    public DetectionSample apply(DetectionSample sample, SplittableRandom rng) {
        long[] out = range.draw(sample.height(), sample.width(), rng);
        return Rescaling.resize(sample, out[0], out[1], guard);
    }
}
