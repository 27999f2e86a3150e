package dev.hsresnet.vision.detection.eval;

/**
 * pycocotools' {@code np.mean(s[s > -1])}, -1 when no value is above -1. The sum is numpy's
 * pairwise summation (blocks of up to 128 values summed with 8 accumulators, larger arrays split
 * in halves), so the means are the same doubles numpy gives, not only close to them.
 */
final class NumpyMean {

    private static final int BLOCK = 128;

    private NumpyMean() {}

    /** @return the mean of the values above -1, or -1 if there are none */
    static double ofDefined(double[] values, int n) {
        double[] kept = new double[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (values[i] > -1) {
                kept[count++] = values[i];
            }
        }
        if (count == 0) {
            return -1;
        }
        return (0.0 + pairwiseSum(kept, 0, count)) / count;
    }

    /** numpy's {@code pairwise_sum} of {@code a[from, from + n)}. */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
    }
}
