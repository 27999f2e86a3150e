package dev.hsresnet.train.detection;

/**
 * What one finished detection epoch measured. AP values are fractions in [0, 1] (COCO's
 * definition, {@code dev.hsresnet.vision.detection.eval}); validation values are NaN in epochs
 * that were not evaluated ({@code evalEvery}).
 *
 * @param epoch 1-based epoch number
 * @param step optimizer steps taken at its end
 * @param trainLoss mean training loss per image (focal + GIoU + centerness)
 * @param valAp validation AP at IoU .50:.05:.95
 * @param valAp50 validation AP at IoU .50
 * @param valAp75 validation AP at IoU .75
 * @param valAr100 validation recall with at most 100 detections per image
 * @param learningRate learning rate of the epoch's last step
 * @param imagesPerSecond training throughput
 * @param epochSeconds wall time of the epoch with its evaluation
 */
public record DetectionEpoch(int epoch, long step, double trainLoss, double valAp,
        double valAp50, double valAp75, double valAr100, double learningRate,
        double imagesPerSecond, double epochSeconds) {

    /** Validates the counters. */
    public DetectionEpoch {
        if (epoch < 1 || step < 0) {
            throw new IllegalArgumentException("epoch must be >= 1 and step >= 0, got " + epoch
                    + ", " + step);
        }
    }

    /** @return whether this epoch was evaluated */
    public boolean evaluated() {
        return !Double.isNaN(valAp);
    }

    /** @return the values in {@link DetectionLog}'s column order */
    double[] values() {
        return new double[] {epoch, step, trainLoss, valAp, valAp50, valAp75, valAr100,
            learningRate, imagesPerSecond, epochSeconds};
    }

    /** @return the epoch of values in {@link DetectionLog}'s column order */
    static DetectionEpoch of(double[] v) {
        return new DetectionEpoch((int) v[0], (long) v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                v[8], v[9]);
    }
}
