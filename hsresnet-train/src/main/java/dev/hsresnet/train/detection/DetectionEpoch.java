package dev.hsresnet.train.detection;

import java.util.Arrays;

/**
 * What one finished epoch of an FCOS-family run (detector or instance segmenter) measured. AP
 * values are fractions in [0, 1] (COCO's definition, {@code dev.hsresnet.vision.detection.eval});
 * validation values are NaN in epochs that were not evaluated ({@code evalEvery}).
 *
 * @param epoch 1-based epoch number
 * @param step optimizer steps taken at its end
 * @param trainLoss mean training loss per image (the task's loss terms, {@link FcosTask})
 * @param val the validation scores in the task's order ({@link FcosTask#scores()}: a
 *     detector's AP, AP50, AP75, AR100; an instance segmenter's mask AP, mask AP50, box AP, box
 *     AP50); the first picks the best model
 * @param learningRate learning rate of the epoch's last step
 * @param imagesPerSecond training throughput
 * @param epochSeconds wall time of the epoch with its evaluation
 */
public record DetectionEpoch(int epoch, long step, double trainLoss, double[] val,
        double learningRate, double imagesPerSecond, double epochSeconds) {

    /** Validates the counters; copies the scores. */
    public DetectionEpoch {
        if (epoch < 1 || step < 0) {
            throw new IllegalArgumentException("epoch must be >= 1 and step >= 0, got " + epoch
                    + ", " + step);
        }
        if (val.length < 1) {
            throw new IllegalArgumentException("need at least one validation score");
        }
        val = val.clone();
    }

    /** @return the validation scores (a copy) */
    @Override
    public double[] val() {
        return val.clone();
    }

    /** @return whether this epoch was evaluated */
    public boolean evaluated() {
        return !Double.isNaN(val[0]);
    }

    /** @return the validation score that picks the best model (a detector's AP; mask AP) */
    public double valAp() {
        return val[0];
    }

    /**
     * @param i a score's index in the task's order
     * @return that validation score
     */
    public double val(int i) {
        return val[i];
    }

    /** @return the values in {@link DetectionLog}'s column order */
    double[] values() {
        double[] v = new double[val.length + 6];
        v[0] = epoch;
        v[1] = step;
        v[2] = trainLoss;
        System.arraycopy(val, 0, v, 3, val.length);
        v[val.length + 3] = learningRate;
        v[val.length + 4] = imagesPerSecond;
        v[val.length + 5] = epochSeconds;
        return v;
    }

    /** @return the epoch of values in {@link DetectionLog}'s column order */
    static DetectionEpoch of(double[] v) {
        int n = v.length - 6;
        return new DetectionEpoch((int) v[0], (long) v[1], v[2], Arrays.copyOfRange(v, 3, 3 + n),
                v[n + 3], v[n + 4], v[n + 5]);
    }

    @Override
    public String toString() {
        return "DetectionEpoch[epoch=" + epoch + ", step=" + step + ", trainLoss=" + trainLoss
                + ", val=" + Arrays.toString(val) + ", learningRate=" + learningRate
                + ", imagesPerSecond=" + imagesPerSecond + ", epochSeconds=" + epochSeconds + "]";
    }
}
