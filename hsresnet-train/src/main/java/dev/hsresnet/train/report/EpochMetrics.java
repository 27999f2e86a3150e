package dev.hsresnet.train.report;

/**
 * What one finished training epoch measured. Accuracies are fractions in [0, 1]; a value that was
 * not measured is {@link Double#NaN} (train top-1 under mixup/cutmix, EMA accuracy without EMA).
 *
 * @param epoch 1-based epoch number
 * @param step global optimizer steps taken so far (at the end of this epoch)
 * @param trainLoss mean training loss over the epoch
 * @param trainTop1 training top-1 accuracy, NaN when labels are mixed
 * @param valLoss validation loss
 * @param valTop1 validation top-1 accuracy
 * @param valTop5 validation top-5 accuracy
 * @param learningRate learning rate at the end of the epoch
 * @param imagesPerSecond training throughput
 * @param epochSeconds wall time of the epoch
 * @param emaValTop1 validation top-1 of the EMA weights, NaN when EMA is off
 */
public record EpochMetrics(
        int epoch,
        long step,
        double trainLoss,
        double trainTop1,
        double valLoss,
        double valTop1,
        double valTop5,
        double learningRate,
        double imagesPerSecond,
        double epochSeconds,
        double emaValTop1) {

    /** Validates the counters; the measurements may be anything, NaN included. */
    public EpochMetrics {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch: must be >= 1, got " + epoch);
        }
        if (step < 0) {
            throw new IllegalArgumentException("step: must be >= 0, got " + step);
        }
    }

    /**
     * Metrics without an EMA measurement.
     *
     * @return metrics whose {@link #emaValTop1()} is NaN
     */
    public static EpochMetrics withoutEma(int epoch, long step, double trainLoss, double trainTop1,
            double valLoss, double valTop1, double valTop5, double learningRate,
            double imagesPerSecond, double epochSeconds) {
        return new EpochMetrics(epoch, step, trainLoss, trainTop1, valLoss, valTop1, valTop5,
                learningRate, imagesPerSecond, epochSeconds, Double.NaN);
    }

    /** @return whether an EMA accuracy was measured */
    public boolean hasEma() {
        return !Double.isNaN(emaValTop1);
    }
}
