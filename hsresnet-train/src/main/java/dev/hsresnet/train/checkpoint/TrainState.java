package dev.hsresnet.train.checkpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where a run stands: enough, with the weights and optimizer buffers, to continue it exactly. The
 * data order and augmentation are functions of (seed, epoch, position), so no random generator
 * state needs saving beyond these numbers.
 *
 * @param epoch 0-based epoch in progress (or about to start)
 * @param batchInEpoch index of the next batch of that epoch
 * @param globalStep optimizer steps taken so far
 * @param bestValTop1 best validation top-1 so far (NaN before the first evaluation)
 * @param bestEpoch 1-based epoch of that best, 0 if none
 * @param seed the run's seed
 * @param skippedTrain indices of training images that could not be decoded: the loader leaves
 *     them out, so the batches after a resume are the same only if it knows them
 */
public record TrainState(
        int epoch, int batchInEpoch, long globalStep, double bestValTop1, int bestEpoch, long seed,
        List<Integer> skippedTrain) {

    /** Validates the numbers. */
    @JsonCreator
    public TrainState(
            @JsonProperty(value = "epoch", required = true) int epoch,
            @JsonProperty(value = "batchInEpoch", required = true) int batchInEpoch,
            @JsonProperty(value = "globalStep", required = true) long globalStep,
            @JsonProperty(value = "bestValTop1", required = true) double bestValTop1,
            @JsonProperty(value = "bestEpoch", required = true) int bestEpoch,
            @JsonProperty(value = "seed", required = true) long seed,
            @JsonProperty("skippedTrain") List<Integer> skippedTrain) {
        if (epoch < 0 || batchInEpoch < 0 || globalStep < 0 || bestEpoch < 0) {
            throw new IllegalArgumentException("negative position in training state: epoch "
                    + epoch + ", batch " + batchInEpoch + ", step " + globalStep);
        }
        this.epoch = epoch;
        this.batchInEpoch = batchInEpoch;
        this.globalStep = globalStep;
        this.bestValTop1 = bestValTop1;
        this.bestEpoch = bestEpoch;
        this.seed = seed;
        this.skippedTrain = skippedTrain == null ? List.of() : List.copyOf(skippedTrain);
    }

    /** @return the state of a run that has not started */
    public static TrainState start(long seed) {
        return new TrainState(0, 0, 0, Double.NaN, 0, seed, List.of());
    }
}
