package dev.hsresnet.train.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.train.checkpoint.EpochSums;
import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.loop.RunDirectory;
import dev.hsresnet.train.loop.StepLoop;
import dev.hsresnet.train.recipe.DetectionRecipe;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosLoss;
import dev.hsresnet.vision.detection.FcosTargetBatch;
import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.CocoSummary;
import dev.hsresnet.vision.segmentation.BackboneWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import dev.hsresnet.core.nn.Scalars;

/**
 * One object-detection (FCOS) training run in its own directory:
 *
 * <pre>
 * RUN/recipe.json         the recipe as run
 * RUN/metrics.csv         one row per epoch (loss, val AP, AP50, AP75, AR100, lr, speed)
 * RUN/summary.json        best and final validation numbers, test numbers, throughput, timings
 * RUN/val-metrics.json    the last validation's COCO summary
 * RUN/loss.png, val.png   training loss and validation curves
 * RUN/test-metrics.json   the best model on the test split: COCO summary and per-class AP;
 *                         test-pr.png its precision-recall curves
 * RUN/predictions/        test (else val) images with the best model's boxes and the ground truth
 * RUN/checkpoints/        step-NNNNNNNNN/ (weights, momentum buffers, state), newest kept
 * RUN/best/               model directory of the best validation AP
 * RUN/model/              model directory of the final weights
 * </pre>
 *
 * Like the other runs it can be killed at any moment and {@link #resume resumed} exactly (same
 * weights, momentum, schedule position, data order and augmentation); a start that fails before
 * its first checkpoint removes what it created. The best model is the one of highest validation
 * AP (IoU .50:.95).
 */
public final class DetectionTrainRun {

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
    /** Images drawn with the best model's detections at the end. */
    private static final int PICTURES = 6;
    /** Score threshold of the drawn detections. */
    private static final double PICTURE_THRESHOLD = 0.3;

    /**
     * What a finished run produced.
     *
     * @param runDir the run directory
     * @param log every epoch
     * @param summary what {@code summary.json} holds
     */
    public record Result(Path runDir, DetectionLog log, Summary summary) {}

    /**
     * The run's {@code summary.json}.
     *
     * @param model the registered model name
     * @param data the splits
     * @param epochs epochs planned
     * @param epochsDone epochs finished
     * @param bestEpoch 1-based epoch of the best validation AP, 0 before any evaluation
     * @param bestValAp that AP (NaN before any)
     * @param finalVal the last validation's COCO summary, or null
     * @param test the test split's COCO summary with the best model, or null
     * @param trainImagesPerSecond mean training throughput over the finished epochs
     * @param secondsRunning seconds the run has spent, over all its sessions
     * @param skippedTrain unreadable training images skipped
     */
    public record Summary(String model, String data, int epochs, int epochsDone, int bestEpoch,
            double bestValAp, CocoSummary finalVal, CocoSummary test,
            double trainImagesPerSecond, double secondsRunning, int skippedTrain) {}

    private final DetectionRecipe recipe;
    private final Path runDir;
    private final Progress progress;
    private StepLoop<DetectionBatch> loop;

