package dev.hsresnet.deploy.server;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram: counts per upper bound, the sum and the count of observations.
 * Thread-safe and lock-free.
 */
final class Histogram {

    /** Latency bounds in seconds: 1 ms to 10 s. */
    static final double[] SECONDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    /** @param bounds increasing upper bounds; {@code +Inf} is implied */
    Histogram(double... bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must increase");
            }
        }
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    /** Records one observation. */
    void observe(double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum.add(value);
        count.increment();
    }

    /** @return how many observations were recorded */
    long count() {
        return count.sum();
    }

    /**
     * Appends {@code name_bucket}, {@code name_sum} and {@code name_count} lines.
     *
     * @param out where to write
     * @param name the metric name
     * @param labels labels before {@code le}, e.g. {@code endpoint="/health"}, or empty
     */
    void render(StringBuilder out, String name, String labels) {
        String sep = labels.isEmpty() ? "" : labels + ",";
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts.get(i);
            String le = i < bounds.length ? bound(bounds[i]) : "+Inf";
            out.append(name).append("_bucket{").append(sep).append("le=\"").append(le)
                    .append("\"} ").append(cumulative).append('\n');
        }
        String braces = labels.isEmpty() ? "" : "{" + labels + "}";
        out.append(name).append("_sum").append(braces).append(' ')
                .append(String.format(Locale.ROOT, "%.6f", sum.sum())).append('\n');
        // the +Inf bucket, so that _count always equals it even while others observe
        out.append(name).append("_count").append(braces).append(' ').append(cumulative)
                .append('\n');
    }

    private static String bound(double b) {
        return b == Math.rint(b) ? Long.toString((long) b) : Double.toString(b);
    }
}
