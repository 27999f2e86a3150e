package dev.hsresnet.train.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.train.checkpoint.EpochSums;
import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.loop.RunDirectory;
import dev.hsresnet.train.loop.StepLoop;
import dev.hsresnet.train.recipe.DetectionRecipe;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.FcosModel;
import dev.hsresnet.vision.detection.FcosTargetBatch;
import dev.hsresnet.vision.detection.FcosTargets;
import dev.hsresnet.vision.segmentation.BackboneWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One training run of an FCOS-family model (a detector, {@link DetectionTrainRun}; an instance
 * segmenter, {@code InstanceTrainRun}) in its own directory; the family's {@link FcosTask} gives
 * the model, the loss and the evaluation:
 *
 * <pre>
 * RUN/recipe.json         the recipe as run
 * RUN/metrics.csv         one row per epoch (loss, the task's validation scores, lr, speed)
 * RUN/summary.json        best and final validation numbers, test numbers, throughput, timings
 * RUN/val-metrics.json    the last validation's COCO summary (or summaries)
 * RUN/loss.png, val.png   training loss and validation curves
 * RUN/test-metrics.json   the best model on the test split: COCO summary and per-class AP;
 *                         its precision-recall curves beside it
 * RUN/predictions/        test (else val) images with the best model's boxes and the ground truth
 * RUN/checkpoints/        step-NNNNNNNNN/ (weights, momentum buffers, state), newest kept
 * RUN/best/               model directory of the best validation score
 * RUN/model/              model directory of the final weights
 * </pre>
 *
 * <p>Like the other runs it can be killed at any moment and {@link #resume resumed} exactly (same
 * weights, momentum, schedule position, data order and augmentation); a start that fails before
 * its first checkpoint removes what it created. The best model is the one of the highest first
 * validation score ({@link FcosTask#scores()}: a detector's box AP, an instance segmenter's mask
 * AP, both at IoU .50:.95).
 *
 * @param <M> the model
 * @param <E> the evaluation
 */
public final class FcosRun<M extends FcosModel, E extends FcosEvaluation> {

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
     * @param bestEpoch 1-based epoch of the best validation score, 0 before any evaluation
     * @param bestValAp that score, the task's first (NaN before any)
     * @param finalVal the last validation's COCO summary ({@link FcosEvaluation#summary()}), or
     *     null
     * @param test the test split's with the best model, or null
     * @param trainImagesPerSecond mean training throughput over the finished epochs
     * @param secondsRunning seconds the run has spent, over all its sessions
     * @param skippedTrain unreadable training images skipped
     */
    public record Summary(String model, String data, int epochs, int epochsDone, int bestEpoch,
            double bestValAp, Object finalVal, Object test,
            double trainImagesPerSecond, double secondsRunning, int skippedTrain) {}

    private final FcosTask<M, E> task;
    private final Record saved;
    private final DetectionRecipe recipe;
    private final Path runDir;
    private final Progress progress;
    private StepLoop<DetectionBatch> loop;

    private FcosRun(FcosTask<M, E> task, Record saved, DetectionRecipe recipe, Path runDir,
            Progress progress) {
        this.task = task;
        this.saved = saved;
        this.recipe = recipe;
        this.runDir = runDir;
        this.progress = progress;
    }

    /**
     * Starts a new run.
     *
     * @param task the model family
     * @param saved the recipe as written to {@code recipe.json} (its digest guards the resume)
     * @param recipe its settings as a detection recipe
     * @param runDir a new or empty directory
     * @param progress where progress goes
     * @param <M> the model
     * @param <E> the evaluation
     * @return the result
     * @throws IOException when files cannot be read or written
     * @throws IllegalArgumentException when the directory already holds a run, or the data or
     *     the model is wrong (naming the file or field)
     */
    public static <M extends FcosModel, E extends FcosEvaluation> Result start(
            FcosTask<M, E> task, Record saved, DetectionRecipe recipe, Path runDir,
            Progress progress) throws IOException {
        preprocessingConfig(task, recipe);
        FcosRun<M, E> run = new FcosRun<>(task, saved, recipe, runDir, progress);
        return RunDirectory.start(runDir, saved,
                () -> run.loop != null && run.loop.checkpointed(),
                setup -> run.run(false, setup));
    }

    /**
     * Resumes a run from its newest intact checkpoint.
     *
     * @param task the model family
     * @param saved the run's {@code recipe.json}
     * @param recipe its settings as a detection recipe
     * @param runDir the run directory
     * @param progress where progress goes
     * @param <M> the model
     * @param <E> the evaluation
     * @return the result
     * @throws IOException when files cannot be read or written or the checkpoint contradicts the
     *     recipe
     * @throws IllegalArgumentException when the directory holds no intact checkpoint
     */
    public static <M extends FcosModel, E extends FcosEvaluation> Result resume(
            FcosTask<M, E> task, Record saved, DetectionRecipe recipe, Path runDir,
            Progress progress) throws IOException {
        return new FcosRun<>(task, saved, recipe, runDir, progress).run(true, () -> { });
    }

    /** The normalization depends on the backbone only, not on the classes. */
    private static ModelConfig preprocessingConfig(FcosTask<?, ?> task, DetectionRecipe recipe) {
        DetectionRecipe.Augment a = recipe.augment();
        return task.config(recipe.model().name(), List.of("any"), a.evalShort(), a.maxLongSide());
    }

    private Result run(boolean resume, RunDirectory.Setup setup) throws IOException {
        long sessionStart = System.nanoTime();
        SkippedImages skipped = new SkippedImages();
        DetectionData data = DetectionData.open(recipe,
                preprocessingConfig(task, recipe).preprocessing(), skipped);
        progress.message("data: " + data.description());
        List<String> classes = data.train().classes();
        // the evaluation size becomes the model's inference size (model.json)
        ModelConfig config = task.config(recipe.model().name(), classes,
                recipe.augment().evalShort(), recipe.augment().maxLongSide());
        int batches = data.trainLoader().batchesPerEpoch();
        if (batches < 1) {
            throw new IllegalArgumentException("batchSize " + recipe.batchSize()
                    + " is larger than the training split (" + data.train().size() + " images)");
        }
        try (M model = task.create(config, recipe.seed())) {
            if (recipe.model().backbone() != null && !resume) {
                int n = BackboneWeights.load(model, Path.of(recipe.model().backbone()));
                progress.message("backbone: " + n + " tensors from " + recipe.model().backbone());
            }
            model.block().backbone().setFrozenStages(recipe.model().frozenStages());
            model.block().backbone().setNormEval(recipe.model().normEval());
            setup.write();
            return new Loop(data, model, batches, sessionStart, skipped).run(resume);
        }
    }

    /** The state of one run while it trains. */
    private final class Loop {
        private final DetectionData data;
        private final M model;
        private final FcosTask.StepLoss loss;
        /** Only its per-size point cache is used while training. */
        private final BatchDetector pointCache;
        private final StepLoop<DetectionBatch> steps;
        private final SkippedImages skipped;
        private final List<String> classes;
        private DetectionLog log;
        private Object lastVal;
        private double[] lastScores;

        Loop(DetectionData data, M model, int batches, long sessionStart,
                SkippedImages skipped) {
            this.data = data;
            this.model = model;
            this.skipped = skipped;
            this.classes = data.train().classes();
            this.loss = task.loss(classes.size());
            this.log = new DetectionLog(columns());
            this.pointCache = new BatchDetector(model, BatchDetector.decoder(
                    model.detectionSpec(), DetectionEvaluator.EVAL_SCORE_THRESHOLD));
            this.steps = new StepLoop<>(new StepLoop.Settings(recipe.model().name(),
                    recipe.epochs(), batches, recipe.seed(), RunDirectory.recipeSha256(saved),
                    recipe.optimizer(), recipe.schedule(), recipe.checkpoint(),
                    recipe.gradClip()), model, runDir, progress, skipped, sessionStart);
            loop = steps;
        }

        Result run(boolean resume) throws IOException {
            if (resume) {
                steps.restore(data.train()::describe);
                Path metrics = runDir.resolve(METRICS_FILE);
                if (Files.exists(metrics)) {
                    log = DetectionLog.readCsv(metrics, columns());
                    log.truncateAfter(steps.state().epoch());
                }
            }
            for (int epoch = steps.state().epoch(); epoch < recipe.epochs(); epoch++) {
                int first = epoch == steps.state().epoch() ? steps.state().batchInEpoch() : 0;
                endEpoch(steps.trainEpoch(epoch, first, StepLoop.Batches.of(
                        data.trainLoader().epoch(epoch, first)), DetectionBatch::n, this::loss));
            }
            ModelDir.save(model, runDir.resolve(FINAL));
            double[] test = null;
            Object testSummary = null;
            if (Files.isDirectory(runDir.resolve(BEST))) {
                try (M best = task.type().cast(ModelDir.loadAny(runDir.resolve(BEST),
                        LoadOptions.DEFAULT))) {
                    best.block().prepareForInference();
                    var drawn = data.testLoader() != null ? data.testLoader() : data.valLoader();
                    if (data.testLoader() != null) {
                        progress.message("evaluating the best model on the test split");
                        E e = task.evaluate(best, data.testLoader());
                        test = e.scores();
                        testSummary = e.summary();
                        RunDirectory.writeJson(runDir.resolve("test-metrics.json"), e.metrics());
                        e.precisionRecall(classes, runDir, "test");
                    }
                    DetectionPictures.predictions(best, drawn, PICTURES, PICTURE_THRESHOLD,
                            runDir.resolve("predictions"));
                }
            }
            Summary summary = writeSummary(testSummary);
            List<FcosTask.Score> s = task.scores();
            progress.message(String.format(Locale.ROOT, "finished: best val %s %.2f%% at epoch "
                    + "%d%s; model in %s, best in %s", s.get(0).label(),
                    100 * summary.bestValAp(), summary.bestEpoch(), test == null ? ""
                            : String.format(Locale.ROOT, ", test %s %.2f%%, %s %.2f%%",
                                    s.get(0).label(), 100 * test[0], s.get(1).label(),
                                    100 * test[1]),
                    runDir.resolve(FINAL), runDir.resolve(BEST)));
            return new Result(runDir, log, summary);
        }

        private NDArray loss(DetectionBatch batch, NDManager m) {
            NDArray x = m.create(batch.images(),
                    new Shape(batch.n(), batch.c(), batch.h(), batch.w()));
            NDList out = model.forward(x, true);
            List<FcosTargets> assigned = FcosTargetBatch.assignEach(pointCache.points(batch.h(),
                    batch.w()), Arrays.asList(batch.boxes()), Arrays.asList(batch.labels()),
                    classes.size());
            return loss.apply(out, FcosTargetBatch.of(m, assigned), assigned, batch);
        }

        private void endEpoch(StepLoop.EpochEnd end) throws IOException {
            int epoch = end.epoch();
            boolean evaluate = (epoch + 1) % recipe.evalEvery() == 0
                    || epoch + 1 == recipe.epochs();
            double best = steps.state().bestValTop1();
            int bestEpoch = steps.state().bestEpoch();
            if (evaluate) {
                E e = task.evaluate(model, data.valLoader());
                lastVal = e.summary();
                lastScores = e.scores();
                RunDirectory.writeJson(runDir.resolve("val-metrics.json"), lastVal);
                if (Double.isNaN(best) || lastScores[0] > best) {
                    best = lastScores[0];
                    bestEpoch = epoch + 1;
                    ModelDir.save(model, runDir.resolve(BEST));
                }
            }
            double seconds = (System.nanoTime() - end.startNanos()) / 1e9;
            long step = end.step();
            double[] val = new double[task.scores().size()];
            Arrays.fill(val, Double.NaN);
            DetectionEpoch row = new DetectionEpoch(epoch + 1, step, end.trainLoss(),
                    evaluate ? lastScores : val, steps.learningRate(Math.max(0, step - 1)),
                    end.imagesPerSecond(), seconds);
            log.add(row);
            log.writeCsv(runDir.resolve(METRICS_FILE));
            DetectionPictures.curves(log, task, runDir);
            steps.checkpoint(epoch + 1, 0, step, best, bestEpoch, EpochSums.ZERO);
            writeSummary(null);
            progress.message(describe(row));
        }

        private String describe(DetectionEpoch e) {
            StringBuilder val = new StringBuilder();
            List<FcosTask.Score> s = task.scores();
            for (int i = 0; e.evaluated() && i < s.size(); i++) {
                val.append(i == 0 ? ", val " : ", ").append(s.get(i).label()).append(
                        String.format(Locale.ROOT, " %.2f%%", 100 * e.val(i)));
            }
            return String.format(Locale.ROOT, "epoch %d: train loss %.4f%s, %.1f img/s, %.0f s",
                    e.epoch(), e.trainLoss(), val, e.imagesPerSecond(), e.epochSeconds());
        }

        private Summary writeSummary(Object test) throws IOException {
            List<DetectionEpoch> epochs = log.epochs();
            double ips = epochs.stream().mapToDouble(DetectionEpoch::imagesPerSecond)
                    .average().orElse(Double.NaN);
            Summary s = new Summary(recipe.model().name(), data.description(), recipe.epochs(),
                    epochs.size(), steps.state().bestEpoch(), steps.state().bestValTop1(),
                    lastVal, test, ips, steps.secondsRunning(), skipped.count());
            RunDirectory.writeJson(runDir.resolve(SUMMARY_FILE), s);
            return s;
        }
    }

    private List<String> columns() {
        return task.scores().stream().map(FcosTask.Score::column).toList();
    }
}
