package dev.hsresnet.search;

import dev.hsresnet.bench.Stats;

/**
 * One measured latency.
 *
 * @param medianMs median milliseconds per call
 * @param p90Ms 90th percentile, milliseconds
 * @param runs timed calls
 */
public record Latency(double medianMs, double p90Ms, int runs) {

    /** Validates the values. */
    public Latency {
        if (!(medianMs >= 0 && p90Ms >= 0) || Double.isInfinite(medianMs)
                || Double.isInfinite(p90Ms) || runs < 1) {
            throw new IllegalArgumentException("a latency needs finite medianMs and p90Ms >= 0 "
                    + "and runs >= 1, got " + medianMs + ", " + p90Ms + ", " + runs);
        }
    }

    /** @return the median and p90 of timed calls */
    public static Latency of(double[] millis) {
        Stats s = Stats.of(millis);
        return new Latency(s.medianMs(), s.p90Ms(), millis.length);
    }
}
