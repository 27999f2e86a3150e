package dev.hsresnet.train.instance;

import dev.hsresnet.train.detection.FcosRun;
import dev.hsresnet.train.detection.FcosTask;
import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.loop.RunDirectory;
import dev.hsresnet.train.recipe.InstanceRecipe;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.vision.instance.InstanceModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One instance-segmentation (YOLACT on FCOS) training run in its own directory: an {@link
 * FcosRun} (the detection run's directory layout, checkpoints and exact resume) of the {@code
 * yolact_*} models on data with instance masks. {@code metrics.csv} has the columns {@code
 * epoch, step, train_loss, val_mask_ap, val_mask_ap50, val_box_ap, val_box_ap50, lr,
 * images_per_second, epoch_seconds}; {@code val-metrics.json} and {@code summary.json}'s {@code
 * finalVal} and {@code test} hold both COCO summaries ({@code bbox}, {@code segm}); {@code
 * test-metrics.json} both with AP per class, the mask curves as {@code test-segm-pr.png}. The
 * best model is the one of highest validation mask AP (IoU .50:.95); {@code summary.json}'s
 * {@code bestValAp} is that mask AP.
 */
public final class InstanceTrainRun {

    private InstanceTrainRun() {}

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
    public static FcosRun.Result start(InstanceRecipe recipe, Path runDir, Progress progress)
            throws IOException {
        return FcosRun.start(new InstanceRunTask(recipe.loss()), recipe, recipe.detection(),
                runDir, progress);
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
        InstanceRecipe recipe = Recipes.load(RunDirectory.recipeOf(runDir),
                InstanceRecipe.class);
        return FcosRun.resume(new InstanceRunTask(recipe.loss()), recipe, recipe.detection(),
                runDir, progress);
    }

    /** @return whether a directory holds an instance run (by its recipe's model name) */
    public static boolean isInstanceRun(Path runDir) {
        return RunDirectory.isRunOf(runDir, InstanceModels::isKnown);
    }

    /** @return the columns of an instance run's {@code metrics.csv} validation scores */
    public static List<String> valColumns() {
        return new InstanceRunTask(InstanceRecipe.Loss.DEFAULT).scores().stream()
                .map(FcosTask.Score::column).toList();
    }
}
