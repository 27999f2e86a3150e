package dev.hsresnet.data.detection;

import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageGuard;
import java.util.SplittableRandom;

/**
 * Resizes with the aspect ratio kept, as torchvision's {@code GeneralizedRCNNTransform} and
 * mmdetection's {@code Resize(keep_ratio=True)} do: the short side becomes {@code S} unless that
 * would make the long side longer than {@code maxLongSide}, in which case the long side becomes
 * {@code maxLongSide}. With {@code f = min(S / short, maxLongSide / long)} the output is {@code
 * max(1, round(height * f)) x max(1, round(width * f))} (half up), resampled bilinearly
 * ({@link dev.hsresnet.data.Bilinear}); boxes are scaled by the exact per-axis ratios {@code outW
 * / width} and {@code outH / height} (so they stay aligned with the resized pixels) and these
 * ratios are multiplied into the sample's {@link DetectionSample#scaleX()} / {@link DetectionSample#scaleY()}.
 * Masks are resized to the same output size by nearest neighbour ({@link
 * dev.hsresnet.data.mask.InstanceMask#resizedNearest}).
 *
 * <p>{@code S} is drawn uniformly from the integers {@code [minShortSide, maxShortSide]} with one
 * {@code nextInt} per sample, always (also when the range is one value, so that a fixed and a
 * random resize consume the generator alike). The output size is checked against the guard's
 * {@link ImageGuard#maxResizePixels()} before anything is allocated.
 */
public final class ResizeKeepAspect implements DetectionTransform {

    private final int minShort;
    private final int maxShort;
    private final int maxLong;
    private final ImageGuard guard;

    /**
     * A fixed short side (the evaluation resize).
     *
     * @param shortSide target short side in pixels, at least 1
     * @param maxLongSide cap of the long side in pixels, at least {@code shortSide}
     */
    public ResizeKeepAspect(int shortSide, int maxLongSide) {
        this(shortSide, shortSide, maxLongSide, ImageGuard.DEFAULT);
    }

    /**
     * A random short side (multi-scale training), with the {@link ImageGuard#DEFAULT default}
     * resize limit.
     *
     * @param minShortSide smallest short side, at least 1
     * @param maxShortSide largest short side, at least {@code minShortSide}
     * @param maxLongSide cap of the long side, at least {@code maxShortSide}
     */
    public ResizeKeepAspect(int minShortSide, int maxShortSide, int maxLongSide) {
        this(minShortSide, maxShortSide, maxLongSide, ImageGuard.DEFAULT);
    }

    /**
     * @param minShortSide smallest short side, at least 1
     * @param maxShortSide largest short side, at least {@code minShortSide}
     * @param maxLongSide cap of the long side, at least {@code maxShortSide}
     * @param guard whose {@link ImageGuard#maxResizePixels()} bounds the output
     * @throws IllegalArgumentException if the sides are out of order or not positive
     */
    public ResizeKeepAspect(int minShortSide, int maxShortSide, int maxLongSide,
            ImageGuard guard) {
        if (minShortSide < 1 || maxShortSide < minShortSide || maxLongSide < maxShortSide) {
            throw new IllegalArgumentException("need 1 <= minShortSide <= maxShortSide <="
                    + " maxLongSide, got " + minShortSide + ", " + maxShortSide + ", " + maxLongSide);
        }
        if (guard == null) {
            throw new NullPointerException("guard");
        }
        this.minShort = minShortSide;
        this.maxShort = maxShortSide;
        this.maxLong = maxLongSide;
        this.guard = guard;
    }

    /**
     * The output size for an input size and short side.
     *
     * @param height input rows
     * @param width input columns
     * @param shortSide target short side
     * @param maxLongSide cap of the long side
     * @return {@code {outHeight, outWidth}}
     */
    public static long[] outputSize(int height, int width, int shortSide, int maxLongSide) {
        double f = Math.min((double) shortSide / Math.min(height, width),
                (double) maxLongSide / Math.max(height, width));
        return new long[] {Math.max(1, Math.round(height * f)), Math.max(1, Math.round(width * f))};
    }

    /**
     * @throws ImageBudgetException when the output would exceed the resize limit
     */
    @Override
    public DetectionSample apply(DetectionSample sample, SplittableRandom rng) {
        int s = minShort + rng.nextInt(maxShort - minShort + 1);
        long[] out = outputSize(sample.height(), sample.width(), s, maxLong);
        return Rescaling.resize(sample, out[0], out[1], guard);
    }
}
