package dev.hsresnet.data.segmentation;

import dev.hsresnet.data.Bilinear;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.ScaleRange;
import java.util.SplittableRandom;

/**
 * Rescales image and mask by one random factor {@code f}, drawn uniformly in {@code [min, max)}
 * (one {@code nextDouble} per sample, also when {@code min == max}). Both get the output size
 * {@code max(1, round(height * f)) x max(1, round(width * f))}; the image is resampled bilinearly
 * ({@link Bilinear}), the mask by nearest neighbour with the same half-pixel-centre alignment
 * (source {@code floor((o + 0.5) * in / out)}, PIL's NEAREST), so that every output label is one
 * of the input's labels. When the size is unchanged the input is returned.
 *
 * <p>The output size is checked against the guard's {@link ImageGuard#maxResizePixels()} before
 * anything is allocated.
 */
public final class RandomScale implements JointTransform {

    private final ScaleRange range;
    private final ImageGuard guard;

    /**
     * With the {@link ImageGuard#DEFAULT default} resize limit.
     *
     * @param min smallest factor, positive (e.g. 0.5)
     * @param max largest factor, at least {@code min} (e.g. 2.0)
     */
    public RandomScale(double min, double max) {
        this(min, max, ImageGuard.DEFAULT);
    }

    /**
     * @param min smallest factor, positive and finite
     * @param max largest factor, finite, at least {@code min}
     * @param guard whose {@link ImageGuard#maxResizePixels()} bounds the output
     * @throws IllegalArgumentException if the range is not {@code 0 < min <= max < infinity}
     */
    public RandomScale(double min, double max, ImageGuard guard) {
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
    public SegmentationSample apply(SegmentationSample sample, SplittableRandom rng) {
        int h = sample.height();
        int w = sample.width();
        long[] out = range.draw(h, w, rng);
        long outH = out[0];
        long outW = out[1];
        guard.checkResize(h, w, outH, outW);
        Image.length(sample.image().channels(), outH, outW);
        if (outH == h && outW == w) {
            return sample;
        }
        Image image = Bilinear.resize(sample.image(), (int) outH, (int) outW);
        LabelMask mask = MaskOps.resizeNearest(sample.mask(), (int) outH, (int) outW);
        return new SegmentationSample(image, mask);
    }
}
