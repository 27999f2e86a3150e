package dev.hsresnet.train.detection;

import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.loop.RunDirectory;
import dev.hsresnet.train.recipe.DetectionRecipe;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.vision.detection.DetectionModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One object-detection (FCOS) training run in its own directory, an {@link FcosRun} of the
 * detectors: {@code metrics.csv} has the columns {@code epoch, step, train_loss, val_ap,
 * val_ap50, val_ap75, val_ar100, lr, images_per_second, epoch_seconds}; {@code val-metrics.json}
 * and {@code summary.json}'s {@code finalVal} and {@code test} are COCO box summaries; {@code
 * test-metrics.json} is the best model's box summary and per-class AP on the test split, drawn
 * as {@code test-pr.png}; the best model is the one of highest validation AP (IoU .50:.95).
 */
public final class DetectionTrainRun {

    /** The recipe as run. */
    public static final String RECIPE_FILE = RunDirectory.RECIPE_FILE;
    /** Per-epoch metrics. */
    public static final String METRICS_FILE = FcosRun.METRICS_FILE;
    /** Run summary. */
    public static final String SUMMARY_FILE = FcosRun.SUMMARY_FILE;
    /** Best model directory. */
    public static final String BEST = FcosRun.BEST;
    /** Final model directory. */
    public static final String FINAL = FcosRun.FINAL;

    private DetectionTrainRun() {}

    /**
     * Starts a new run.
     *
     * @param recipe the recipe
     * @param runDir a new or empty directory
     * @param progress where progress goes
     * @return the result
     * @throws IOException when files cannot be read or written
     * @throws IllegalArgumentException when the directory already holds a run, or the data or
     *     the model is wrong (naming the file or field)
     */
    public static FcosRun.Result start(DetectionRecipe recipe, Path runDir, Progress progress)
            throws IOException {
        return FcosRun.start(new DetectorTask(recipe.loss()), recipe, recipe, runDir, progress);
    }

    /**
     * Resumes a run from its newest intact checkpoint.
     *
     * @param runDir the run directory
     * @param progress where progress goes
     * @return the result
     * @throws IOException when files cannot be read or written or the checkpoint contradicts the
     *     recipe
     * @throws IllegalArgumentException when the directory holds no run or no intact checkpoint
     */
    public static FcosRun.Result resume(Path runDir, Progress progress) throws IOException {
        DetectionRecipe recipe = Recipes.load(RunDirectory.recipeOf(runDir),
                DetectionRecipe.class);
        return FcosRun.resume(new DetectorTask(recipe.loss()), recipe, recipe, runDir, progress);
    }

    /** @return whether a directory holds a detection run (by its recipe's model name) */
    public static boolean isDetectionRun(Path runDir) {
        return RunDirectory.isRunOf(runDir, DetectionModels::isKnown);
    }

    /** @return the columns of a detection run's {@code metrics.csv} validation scores */
    public static List<String> valColumns() {
        return new DetectorTask(DetectionRecipe.Loss.DEFAULT).scores().stream()
                .map(FcosTask.Score::column).toList();
    }
}
