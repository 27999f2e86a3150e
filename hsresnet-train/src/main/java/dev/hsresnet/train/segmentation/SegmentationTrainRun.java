package dev.hsresnet.train.segmentation;

import dev.hsresnet.vision.task.Backbones;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.segmentation.SegmentationBatch;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import dev.hsresnet.train.checkpoint.EpochSums;
import dev.hsresnet.train.loop.RunDirectory;
import dev.hsresnet.train.loop.StepLoop;
import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.train.recipe.SegmentationRecipe;
import dev.hsresnet.vision.segmentation.BackboneWeights;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import dev.hsresnet.vision.segmentation.SegmentationLoss;
import dev.hsresnet.vision.segmentation.SegmentationMetrics;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One semantic-segmentation training run in its own directory:
 *
 * <pre>
 * RUN/recipe.json         the recipe as run
 * RUN/metrics.csv         one row per epoch (loss, mIoU, pixel and class accuracy, IoU per class)
 * RUN/summary.json        best and final validation numbers, test numbers, throughput, timings
 * RUN/val-metrics.json    the last validation's full metrics, val-iou.png its per-class IoU bars
 * RUN/loss.png, val.png   training loss and validation curves
 * RUN/test-metrics.json   the best model on the test split, test-iou.png; RUN/predictions/ panels
 *                         (image | ground truth | prediction) of 4 validation images
 * RUN/checkpoints/        step-NNNNNNNNN/ (weights, momentum buffers, state), newest kept
 * RUN/best/               model directory of the best validation mIoU
 * RUN/model/              model directory of the final weights
 * </pre>
 *
 * Like the classifier's run it can be killed at any moment and {@link #resume resumed} exactly
 * (same weights, momentum, schedule position, data order and augmentation); a start that fails
 * before its first checkpoint removes what it created.
 */
public final class SegmentationTrainRun {

    /** The recipe as run. */
    public static final String RECIPE_FILE = RunDirectory.RECIPE_FILE;
    /** Per-epoch metrics. */
    public static final String METRICS_FILE = "metrics.csv";
    /** Run summary. */
    public static final String SUMMARY_FILE = "summary.json";
    /** Best model directory. */
    public static final String BEST = "best";
    /** Final model directory. */
    public static final String FINAL = "model";
    /** Prediction panels of validation images drawn with the best model at the end. */
    private static final int PANELS = 4;

    /**
     * What a finished run produced.
     *
     * @param runDir the run directory
     * @param log every epoch
     * @param summary what {@code summary.json} holds
     */
    public record Result(Path runDir, SegmentationLog log, Summary summary) {}

    /**
     * The run's {@code summary.json}.
     *
     * @param model the registered model name
     * @param data the splits
     * @param epochs epochs planned
     * @param epochsDone epochs finished
     * @param bestEpoch 1-based epoch of the best validation mIoU, 0 before any evaluation
     * @param bestValMeanIou that mIoU (NaN before any)
     * @param finalVal the last validation's metrics, or null
     * @param test the test split's metrics of the best model, or null (no test split, or not
     *     finished)
     * @param trainImagesPerSecond mean training throughput over the finished epochs
     * @param secondsRunning seconds the run has spent, over all its sessions
     * @param skippedTrain unreadable training pairs skipped
     */
    public record Summary(String model, String data, int epochs, int epochsDone, int bestEpoch,
            double bestValMeanIou, SegmentationMetrics.Summary finalVal,
            SegmentationMetrics.Summary test, double trainImagesPerSecond,
            double secondsRunning, int skippedTrain) {}

    private final SegmentationRecipe recipe;
    private final Path runDir;
    private final Progress progress;
    private StepLoop<SegmentationBatch> loop;

