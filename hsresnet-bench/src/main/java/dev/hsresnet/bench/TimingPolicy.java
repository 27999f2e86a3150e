package dev.hsresnet.bench;

/**
 * How long a case warms up and how many steps are timed. Both phases have a count and a duration,
 * and run until both are reached: a slow case runs its counts, a fast one keeps going for the
 * duration. The duration matters on the DJL path: its Java code reaches full speed only after the
 * JIT compiler has seen many steps (docs/benchmarks.md: hs_resnet29_cifar's forward at batch 1,
 * median 18.5 ms over its first 30 steps, 8.4 ms after 300).
 *
 * @param warmup untimed steps, at least 0
 * @param warmupSeconds the untimed steps last at least this long, in seconds, at least 0
 * @param repeats timed steps, at least 1
 * @param minSeconds the timed steps last at least this long, in seconds, at least 0
 */
public record TimingPolicy(int warmup, double warmupSeconds, int repeats, double minSeconds) {

    /** Validates the values. */
    public TimingPolicy {
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("warmup must be >= 0 and repeats >= 1, got "
                    + warmup + " and " + repeats);
        }
        if (!(warmupSeconds >= 0 && minSeconds >= 0)
                || Double.isInfinite(warmupSeconds) || Double.isInfinite(minSeconds)) {
            throw new IllegalArgumentException("warm-up and minimum seconds must be finite and "
                    + ">= 0, got " + warmupSeconds + " and " + minSeconds);
        }
    }

    /**
     * @param count timed steps
     * @return exactly {@code count} timed steps after {@code warmup} untimed ones, no durations
     */
    public static TimingPolicy steps(int warmup, int count) {
        return new TimingPolicy(warmup, 0, count, 0);
    }
}
