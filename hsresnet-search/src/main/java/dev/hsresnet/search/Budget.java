package dev.hsresnet.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Limits a chosen network must meet; any may be absent (null). Maxima are the budget; minima keep
 * a search from answering "the smallest network" when a floor is wanted (e.g. params between 90%
 * and 100% of a baseline's).
 *
 * @param maxLatencyMs predicted (and, once re-measured, measured) median latency, milliseconds
 * @param maxParams parameters
 * @param maxMacs multiply-accumulates for one image
 * @param minParams parameters, at least
 * @param minMacs MACs, at least
 */
public record Budget(Double maxLatencyMs, Long maxParams, Long maxMacs, Long minParams,
        Long minMacs) {

    /** No limits. */
    public static final Budget NONE = new Budget(null, null, null, null, null);

    /** Validates the values. */
    public Budget {
        if (maxLatencyMs != null && !(maxLatencyMs > 0 && !maxLatencyMs.isInfinite())) {
            throw new IllegalArgumentException("the latency budget must be a positive number of "
                    + "milliseconds, got " + maxLatencyMs);
        }
        for (Long v : new Long[] {maxParams, maxMacs, minParams, minMacs}) {
            if (v != null && v < 0) {
                throw new IllegalArgumentException("params and MACs limits must be >= 0, got "
                        + v);
            }
        }
        if (maxParams != null && minParams != null && minParams > maxParams) {
            throw new IllegalArgumentException("min params " + minParams + " is above max params "
                    + maxParams);
        }
        if (maxMacs != null && minMacs != null && minMacs > maxMacs) {
            throw new IllegalArgumentException("min MACs " + minMacs + " is above max MACs "
                    + maxMacs);
        }
    }

    /** @return the same limits with another latency limit */
    public Budget withMaxLatency(double ms) {
        return new Budget(ms, maxParams, maxMacs, minParams, minMacs);
    }

    /** @return whether a network with these costs meets every limit */
    public boolean admits(long params, long macs, double latencyMs) {
        return excess(params, macs, latencyMs) == 0;
    }

    /**
     * @return by how much a network misses the budget: the largest relative miss over the limits
     *     (0.1 = 10% over a maximum or under a minimum), 0 when it meets them all
     */
    public double excess(long params, long macs, double latencyMs) {
        double e = 0;
        e = Math.max(e, over(latencyMs, maxLatencyMs));
        e = Math.max(e, over(params, maxParams == null ? null : maxParams.doubleValue()));
        e = Math.max(e, over(macs, maxMacs == null ? null : maxMacs.doubleValue()));
        e = Math.max(e, under(params, minParams));
        e = Math.max(e, under(macs, minMacs));
        return e;
    }

    private static double over(double value, Double max) {
        return max == null || value <= max ? 0 : max == 0 ? Double.MAX_VALUE : value / max - 1;
    }

    private static double under(double value, Long min) {
        return min == null || value >= min ? 0 : 1 - value / min;
    }

    /** @return e.g. {@code latency <= 80.0 ms, params <= 25,576,264}; "none" without limits */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (maxLatencyMs != null) {
            parts.add(String.format(Locale.ROOT, "latency <= %.2f ms", maxLatencyMs));
        }
        if (minParams != null) {
            parts.add(String.format(Locale.ROOT, "params >= %,d", minParams));
        }
        if (maxParams != null) {
            parts.add(String.format(Locale.ROOT, "params <= %,d", maxParams));
        }
        if (minMacs != null) {
            parts.add(String.format(Locale.ROOT, "MACs >= %,d", minMacs));
        }
        if (maxMacs != null) {
            parts.add(String.format(Locale.ROOT, "MACs <= %,d", maxMacs));
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