    private SegmentationTrainRun(SegmentationRecipe recipe, Path runDir, Progress progress) {
        this.recipe = recipe;
        this.runDir = runDir;
        this.progress = progress;
    }

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
    public static Result start(SegmentationRecipe recipe, Path runDir, Progress progress)
            throws IOException {
        SegmentationModels.spec(recipe.model().name(), SegmentationModels.DEFAULT_CLASSES);
        SegmentationTrainRun run = new SegmentationTrainRun(recipe, runDir, progress);
        return RunDirectory.start(runDir, recipe,
                () -> run.loop != null && run.loop.checkpointed(),
                setup -> run.run(false, setup));
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
    public static Result resume(Path runDir, Progress progress) throws IOException {
        return new SegmentationTrainRun(Recipes.load(RunDirectory.recipeOf(runDir),
                SegmentationRecipe.class), runDir, progress).run(true, () -> { });
    }

    /** @return whether a directory holds a segmentation run (by its recipe's model name) */
    public static boolean isSegmentationRun(Path runDir) {
        return RunDirectory.isRunOf(runDir, SegmentationModels::isKnown);
    }

    private Result run(boolean resume, RunDirectory.Setup setup) throws IOException {
        long sessionStart = System.nanoTime();
        SkippedImages skipped = new SkippedImages();
        // the normalization depends on the backbone only, not on the classes
        SegmentationData data = SegmentationData.open(recipe, SegmentationModels.config(
                recipe.model().name(), List.of("any")).preprocessing(), skipped);
        progress.message("data: " + data.description() + "; checking every pair");
        SegmentationDataset.ValidationReport report = data.check();
        for (SkippedImages.Entry e : report.unreadable()) {
            skipped.record(e.index(), e.description(), e.message());
        }
        List<String> classes = data.train().classes();
        SegmentationSpec spec = SegmentationModels.spec(recipe.model().name(), classes.size())
                .withAuxHead(recipe.model().auxHead());
        ModelConfig config = SegmentationModels.config(Backbones.modelName(
                recipe.model().name(), SegmentationModels.prefixOf(recipe.model().name())), spec,
                classes);
        float[] weights = recipe.loss().classWeights().equals("median-frequency")
                ? SegmentationData.medianFrequencyWeights(report) : null;
        if (weights != null) {
            progress.message("median-frequency class weights: " + Arrays.toString(weights));
        }
        int batches = data.trainLoader().batchesPerEpoch();
        if (batches < 1) {
            throw new IllegalArgumentException("batchSize " + recipe.batchSize()
                    + " is larger than the training split (" + data.train().size() + " pairs)");
        }
        try (SegmentationModel model = SegmentationModel.create(config, recipe.seed())) {
            if (recipe.model().backbone() != null && !resume) {
                int n = BackboneWeights.load(model, Path.of(recipe.model().backbone()));
                progress.message("backbone: " + n + " tensors from " + recipe.model().backbone());
            }
            model.block().backbone().setFrozenStages(recipe.model().frozenStages());
            setup.write();
            SegmentationLoss loss = new SegmentationLoss(classes.size(),
                    data.train().ignoreIndex(), weights);
            return new Loop(data, model, loss, batches, sessionStart, skipped).run(resume);
        }
    }

    /** The state of one run while it trains. */
    private final class Loop {
        private final SegmentationData data;
        private final SegmentationModel model;
        private final SegmentationLoss loss;
        private final StepLoop<SegmentationBatch> steps;
        private final List<String> classes;
        private final SkippedImages skipped;
        private SegmentationLog log;
        private SegmentationMetrics.Summary lastVal;

        Loop(SegmentationData data, SegmentationModel model, SegmentationLoss loss, int batches,
                long sessionStart, SkippedImages skipped) {
            this.data = data;
            this.model = model;
            this.loss = loss;
            this.skipped = skipped;
            this.classes = data.train().classes();
            this.log = new SegmentationLog(classes);
            this.steps = new StepLoop<>(new StepLoop.Settings(recipe.model().name(),
                    recipe.epochs(), batches, recipe.seed(), sha256(), recipe.optimizer(),
                    recipe.schedule(), recipe.checkpoint(), 0), model, runDir, progress, skipped,
                    sessionStart);
            loop = steps;
        }

        Result run(boolean resume) throws IOException {
            if (resume) {
                steps.restore(data.train()::describe);
                Path metrics = runDir.resolve(METRICS_FILE);
                if (Files.exists(metrics)) {
                    log = SegmentationLog.readCsv(metrics, classes);
                    log.truncateAfter(steps.state().epoch());
                }
            }
            for (int epoch = steps.state().epoch(); epoch < recipe.epochs(); epoch++) {
                int first = epoch == steps.state().epoch() ? steps.state().batchInEpoch() : 0;
                endEpoch(steps.trainEpoch(epoch, first, StepLoop.Batches.of(
                        data.trainLoader().epoch(epoch, first)), SegmentationBatch::n,
                        this::loss));
            }
            ModelDir.save(model, runDir.resolve(FINAL));
            SegmentationMetrics.Summary test = null;
            if (Files.isDirectory(runDir.resolve(BEST))) {
                try (SegmentationModel best = (SegmentationModel) ModelDir.loadAny(
                        runDir.resolve(BEST), dev.hsresnet.core.model.LoadOptions.DEFAULT)) {
                    best.block().prepareForInference();
                    if (data.testLoader() != null) {
                        progress.message("evaluating the best model on the test split");
                        test = SegmentationEvaluator.evaluate(best, data.testLoader(), loss,
                                classes, data.train().ignoreIndex()).metrics();
                        writeJson(runDir.resolve("test-metrics.json"), test);
                        SegmentationPictures.perClassIou(runDir.resolve("test-iou.png"), "test",
                                test);
                    }
                    SegmentationPictures.panels(best, data.val(), PANELS,
                            runDir.resolve("predictions"));
                }
            }
            Summary summary = writeSummary(test);
            progress.message(String.format(Locale.ROOT, "finished: best val mIoU %.2f%% at "
                    + "epoch %d%s; model in %s, best in %s", 100 * summary.bestValMeanIou(),
                    summary.bestEpoch(), test == null ? "" : String.format(Locale.ROOT,
                            ", test mIoU %.2f%%", 100 * test.meanIou()),
                    runDir.resolve(FINAL), runDir.resolve(BEST)));
            return new Result(runDir, log, summary);
        }

        private NDArray loss(SegmentationBatch batch, NDManager m) {
            NDArray x = m.create(batch.images(),
                    new Shape(batch.n(), batch.c(), batch.h(), batch.w()));
            NDArray y = m.create(batch.labels(), new Shape(batch.n(), batch.h(), batch.w()));
            return loss.apply(model.forward(x, true), y, (float) recipe.loss().auxWeight());
        }

        private void endEpoch(StepLoop.EpochEnd end) throws IOException {
            int epoch = end.epoch();
            boolean evaluate = (epoch + 1) % recipe.evalEvery() == 0
                    || epoch + 1 == recipe.epochs();
            double best = steps.state().bestValTop1();
            int bestEpoch = steps.state().bestEpoch();
            SegmentationEvaluator.Result val = null;
            if (evaluate) {
                val = SegmentationEvaluator.evaluate(model, data.valLoader(), loss, classes,
                        data.train().ignoreIndex());
                lastVal = val.metrics();
                writeJson(runDir.resolve("val-metrics.json"), lastVal);
                SegmentationPictures.perClassIou(runDir.resolve("val-iou.png"), "val", lastVal);
                if (Double.isNaN(best) || lastVal.meanIou() > best) {
                    best = lastVal.meanIou();
                    bestEpoch = epoch + 1;
                    ModelDir.save(model, runDir.resolve(BEST));
                }
            }
            double seconds = (System.nanoTime() - end.startNanos()) / 1e9;
            long step = end.step();
            SegmentationEpoch row = new SegmentationEpoch(epoch + 1, step, end.trainLoss(),
                    val == null ? Double.NaN : val.loss(),
                    val == null ? Double.NaN : lastVal.meanIou(),
                    val == null ? Double.NaN : lastVal.pixelAccuracy(),
                    val == null ? Double.NaN : lastVal.meanClassAccuracy(),
                    val == null ? List.of() : lastVal.classIou(),
                    steps.learningRate(Math.max(0, step - 1)), end.imagesPerSecond(), seconds);
            log.add(row);
            log.writeCsv(runDir.resolve(METRICS_FILE));
            SegmentationPictures.curves(log, runDir);
            steps.checkpoint(epoch + 1, 0, step, best, bestEpoch, EpochSums.ZERO);
            writeSummary(null);
            progress.message(describe(row));
        }

        private String describe(SegmentationEpoch e) {
            return String.format(Locale.ROOT, "epoch %d: train loss %.4f%s, %.1f img/s, %.0f s",
                    e.epoch(), e.trainLoss(), e.evaluated() ? String.format(Locale.ROOT,
                            ", val loss %.4f, val mIoU %.2f%%, pixel acc %.2f%%, class acc %.2f%%",
                            e.valLoss(), 100 * e.valMeanIou(), 100 * e.valPixelAccuracy(),
                            100 * e.valMeanClassAccuracy()) : "",
                    e.imagesPerSecond(), e.epochSeconds());
        }

        private Summary writeSummary(SegmentationMetrics.Summary test) throws IOException {
            List<SegmentationEpoch> epochs = log.epochs();
            double ips = epochs.stream().mapToDouble(SegmentationEpoch::imagesPerSecond)
                    .average().orElse(Double.NaN);
            Summary s = new Summary(recipe.model().name(), data.description(), recipe.epochs(),
                    epochs.size(), steps.state().bestEpoch(), steps.state().bestValTop1(),
                    lastVal, test, ips, steps.secondsRunning(), skipped.count());
            writeJson(runDir.resolve(SUMMARY_FILE), s);
            return s;
        }
    }

    private String sha256() {
        return RunDirectory.recipeSha256(recipe);
    }

    private static void writeJson(Path file, Object value) throws IOException {
        RunDirectory.writeJson(file, value);
    }
}