    private DetectionTrainRun(DetectionRecipe recipe, Path runDir, Progress progress) {
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
    public static Result start(DetectionRecipe recipe, Path runDir, Progress progress)
            throws IOException {
        DetectionModels.spec(recipe.model().name(), DetectionModels.DEFAULT_CLASSES);
        DetectionTrainRun run = new DetectionTrainRun(recipe, runDir, progress);
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
        return new DetectionTrainRun(Recipes.load(RunDirectory.recipeOf(runDir),
                DetectionRecipe.class), runDir, progress).run(true, () -> { });
    }

    /** @return whether a directory holds a detection run (by its recipe's model name) */
    public static boolean isDetectionRun(Path runDir) {
        return RunDirectory.isRunOf(runDir, DetectionModels.names());
    }

    private Result run(boolean resume, RunDirectory.Setup setup) throws IOException {
        long sessionStart = System.nanoTime();
        SkippedImages skipped = new SkippedImages();
        // the normalization depends on the backbone only, not on the classes
        DetectionData data = DetectionData.open(recipe, DetectionModels.config(
                recipe.model().name(), List.of("any")).preprocessing(), skipped);
        progress.message("data: " + data.description());
        List<String> classes = data.train().classes();
        // the evaluation size becomes the model's inference size (model.json)
        DetectionSpec spec = DetectionModels.spec(recipe.model().name(), classes.size())
                .withInputSize(recipe.augment().evalShort(), recipe.augment().maxLongSide());
        ModelConfig config = DetectionModels.config(recipe.model().name(), spec, classes);
        int batches = data.trainLoader().batchesPerEpoch();
        if (batches < 1) {
            throw new IllegalArgumentException("batchSize " + recipe.batchSize()
                    + " is larger than the training split (" + data.train().size() + " images)");
        }
        try (DetectionModel model = DetectionModel.create(config, recipe.seed())) {
            if (recipe.model().backbone() != null && !resume) {
                int n = BackboneWeights.load(model, Path.of(recipe.model().backbone()));
                progress.message("backbone: " + n + " tensors from " + recipe.model().backbone());
            }
            model.block().backbone().setFrozenStages(recipe.model().frozenStages());
            model.block().backbone().setNormEval(recipe.model().normEval());
            setup.write();
            DetectionRecipe.Loss l = recipe.loss();
            FcosLoss loss = new FcosLoss(classes.size(), (float) l.focalAlpha(),
                    (float) l.focalGamma());
            return new Loop(data, model, loss, batches, sessionStart, skipped).run(resume);
        }
    }

    /** The state of one run while it trains. */
    private final class Loop {
        private final DetectionData data;
        private final DetectionModel model;
        private final FcosLoss loss;
        /** Only its per-size point cache is used while training. */
        private final BatchDetector pointCache;
        private final StepLoop<DetectionBatch> steps;
        private final SkippedImages skipped;
        private final List<String> classes;
        private DetectionLog log = new DetectionLog();
        private CocoSummary lastVal;

        Loop(DetectionData data, DetectionModel model, FcosLoss loss, int batches,
                long sessionStart, SkippedImages skipped) {
            this.data = data;
            this.model = model;
            this.loss = loss;
            this.skipped = skipped;
            this.classes = data.train().classes();
            this.pointCache = new BatchDetector(model, BatchDetector.decoder(model.spec(),
                    DetectionEvaluator.EVAL_SCORE_THRESHOLD));
            this.steps = new StepLoop<>(new StepLoop.Settings(recipe.model().name(),
                    recipe.epochs(), batches, recipe.seed(), sha256(), recipe.optimizer(),
                    recipe.schedule(), recipe.checkpoint(), recipe.gradClip()), model, runDir,
                    progress, skipped,
                    sessionStart);
            loop = steps;
        }

        Result run(boolean resume) throws IOException {
            if (resume) {
                steps.restore(data.train()::describe);
                Path metrics = runDir.resolve(METRICS_FILE);
                if (Files.exists(metrics)) {
                    log = DetectionLog.readCsv(metrics);
                    log.truncateAfter(steps.state().epoch());
                }
            }
            for (int epoch = steps.state().epoch(); epoch < recipe.epochs(); epoch++) {
                int first = epoch == steps.state().epoch() ? steps.state().batchInEpoch() : 0;
                endEpoch(steps.trainEpoch(epoch, first, StepLoop.Batches.of(
                        data.trainLoader().epoch(epoch, first)), DetectionBatch::n, this::loss));
            }
            ModelDir.save(model, runDir.resolve(FINAL));
            CocoSummary test = null;
            if (Files.isDirectory(runDir.resolve(BEST))) {
                try (DetectionModel best = (DetectionModel) ModelDir.loadAny(
                        runDir.resolve(BEST), LoadOptions.DEFAULT)) {
                    best.block().prepareForInference();
                    var drawn = data.testLoader() != null ? data.testLoader() : data.valLoader();
                    if (data.testLoader() != null) {
                        progress.message("evaluating the best model on the test split");
                        CocoEvaluation e = DetectionEvaluator.evaluate(best, data.testLoader());
                        test = e.summary();
                        writeJson(runDir.resolve("test-metrics.json"), new SplitMetrics(
                                e.summary(), e.perClass()));
                        DetectionPictures.precisionRecall(e, classes, runDir, "test");
                    }
                    DetectionPictures.predictions(best, drawn, PICTURES, PICTURE_THRESHOLD,
                            runDir.resolve("predictions"));
                }
            }
            Summary summary = writeSummary(test);
            progress.message(String.format(Locale.ROOT, "finished: best val AP %.2f%% at epoch "
                    + "%d%s; model in %s, best in %s", 100 * summary.bestValAp(),
                    summary.bestEpoch(), test == null ? "" : String.format(Locale.ROOT,
                            ", test AP %.2f%%, AP50 %.2f%%", 100 * test.ap(), 100 * test.ap50()),
                    runDir.resolve(FINAL), runDir.resolve(BEST)));
            return new Result(runDir, log, summary);
        }

        private NDArray loss(DetectionBatch batch, NDManager m) {
            NDArray x = m.create(batch.images(),
                    new Shape(batch.n(), batch.c(), batch.h(), batch.w()));
            NDList out = model.forward(x, true);
            FcosTargetBatch targets = FcosTargetBatch.assign(m, pointCache.points(batch.h(),
                    batch.w()), Arrays.asList(batch.boxes()), Arrays.asList(batch.labels()),
                    classes.size());
            FcosLoss.Parts p = loss.apply(out, targets);
            DetectionRecipe.Loss w = recipe.loss();
            return p.classification().add(Scalars.times(p.boxRegression(), (float) w.boxWeight()))
                    .add(Scalars.times(p.centerness(), (float) w.centernessWeight()));
        }

        private void endEpoch(StepLoop.EpochEnd end) throws IOException {
            int epoch = end.epoch();
            boolean evaluate = (epoch + 1) % recipe.evalEvery() == 0
                    || epoch + 1 == recipe.epochs();
            double best = steps.state().bestValTop1();
            int bestEpoch = steps.state().bestEpoch();
            if (evaluate) {
                lastVal = DetectionEvaluator.evaluate(model, data.valLoader()).summary();
                writeJson(runDir.resolve("val-metrics.json"), lastVal);
                if (Double.isNaN(best) || lastVal.ap() > best) {
                    best = lastVal.ap();
                    bestEpoch = epoch + 1;
                    ModelDir.save(model, runDir.resolve(BEST));
                }
            }
            double seconds = (System.nanoTime() - end.startNanos()) / 1e9;
            long step = end.step();
            DetectionEpoch row = new DetectionEpoch(epoch + 1, step, end.trainLoss(),
                    evaluate ? lastVal.ap() : Double.NaN, evaluate ? lastVal.ap50() : Double.NaN,
                    evaluate ? lastVal.ap75() : Double.NaN,
                    evaluate ? lastVal.ar100() : Double.NaN,
                    steps.learningRate(Math.max(0, step - 1)), end.imagesPerSecond(), seconds);
            log.add(row);
            log.writeCsv(runDir.resolve(METRICS_FILE));
            DetectionPictures.curves(log, runDir);
            steps.checkpoint(epoch + 1, 0, step, best, bestEpoch, EpochSums.ZERO);
            writeSummary(null);
            progress.message(describe(row));
        }

        private String describe(DetectionEpoch e) {
            return String.format(Locale.ROOT, "epoch %d: train loss %.4f%s, %.1f img/s, %.0f s",
                    e.epoch(), e.trainLoss(), e.evaluated() ? String.format(Locale.ROOT,
                            ", val AP %.2f%%, AP50 %.2f%%, AP75 %.2f%%, AR100 %.2f%%",
                            100 * e.valAp(), 100 * e.valAp50(), 100 * e.valAp75(),
                            100 * e.valAr100()) : "",
                    e.imagesPerSecond(), e.epochSeconds());
        }

        private Summary writeSummary(CocoSummary test) throws IOException {
            List<DetectionEpoch> epochs = log.epochs();
            double ips = epochs.stream().mapToDouble(DetectionEpoch::imagesPerSecond)
                    .average().orElse(Double.NaN);
            Summary s = new Summary(recipe.model().name(), data.description(), recipe.epochs(),
                    epochs.size(), steps.state().bestEpoch(), steps.state().bestValTop1(),
                    lastVal, test, ips, steps.secondsRunning(), skipped.count());
            writeJson(runDir.resolve(SUMMARY_FILE), s);
            return s;
        }
    }

    /**
     * A split's metrics as {@code test-metrics.json} holds them.
     *
     * @param summary COCO's 12 numbers
     * @param perClass AP and AP50 per class
     */
    public record SplitMetrics(CocoSummary summary,
            List<dev.hsresnet.vision.detection.eval.ClassAp> perClass) {}

    private String sha256() {
        return RunDirectory.recipeSha256(recipe);
    }

    private static void writeJson(Path file, Object value) throws IOException {
        RunDirectory.writeJson(file, value);
    }
}
