package dev.hsresnet.train.checkpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The running sums of the epoch in progress, kept in every checkpoint so that an epoch interrupted
 * and resumed reports its metrics over all its batches, not only those after the resume.
 *
 * @param lossSum sum over the batches done of (mean batch loss x batch images)
 * @param correct training images classified right (top-1), 0 when labels are mixed
 * @param images training images seen in the epoch so far
 * @param seconds seconds spent training in this epoch so far, over all sessions
 */
public record EpochSums(double lossSum, long correct, long images, double seconds) {

    /** The sums of an epoch that has not started. */
    public static final EpochSums ZERO = new EpochSums(0, 0, 0, 0);

    /** Validates the sums; a message names the field at fault. */
    @JsonCreator
    public EpochSums(
            @JsonProperty(value = "lossSum", required = true) double lossSum,
            @JsonProperty(value = "correct", required = true) long correct,
            @JsonProperty(value = "images", required = true) long images,
            @JsonProperty(value = "seconds", required = true) double seconds) {
        if (!Double.isFinite(lossSum) || lossSum < 0) {
            throw new IllegalArgumentException("epochSums.lossSum must be finite and >= 0, got "
                    + lossSum);
        }
        if (images < 0) {
            throw new IllegalArgumentException("epochSums.images must be >= 0, got " + images);
        }
        if (correct < 0 || correct > images) {
            throw new IllegalArgumentException("epochSums.correct must be in 0..images ("
                    + images + "), got " + correct);
        }
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException("epochSums.seconds must be finite and >= 0, got "
                    + seconds);
        }
        this.lossSum = lossSum;
        this.correct = correct;
        this.images = images;
        this.seconds = seconds;
    }
}
