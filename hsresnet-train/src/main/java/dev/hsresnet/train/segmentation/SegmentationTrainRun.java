package dev.hsresnet.train.segmentation;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.segmentation.SegmentationBatch;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import dev.hsresnet.train.checkpoint.CheckpointStore;
import dev.hsresnet.train.checkpoint.EpochSums;
import dev.hsresnet.train.checkpoint.TrainState;
import dev.hsresnet.train.loop.RunDirectory;
import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.loop.TrainingDivergedException;
import dev.hsresnet.train.optim.LrSchedule;
import dev.hsresnet.train.optim.Sgd;
import dev.hsresnet.train.recipe.Recipe;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.train.recipe.ScheduleKind;
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
    private boolean checkpointed;

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
        return RunDirectory.start(runDir, recipe, () -> run.checkpointed,
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
        Path file = runDir.resolve(RECIPE_FILE);
        try {
            return Files.isRegularFile(file) && SpecJson.mapper().readTree(file.toFile())
                    .path("model").path("name").asText("").toLowerCase(Locale.ROOT)
                    .transform(SegmentationModels.names()::contains);
        } catch (IOException e) {
            return false;
        }
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
        ModelConfig config = SegmentationModels.config(recipe.model().name(), spec, classes);
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
        private final int batches;
        private final Sgd sgd;
        private final LrSchedule schedule;
        private final CheckpointStore store;
        private final long sessionStart;
        private final SkippedImages skipped;
        private final List<String> classes;
        private SegmentationLog log;
        private TrainState state;
        private double secondsBefore;
        private Path lastCheckpoint;
        private SegmentationMetrics.Summary lastVal;

        Loop(SegmentationData data, SegmentationModel model, SegmentationLoss loss, int batches,
                long sessionStart, SkippedImages skipped) {
            this.data = data;
            this.model = model;
            this.loss = loss;
            this.batches = batches;
            this.sessionStart = sessionStart;
            this.skipped = skipped;
            this.classes = data.train().classes();
            this.log = new SegmentationLog(classes);
            Recipe.Optimizer o = recipe.optimizer();
            this.sgd = new Sgd(model.parameters(), model.manager(), o.momentum(), o.nesterov(),
                    o.weightDecay(), o.decayBnAndBias());
            Recipe.Schedule s = recipe.schedule();
            long total = (long) recipe.epochs() * batches;
            this.schedule = new LrSchedule(o.lr(), s.minLr(),
                    Math.min(total, Math.round(s.warmupEpochs() * batches)), total, batches,
                    s.kind() == ScheduleKind.COSINE, s.milestones(), s.gamma());
            this.store = new CheckpointStore(runDir.resolve("checkpoints"),
                    recipe.checkpoint().keepLast());
            this.state = TrainState.start(recipe.model().name(), recipe.epochs(), batches,
                    recipe.seed(), sha256());
        }

        Result run(boolean resume) throws IOException {
            if (resume) {
                restore();
            }
            for (int epoch = state.epoch(); epoch < recipe.epochs(); epoch++) {
                trainEpoch(epoch, epoch == state.epoch() ? state.batchInEpoch() : 0);
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

        private void restore() throws IOException {
            CheckpointStore.Checkpoint c = RunDirectory.latest(store, runDir, progress,
                    state -> state.checkAgainst(recipe.model().name(), recipe.epochs(), batches,
                            recipe.seed(), sha256()));
            model.loadStateDict(c.weights(), c.dir().resolve("weights.safetensors").toString());
            sgd.loadState(c.optimizer(), c.dir().resolve("optimizer.safetensors").toString());
            state = c.state();
            secondsBefore = state.secondsRunning();
            lastCheckpoint = c.dir();
            for (int index : state.skippedTrain()) {
                skipped.record(index, data.train().describe(index), "skipped before the resume");
            }
            Path metrics = runDir.resolve(METRICS_FILE);
            if (Files.exists(metrics)) {
                log = SegmentationLog.readCsv(metrics, classes);
                log.truncateAfter(state.epoch());
            }
            progress.message(String.format(Locale.ROOT,
                    "resuming from %s: epoch %d, batch %d, step %d", c.dir().getFileName(),
                    state.epoch() + 1, state.batchInEpoch(), state.globalStep()));
        }

        private void trainEpoch(int epoch, int firstBatch) throws IOException {
            progress.epochStart(epoch + 1, recipe.epochs(), firstBatch, batches);
            long step = state.globalStep();
            EpochSums before = firstBatch > 0 ? state.epochSums() : EpochSums.ZERO;
            double lossSum = before.lossSum();
            long seen = before.images();
            long start = System.nanoTime();
            int b = firstBatch;
            try (var it = data.trainLoader().epoch(epoch, firstBatch)) {
                while (it.hasNext()) {
                    SegmentationBatch batch = it.next();
                    double lr = schedule.at(step);
                    double value = step(batch, epoch, b, step, lr);
                    sgd.step(lr);
                    step++;
                    b++;
                    lossSum += value * batch.n();
                    seen += batch.n();
                    double seconds = before.seconds() + (System.nanoTime() - start) / 1e9;
                    progress.step(b - 1, lossSum / seen, lr, seen / seconds);
                    long every = recipe.checkpoint().everySteps();
                    if (every > 0 && step % every == 0 && b < batches) {
                        checkpoint(next(epoch, b, step, state.bestValTop1(), state.bestEpoch(),
                                new EpochSums(lossSum, 0, seen, seconds)));
                    }
                }
            }
            double trainSeconds = before.seconds() + (System.nanoTime() - start) / 1e9;
            endEpoch(epoch, step, lossSum / Math.max(1, seen), seen / trainSeconds,
                    start - Math.round(before.seconds() * 1e9));
        }

        private double step(SegmentationBatch batch, int epoch, int b, long step, double lr) {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = m.create(batch.images(),
                        new Shape(batch.n(), batch.c(), batch.h(), batch.w()));
                NDArray y = m.create(batch.labels(), new Shape(batch.n(), batch.h(), batch.w()));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = loss.apply(model.forward(x, true), y,
                            (float) recipe.loss().auxWeight());
                    double value = l.getFloat();
                    if (!Double.isFinite(value)) {
                        throw new TrainingDivergedException(String.format(Locale.ROOT,
                                "the loss became %s at epoch %d, batch %d (step %d, learning "
                                        + "rate %.5g); nothing after the last good checkpoint "
                                        + "was kept (%s). Try a lower optimizer.lr or a longer "
                                        + "schedule.warmupEpochs.", value, epoch + 1, b + 1,
                                step, lr, lastCheckpoint == null ? "none yet" : lastCheckpoint));
                    }
                    gc.backward(l);
                    return value;
                }
            }
        }

        private void endEpoch(int epoch, long step, double trainLoss, double imagesPerSecond,
                long start) throws IOException {
            boolean evaluate = (epoch + 1) % recipe.evalEvery() == 0
                    || epoch + 1 == recipe.epochs();
            double best = state.bestValTop1();
            int bestEpoch = state.bestEpoch();
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
            double seconds = (System.nanoTime() - start) / 1e9;
            SegmentationEpoch row = new SegmentationEpoch(epoch + 1, step, trainLoss,
                    val == null ? Double.NaN : val.loss(),
                    val == null ? Double.NaN : lastVal.meanIou(),
                    val == null ? Double.NaN : lastVal.pixelAccuracy(),
                    val == null ? Double.NaN : lastVal.meanClassAccuracy(),
                    val == null ? List.of() : lastVal.classIou(),
                    schedule.at(Math.max(0, step - 1)), imagesPerSecond, seconds);
            log.add(row);
            log.writeCsv(runDir.resolve(METRICS_FILE));
            SegmentationPictures.curves(log, runDir);
            checkpoint(next(epoch + 1, 0, step, best, bestEpoch, EpochSums.ZERO));
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

        private TrainState next(int epoch, int batch, long step, double best, int bestEpoch,
                EpochSums sums) {
            return new TrainState(epoch, batch, step, best, bestEpoch, recipe.seed(),
                    Arrays.stream(skipped.indices()).boxed().toList(), recipe.model().name(),
                    recipe.epochs(), batches, sums, secondsRunning(), state.recipeSha256());
        }

        private double secondsRunning() {
            return secondsBefore + (System.nanoTime() - sessionStart) / 1e9;
        }

        private void checkpoint(TrainState next) throws IOException {
            lastCheckpoint = store.save(next, model.stateDict(), sgd.state(), null);
            state = next;
            checkpointed = true;
        }

        private Summary writeSummary(SegmentationMetrics.Summary test) throws IOException {
            List<SegmentationEpoch> epochs = log.epochs();
            double ips = epochs.stream().mapToDouble(SegmentationEpoch::imagesPerSecond)
                    .average().orElse(Double.NaN);
            Summary s = new Summary(recipe.model().name(), data.description(), recipe.epochs(),
                    epochs.size(), state.bestEpoch(), state.bestValTop1(), lastVal, test, ips,
                    secondsRunning(), skipped.count());
            writeJson(runDir.resolve(SUMMARY_FILE), s);
            return s;
        }
    }

    private String sha256() {
        return ModelDir.sha256(Recipes.toJson(recipe).getBytes(StandardCharsets.UTF_8));
    }

    private static void writeJson(Path file, Object value) throws IOException {
        byte[] bytes = (SpecJson.write(value) + "\n").getBytes(StandardCharsets.UTF_8);
        dev.hsresnet.core.io.AtomicFiles.write(file, bytes);
    }
}
