package dev.hsresnet.train.loop;

import ai.djl.ndarray.NDArray;

/** The classification loss and accuracy counts, on NDArrays. */
public final class Losses {

    private Losses() {}

    /**
     * Cross-entropy against soft targets: {@code mean_n(-sum_k t[n,k] * log_softmax(z)[n,k])}.
     * Hard labels are the one-hot special case; label smoothing, mixup and cutmix give soft ones.
     *
     * @param logits {@code (N, K)}
     * @param targets {@code (N, K)}, each row summing to 1
     * @return the scalar loss
     */
    public static NDArray softCrossEntropy(NDArray logits, NDArray targets) {
        return logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
    }

    /**
     * @param logits {@code (N, K)}
     * @param labels the true class of each row
     * @param k how many of the top classes count as a hit
     * @return how many rows have their label among the {@code k} highest logits
     */
    public static int topKHits(float[] logits, int classes, int[] labels, int k) {
        int hits = 0;
        for (int n = 0; n < labels.length; n++) {
            float target = logits[n * classes + labels[n]];
            int above = 0;
            for (int c = 0; c < classes; c++) {
                float v = logits[n * classes + c];
                if (v > target || (v == target && c < labels[n])) {
                    above++;
                }
            }
            if (above < k) {
                hits++;
            }
        }
        return hits;
    }

    /** @return the index of the highest logit of row {@code n} */
    public static int argmax(float[] logits, int classes, int n) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[n * classes + c] > logits[n * classes + best]) {
                best = c;
            }
        }
        return best;
    }
}
