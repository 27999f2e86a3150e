package dev.hsresnet.train.checkpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * Where a run stands: enough, with the weights and optimizer buffers, to continue it exactly. The
 * data order and augmentation are functions of (seed, epoch, position), so no random generator
 * state needs saving beyond these numbers.
 *
 * <p>The state also records what it belongs to (model, planned epochs, batches per epoch, seed), so
 * that {@link #checkAgainst} can refuse a checkpoint that contradicts the run's recipe.
 *
 * @param epoch 0-based epoch in progress (or about to start)
 * @param batchInEpoch index of the next batch of that epoch
 * @param globalStep optimizer steps taken so far (one per batch)
 * @param bestValTop1 best validation score so far, in [0, 1]: top-1 for classifiers, mIoU for
 *     segmentation runs (NaN before the first evaluation; the name is kept for existing runs)
 * @param bestEpoch 1-based epoch of that best, 0 if none
 * @param seed the run's seed
 * @param skippedTrain indices of training images that could not be decoded: the loader leaves
 *     them out, so the batches after a resume are the same only if it knows them
 * @param model registry name of the model trained
 * @param epochs epochs the recipe plans
 * @param batchesPerEpoch optimizer steps per epoch
 * @param epochSums running sums of the epoch in progress ({@link EpochSums#ZERO} at its start)
 * @param secondsRunning seconds the run has spent running up to this checkpoint, summed over its
 *     sessions (time between sessions is not counted)
 * @param recipeSha256 lower-case hex SHA-256 of the recipe the run was written with, in its
 *     canonical JSON form
 */
public record TrainState(
        int epoch, int batchInEpoch, long globalStep, double bestValTop1, int bestEpoch, long seed,
        List<Integer> skippedTrain, String model, int epochs, int batchesPerEpoch,
        EpochSums epochSums, double secondsRunning, String recipeSha256) {

    /** Validates the numbers; a message names the field at fault. */
    @JsonCreator
    public TrainState(
            @JsonProperty(value = "epoch", required = true) int epoch,
            @JsonProperty(value = "batchInEpoch", required = true) int batchInEpoch,
            @JsonProperty(value = "globalStep", required = true) long globalStep,
            @JsonProperty(value = "bestValTop1", required = true) double bestValTop1,
            @JsonProperty(value = "bestEpoch", required = true) int bestEpoch,
            @JsonProperty(value = "seed", required = true) long seed,
            @JsonProperty("skippedTrain") List<Integer> skippedTrain,
            @JsonProperty(value = "model", required = true) String model,
            @JsonProperty(value = "epochs", required = true) int epochs,
            @JsonProperty(value = "batchesPerEpoch", required = true) int batchesPerEpoch,
            @JsonProperty(value = "epochSums", required = true) EpochSums epochSums,
            @JsonProperty(value = "secondsRunning", required = true) double secondsRunning,
            @JsonProperty(value = "recipeSha256", required = true) String recipeSha256) {
        nonNegative("epoch", epoch);
        nonNegative("batchInEpoch", batchInEpoch);
        nonNegative("globalStep", globalStep);
        nonNegative("bestEpoch", bestEpoch);
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must be a model name, got '" + model + "'");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("batchesPerEpoch must be >= 1, got "
                    + batchesPerEpoch);
        }
        if (!Double.isFinite(secondsRunning) || secondsRunning < 0) {
            throw new IllegalArgumentException("secondsRunning must be finite and >= 0, got "
                    + secondsRunning);
        }
        if (!Double.isNaN(bestValTop1) && !(bestValTop1 >= 0 && bestValTop1 <= 1)) {
            throw new IllegalArgumentException("bestValTop1 must be in [0, 1] or NaN, got "
                    + bestValTop1);
        }
        this.epoch = epoch;
        this.batchInEpoch = batchInEpoch;
        this.globalStep = globalStep;
        this.bestValTop1 = bestValTop1;
        this.bestEpoch = bestEpoch;
        this.seed = seed;
        this.skippedTrain = skippedTrain == null ? List.of() : List.copyOf(skippedTrain);
        this.model = model;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.epochSums = Objects.requireNonNull(epochSums, "epochSums");
        if (recipeSha256 == null || !recipeSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("recipeSha256 must be 64 lower-case hex digits, got '"
                    + recipeSha256 + "'");
        }
        this.secondsRunning = secondsRunning;
        this.recipeSha256 = recipeSha256;
    }

    /**
     * @param model the model's registry name
     * @param epochs epochs planned
     * @param batchesPerEpoch steps per epoch
     * @param seed the run's seed
     * @param recipeSha256 the recipe's digest
     * @return the state of a run that has not started
     */
    public static TrainState start(String model, int epochs, int batchesPerEpoch, long seed,
            String recipeSha256) {
        return new TrainState(0, 0, 0, Double.NaN, 0, seed, List.of(), model, epochs,
                batchesPerEpoch, EpochSums.ZERO, 0, recipeSha256);
    }

    /**
     * Checks that this state belongs to a run of the given shape and is consistent in itself.
     *
     * @param runModel the run's model name
     * @param runEpochs the epochs its recipe plans
     * @param runBatchesPerEpoch its steps per epoch (from the data and the batch size)
     * @param runSeed its seed
     * @param runRecipeSha256 the digest of its recipe
     * @throws IllegalArgumentException naming the field that contradicts the run
     */
    public void checkAgainst(String runModel, int runEpochs, int runBatchesPerEpoch, long runSeed,
            String runRecipeSha256) {
        if (!model.equals(runModel)) {
            throw new IllegalArgumentException("model is '" + model + "' but the recipe trains '"
                    + runModel + "'");
        }
        if (seed != runSeed) {
            throw new IllegalArgumentException("seed is " + seed + " but the recipe's is "
                    + runSeed);
        }
        if (epochs != runEpochs) {
            throw new IllegalArgumentException("epochs is " + epochs + " but the recipe plans "
                    + runEpochs);
        }
        if (epoch > runEpochs || (epoch == runEpochs && batchInEpoch > 0)) {
            throw new IllegalArgumentException("epoch " + epoch + " (0-based, batch "
                    + batchInEpoch + ") is beyond the recipe's " + runEpochs + " epochs");
        }
        if (batchesPerEpoch != runBatchesPerEpoch) {
            throw new IllegalArgumentException("batchesPerEpoch is " + batchesPerEpoch
                    + " but the run's data and batch size give " + runBatchesPerEpoch);
        }
        if (batchInEpoch >= batchesPerEpoch) {
            throw new IllegalArgumentException("batchInEpoch " + batchInEpoch
                    + " is not below batchesPerEpoch " + batchesPerEpoch);
        }
        // an epoch can end early (skipped images), so fewer steps than nominal are possible
        long most = (long) epoch * batchesPerEpoch + batchInEpoch;
        if (globalStep > most) {
            throw new IllegalArgumentException("globalStep is " + globalStep + " but epoch "
                    + epoch + " batch " + batchInEpoch + " of " + batchesPerEpoch
                    + " per epoch allows at most " + most);
        }
        if (bestEpoch > epoch) {
            throw new IllegalArgumentException("bestEpoch " + bestEpoch + " is after the epochs "
                    + "done (" + epoch + ")");
        }
        if (batchInEpoch == 0 && epochSums.images() > 0) {
            throw new IllegalArgumentException("epochSums.images is " + epochSums.images()
                    + " at the start of an epoch (batchInEpoch 0)");
        }
        if (!recipeSha256.equals(runRecipeSha256)) {
            throw new IllegalArgumentException("recipeSha256 is " + recipeSha256 + " but the "
                    + "run's recipe has " + runRecipeSha256 + " (the recipe was edited after "
                    + "this checkpoint was written)");
        }
    }

    private static void nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
    }
}
