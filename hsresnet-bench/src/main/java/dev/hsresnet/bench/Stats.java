package dev.hsresnet.bench;

import java.util.Arrays;
import java.util.Objects;

/**
 * Order statistics of repeated timings, in milliseconds.
 *
 * <p>Quantiles interpolate linearly between the two nearest order statistics (numpy's default,
 * "type 7"): with {@code n} sorted values the {@code q}-quantile sits at index {@code q * (n - 1)}.
 * The median of an even count is therefore the mean of the middle two.
 *
 * @param medianMs the median
 * @param minMs the fastest
 * @param maxMs the slowest
 * @param p10Ms the 10th percentile
 * @param p90Ms the 90th percentile
 * @param count how many timings
 */
public record Stats(double medianMs, double minMs, double maxMs, double p10Ms, double p90Ms,
        int count) {

    /**
     * Summarizes timings.
     *
     * @param millis one or more finite, non-negative timings in milliseconds, any order
     * @return their statistics
     * @throws IllegalArgumentException when empty or a value is negative, NaN or infinite
     */
    public static Stats of(double... millis) {
        Objects.requireNonNull(millis, "millis");
        if (millis.length == 0) {
            throw new IllegalArgumentException("no timings to summarize");
        }
        double[] sorted = millis.clone();
        for (double v : sorted) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("timings must be finite and >= 0 ms, got " + v);
            }
        }
        Arrays.sort(sorted);
        return new Stats(quantile(sorted, 0.5), sorted[0], sorted[sorted.length - 1],
                quantile(sorted, 0.1), quantile(sorted, 0.9), sorted.length);
    }

    /**
     * @param sorted ascending values, at least one
     * @param q the quantile, 0 to 1
     * @return the linearly interpolated {@code q}-quantile
     */
    static double quantile(double[] sorted, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** @return the spread (p90 - p10) / median, as a fraction (0.1 = 10%); 0 for one timing */
    public double spread() {
        return medianMs == 0 ? 0 : (p90Ms - p10Ms) / medianMs;
    }
}
