package dev.hsresnet.train.bench;

import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.loop.TrainRun;
import dev.hsresnet.train.recipe.DataKind;
import dev.hsresnet.train.recipe.Recipe;
import dev.hsresnet.train.recipe.Recipes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a model on CIFAR-10 within a wall-clock budget: the network's training speed is measured
 * first ({@link StepBenchmark}), the number of epochs is the most that fit the budget (keeping a
 * margin for evaluation and data loading), and the run uses one fixed recipe so that models are
 * compared on equal terms. With a fixed epoch count the speed measurement is skipped and the same
 * recipe runs for that many epochs, which compares models per epoch rather than per hour.
 */
public final class BudgetTraining {

    /** The share of the budget planned for training steps; the rest covers evaluation and I/O. */
    static final double TRAIN_SHARE = 0.85;

    /** The CIFAR-10 recipe every model gets (before the epoch count). */
    static final List<String> RECIPE = List.of("batchSize=128", "optimizer.lr=0.1",
            "optimizer.momentum=0.9", "optimizer.nesterov=true", "optimizer.weightDecay=5e-4",
            "schedule.kind=cosine", "schedule.warmupEpochs=1", "labelSmoothing=0.1",
            "data.augment=padcrop", "data.flip=true", "data.workers=2", "checkpoint.keepLast=2",
            "checkpoint.everySteps=100");

    private BudgetTraining() {}

    /**
     * @param model a registry model
     * @param kind {@code cifar10} (binary batches) or {@code cifar10-jpg} (class folders)
     * @param data the dataset folder
     * @param minutes the wall-clock budget (ignored when {@code fixedEpochs > 0})
     * @param fixedEpochs the number of epochs, or 0 to choose it from the budget
     * @param out the run directory
     * @param progress where progress goes
     * @return the run's result
     * @throws IOException when files cannot be read or written
     */
    public static TrainRun.Result run(String model, DataKind kind, Path data, double minutes,
            int fixedEpochs, Path out, Progress progress) throws IOException {
        if (fixedEpochs < 0) {
            throw new IllegalArgumentException("epochs must be 0 (from the budget) or positive, got "
                    + fixedEpochs);
        }
        int epochs = fixedEpochs > 0 ? fixedEpochs : epochsInBudget(model, minutes, progress);
        List<String> overrides = new ArrayList<>(RECIPE);
        overrides.add("epochs=" + epochs);
        Recipe recipe = Recipes.applyOverrides(Recipe.defaults(model, kind, data.toString()),
                overrides);
        return TrainRun.start(recipe, out, progress);
    }

    private static int epochsInBudget(String model, double minutes, Progress progress) {
        // 12 warm-up steps, not 3: with 3 the plain twin once measured 270 img/s and then trained at
        // 320-400, planning 16 epochs where about 20 fit
        StepBenchmark.Result speed = StepBenchmark.run(model, 10, 128, 32, true, false, 12, 8);
        long trainImages = 50_000;
        double epochSeconds = trainImages / speed.imagesPerSecond();
        int epochs = Math.max(1, (int) Math.floor(minutes * 60 * TRAIN_SHARE / epochSeconds));
        progress.message(String.format(Locale.ROOT, "%s trains at %.1f img/s (median of %d steps"
                        + " of 128): %d epochs fit %.0f minutes", model, speed.imagesPerSecond(),
                speed.steps(), epochs, minutes));
        return epochs;
    }
}
