package dev.hsresnet.bench;

import java.util.Arrays;

/** Runs a step repeatedly and times each run with the monotonic clock. */
public final class Timing {

    /** One step to time. */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs the step once, to completion (results read back, not merely scheduled).
         *
         * @throws Exception whatever the step throws; timing stops
         */
        void run() throws Exception;
    }

    private Timing() {}

    /**
     * Warms up, then times, as the policy says.
     *
     * @param policy step counts and durations of both phases
     * @param step the step
     * @return the milliseconds of each timed step, in order; at least {@code policy.repeats()}
     * @throws Exception from the step
     */
    public static double[] repeat(TimingPolicy policy, Step step) throws Exception {
        return repeat(policy, () -> { }, step);
    }

    /**
     * Warms up, then times, as the policy says, running an untimed setup before every step
     * (warm-up and timed alike), e.g. flushing the caches.
     *
     * @param policy step counts and durations of both phases
     * @param setup runs before each step, outside the timing
     * @param step the step
     * @return the milliseconds of each timed step, in order; at least {@code policy.repeats()}
     * @throws Exception from the setup or the step
     */
    public static double[] repeat(TimingPolicy policy, Step setup, Step step) throws Exception {
        long warmupEnd = System.nanoTime() + (long) (policy.warmupSeconds() * 1e9);
        for (int i = 0; i < policy.warmup() || System.nanoTime() < warmupEnd; i++) {
            setup.run();
            step.run();
        }
        double[] ms = new double[Math.max(16, policy.repeats())];
        int n = 0;
        long end = System.nanoTime() + (long) (policy.minSeconds() * 1e9);
        while (n < policy.repeats() || System.nanoTime() < end) {
            setup.run();
            long t0 = System.nanoTime();
            step.run();
            if (n == ms.length) {
                ms = Arrays.copyOf(ms, ms.length * 2);
            }
            ms[n++] = (System.nanoTime() - t0) / 1e6;
        }
        return Arrays.copyOf(ms, n);
    }
}
