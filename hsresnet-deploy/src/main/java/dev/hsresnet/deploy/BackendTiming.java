package dev.hsresnet.deploy;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times a backend on random input: the median wall time of one call at a batch size, after
 * warm-up, within a time budget. What {@link BackendChoice} compares.
 */
final class BackendTiming {

    /** Calls before timing starts (session set-up, first allocations). */
    static final int WARMUP = 2;
    /** Timed calls at least. */
    static final int MIN_RUNS = 3;
    /** Timed calls at most. */
    static final int MAX_RUNS = 15;
    /** Timing stops after this much time once {@link #MIN_RUNS} are done. */
    static final long BUDGET_NANOS = 1_500_000_000L;

    private BackendTiming() {}

    /**
     * @param backend the backend
     * @param channels image channels
     * @param size image height and width
     * @param batch images per call
     * @return median milliseconds per call
     */
    static double medianMillis(Backend backend, int channels, int size, int batch) {
        float[] input = new float[batch * channels * size * size];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < WARMUP; i++) {
            backend.logits(input, batch);
        }
        double[] runs = new double[MAX_RUNS];
        int n = 0;
        long start = System.nanoTime();
        while (n < MAX_RUNS && (n < MIN_RUNS || System.nanoTime() - start < BUDGET_NANOS)) {
            long t = System.nanoTime();
            backend.logits(input, batch);
            runs[n++] = (System.nanoTime() - t) / 1e6;
        }
        double[] done = Arrays.copyOf(runs, n);
        Arrays.sort(done);
        return n % 2 == 1 ? done[n / 2] : (done[n / 2 - 1] + done[n / 2]) / 2;
    }
}
