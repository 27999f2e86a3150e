package dev.hsresnet.train.segmentation;

import java.util.List;

/**
 * What one finished segmentation epoch measured. Fractions are in [0, 1]; validation values are
 * NaN in epochs that were not evaluated ({@code evalEvery}).
 *
 * @param epoch 1-based epoch number
 * @param step optimizer steps taken at its end
 * @param trainLoss mean training loss (with the auxiliary term when there is one)
 * @param valLoss mean validation loss
 * @param valMeanIou validation mIoU over the classes present in the split
 * @param valPixelAccuracy validation pixel accuracy
 * @param valMeanClassAccuracy validation mean class accuracy
 * @param valClassIou validation IoU per class (NaN where undefined), empty when not evaluated
 * @param learningRate learning rate of the epoch's last step
 * @param imagesPerSecond training throughput (image-mask pairs per second)
 * @param epochSeconds wall time of the epoch with its evaluation
 */
public record SegmentationEpoch(int epoch, long step, double trainLoss, double valLoss,
        double valMeanIou, double valPixelAccuracy, double valMeanClassAccuracy,
        List<Double> valClassIou, double learningRate, double imagesPerSecond,
        double epochSeconds) {

    /** Validates the counters; copies the list. */
    public SegmentationEpoch {
        if (epoch < 1 || step < 0) {
            throw new IllegalArgumentException("epoch must be >= 1 and step >= 0, got " + epoch
                    + ", " + step);
        }
        valClassIou = List.copyOf(valClassIou);
    }

    /** @return whether this epoch was evaluated */
    public boolean evaluated() {
        return !Double.isNaN(valMeanIou);
    }
}
