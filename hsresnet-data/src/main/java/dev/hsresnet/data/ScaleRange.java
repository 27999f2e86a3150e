package dev.hsresnet.data;

import java.util.SplittableRandom;

/**
 * A range of random rescale factors, {@code 0 < min <= max < infinity}, shared by the
 * segmentation and detection scale jitter: a factor {@code f} is drawn uniformly in {@code [min,
 * max)} (one {@code nextDouble} per sample, also when {@code min == max}) and an image of {@code h
 * x w} becomes {@code max(1, round(h * f)) x max(1, round(w * f))}.
 *
 * @param min smallest factor, positive and finite
 * @param max largest factor, finite, at least {@code min}
 */
public record ScaleRange(double min, double max) {

    /** @throws IllegalArgumentException if the range is not {@code 0 < min <= max < infinity} */
    public ScaleRange {
        if (!(min > 0 && min <= max && max < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "scale range must satisfy 0 < min <= max < infinity, got " + min + ", " + max);
        }
    }

    /**
     * @param height the input height in pixels
     * @param width the input width in pixels
     * @param rng the sample's generator (one draw)
     * @return the output {@code {height, width}}
     */
    public long[] draw(int height, int width, SplittableRandom rng) {
        double f = min + (max - min) * rng.nextDouble();
        return new long[] {Math.max(1, Math.round(height * f)), Math.max(1, Math.round(width * f))};
    }
}
