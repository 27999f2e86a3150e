package dev.hsresnet.train.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.data.Batch;
import dev.hsresnet.data.EpochIterator;
import dev.hsresnet.train.checkpoint.CheckpointStore;
import dev.hsresnet.train.checkpoint.EpochSums;
import dev.hsresnet.train.checkpoint.TrainState;
import dev.hsresnet.train.optim.Ema;
import dev.hsresnet.train.optim.LrSchedule;
import dev.hsresnet.train.optim.Sgd;
import dev.hsresnet.train.recipe.Recipe;
import dev.hsresnet.train.recipe.Recipes;
import dev.hsresnet.train.recipe.ScheduleKind;
import dev.hsresnet.train.report.EpochMetrics;
import dev.hsresnet.train.report.MetricsLog;
import dev.hsresnet.train.report.Plots;
import dev.hsresnet.train.report.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One training run in its own directory:
 *
 * <pre>
 * RUN/recipe.json       the recipe as run (overrides applied)
 * RUN/metrics.csv       one row per epoch; RUN/loss.png, accuracy.png, lr.png
 * RUN/summary.json      best and final numbers, throughput, timings
 * RUN/confusion.csv|png and per-class.csv of the last evaluation
 * RUN/checkpoints/      step-NNNNNNNNN/ (weights, momentum buffers, EMA, state), newest kept
 * RUN/best/             model directory of the best validation top-1
 * RUN/model/            model directory of the final weights (RUN/model-ema/ with EMA)
 * </pre>
 *
 * A run can be killed at any moment and {@link #resume resumed}: it continues from the newest
 * intact checkpoint with the same weights, momentum, schedule position, data order and running
 * sums of the epoch in progress, losing only the steps since that checkpoint.
 *
 * <p>A start that fails before its first checkpoint (bad data, no images, an unknown model, a
 * diverging first steps) removes what it created, so the same directory can be used again.
 */
public final class TrainRun {

    /** The recipe as run. */
    public static final String RECIPE_FILE = RunDirectory.RECIPE_FILE;
    /** Per-epoch metrics. */
    public static final String METRICS_FILE = "metrics.csv";
    /** Run summary. */
    public static final String SUMMARY_FILE = "summary.json";
    /** Checkpoints directory. */
    public static final String CHECKPOINTS = "checkpoints";
    /** Best model directory. */
    public static final String BEST = "best";
    /** Final model directory. */
    public static final String FINAL = "model";
    /** Final EMA model directory. */
    public static final String FINAL_EMA = "model-ema";

    /**
     * What a finished run produced.
     *
     * @param runDir the run directory
     * @param metrics every epoch
     * @param summary the summary written to {@code summary.json}
     */
    public record Result(Path runDir, MetricsLog metrics, RunSummary summary) {

        /** @return the model directory of the best epoch */
        public Path bestModel() {
            return runDir.resolve(BEST);
        }

        /** @return the model directory of the final weights */
        public Path finalModel() {
            return runDir.resolve(FINAL);
        }
    }

    private final Recipe recipe;
    private final Path runDir;
    private final Progress progress;
    private boolean checkpointed;

    private TrainRun(Recipe recipe, Path runDir, Progress progress) {
        this.recipe = recipe;
        this.runDir = runDir;
        this.progress = progress;
    }

    /**
     * Starts a new run.
     *
     * @param recipe the recipe (overrides applied)
     * @param runDir a new or empty directory; created once the data and the model are ready
     * @param progress where progress goes
     * @return the result
     * @throws IOException when files cannot be read or written
     * @throws IllegalArgumentException when the directory already holds a run, or the recipe's
     *     data or model is wrong
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public static Result start(Recipe recipe, Path runDir, Progress progress) throws IOException {
        Models.get(recipe.model().name());
        TrainRun run = new TrainRun(recipe, runDir, progress);
        return RunDirectory.start(runDir, recipe, () -> run.checkpointed,
                setup -> run.run(false, setup));
    }

    /**
     * Resumes a run from its newest intact checkpoint, with the recipe saved in it. Broken
     * checkpoints (see {@link CheckpointStore#latest()}) are passed over with a warning, in the log
     * and in a progress message, naming each and the problem.
     *
     * @param runDir the run directory
     * @param progress where progress goes
     * @return the result
     * @throws IOException when files cannot be read or written, or the checkpoint's {@code
     *     state.json} contradicts the recipe (the message names the file and the field)
     * @throws IllegalArgumentException when the directory holds no run or no intact checkpoint
     */
    public static Result resume(Path runDir, Progress progress) throws IOException {
        return new TrainRun(Recipes.load(RunDirectory.recipeOf(runDir)), runDir, progress)
                .run(true, () -> { });
    }

    /** @return the lower-case hex SHA-256 of a recipe's canonical JSON form */
    static String recipeSha256(Recipe recipe) {
        return ModelDir.sha256(Recipes.toJson(recipe).getBytes(StandardCharsets.UTF_8));
    }

    private Result run(boolean resume, RunDirectory.Setup setup) throws IOException {
        long sessionStart = System.nanoTime();
        ModelEntry entry = Models.get(recipe.model().name());
        DataSetup data = DataSetup.open(recipe, entry.preprocessing());
        progress.message("data: " + data.description());
        List<String> classes = data.train().classes();
        ModelConfig config = new ModelConfig(ModelConfig.FORMAT, ModelConfig.FORMAT_VERSION,
                entry.name(), entry.spec().toBuilder().numClasses(classes.size())
                        .inChannels(data.channels())
                        .zeroInitLastBn(recipe.model().zeroInitLastBn()).build(),
                data.preprocessing(), classes, null);
        int batches = data.trainLoader().batchesPerEpoch();
        if (batches < 1) {
            throw new IllegalArgumentException("batchSize " + recipe.batchSize()
                    + " is larger than the training set (" + data.train().size() + " images)");
        }
        try (ResNetModel model = ResNetModel.create(config, recipe.seed());
                ResNetModel emaModel = recipe.ema().enabled()
                        ? ResNetModel.create(config, recipe.seed()) : null) {
            setup.write();
            return new Loop(data, model, emaModel, batches, sessionStart).run(resume);
        }
    }

    /** The state of one run while it trains. */
    private final class Loop {
        private final DataSetup data;
        private final ResNetModel model;
        private final ResNetModel emaModel;
        private final int batches;
        private final Sgd sgd;
        private final Ema ema;
        private final LrSchedule schedule;
        private final CheckpointStore store;
        private final int classes;
        private MetricsLog log = new MetricsLog();
        private TrainState state;
        private Path lastCheckpoint;
        private Instant started = Instant.now();
        private final long sessionStart;
        private double secondsBefore;

        Loop(DataSetup data, ResNetModel model, ResNetModel emaModel, int batches,
                long sessionStart) {
            this.sessionStart = sessionStart;
            this.data = data;
            this.model = model;
            this.emaModel = emaModel;
            this.batches = batches;
            this.classes = data.train().classes().size();
            Recipe.Optimizer o = recipe.optimizer();
            this.sgd = new Sgd(model.parameters(), model.manager(), o.momentum(), o.nesterov(),
                    o.weightDecay(), o.decayBnAndBias());
            this.ema = emaModel == null ? null : new Ema(model.parameters(),
                    emaModel.parameters(), model.manager(), recipe.ema().decay());
            Recipe.Schedule s = recipe.schedule();
            long total = (long) recipe.epochs() * batches;
            this.schedule = new LrSchedule(o.lr(), s.minLr(),
                    Math.min(total, Math.round(s.warmupEpochs() * batches)), total, batches,
                    s.kind() == ScheduleKind.COSINE, s.milestones(), s.gamma());
            this.store = new CheckpointStore(runDir.resolve(CHECKPOINTS),
                    recipe.checkpoint().keepLast());
            this.state = TrainState.start(recipe.model().name(), recipe.epochs(), batches,
                    recipe.seed(), recipeSha256(recipe));
        }

        Result run(boolean resume) throws IOException {
            if (resume) {
                started = restore();
            }
            for (int epoch = state.epoch(); epoch < recipe.epochs(); epoch++) {
                trainEpoch(epoch, epoch == state.epoch() ? state.batchInEpoch() : 0);
            }
            ModelDir.save(model, runDir.resolve(FINAL));
            if (emaModel != null) {
                ModelDir.save(emaModel, runDir.resolve(FINAL_EMA));
            }
            RunSummary summary = writeSummary();
            progress.message("finished: " + describeBest() + "; model in "
                    + runDir.resolve(FINAL) + ", best in " + runDir.resolve(BEST));
            return new Result(runDir, log, summary);
        }

        private Instant restore() throws IOException {
            CheckpointStore.Checkpoint c = RunDirectory.latest(store, runDir, progress,
                    state -> state.checkAgainst(recipe.model().name(), recipe.epochs(), batches,
                            recipe.seed(), recipeSha256(recipe)));
            model.loadStateDict(c.weights(), c.dir().resolve("weights.safetensors").toString());
            sgd.loadState(c.optimizer(), c.dir().resolve("optimizer.safetensors").toString());
            if (emaModel != null) {
                emaModel.loadStateDict(c.ema().orElseThrow(() -> new IllegalArgumentException(
                        c.dir() + " has no EMA weights but the recipe keeps an EMA")),
                        c.dir().resolve("ema.safetensors").toString());
            }
            state = c.state();
            secondsBefore = state.secondsRunning();
            lastCheckpoint = c.dir();
            for (int index : state.skippedTrain()) {
                data.skippedTrain().record(index, data.train().describe(index),
                        "skipped before the resume");
            }
            Path metrics = runDir.resolve(METRICS_FILE);
            if (Files.exists(metrics)) {
                log = MetricsLog.readCsv(metrics);
                log.truncateAfter(state.epoch());
            }
            progress.message(String.format(Locale.ROOT,
                    "resuming from %s: epoch %d, batch %d, step %d", c.dir().getFileName(),
                    state.epoch() + 1, state.batchInEpoch(), state.globalStep()));
            Path summary = runDir.resolve(SUMMARY_FILE);
            return Files.exists(summary) ? RunSummary.read(summary).startedAt() : Instant.now();
        }

        private void trainEpoch(int epoch, int firstBatch) throws IOException {
            progress.epochStart(epoch + 1, recipe.epochs(), firstBatch, batches);
            boolean mixing = recipe.mixup().alpha() > 0 || recipe.cutmix().alpha() > 0;
            long step = state.globalStep();
            EpochSums before = firstBatch > 0 ? state.epochSums() : EpochSums.ZERO;
            double lossSum = before.lossSum();
            long seen = before.images();
            long correct = before.correct();
            long start = System.nanoTime();
            int b = firstBatch;
            try (EpochIterator it = data.trainLoader().epoch(epoch, firstBatch)) {
                while (it.hasNext()) {
                    Batch batch = it.next();
                    double lr = schedule.at(step);
                    float[] logits;
                    double loss;
                    try (NDManager m = model.manager().newSubManager()) {
                        NDArray x = m.create(batch.images(),
                                new Shape(batch.n(), batch.c(), batch.h(), batch.w()));
                        NDArray targets = batch.targets() != null
                                ? m.create(batch.targets(), new Shape(batch.n(), classes))
                                : m.create(batch.labels()).oneHot(classes);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray z = model.forward(x, true).singletonOrThrow();
                            NDArray l = Losses.softCrossEntropy(z, targets);
                            loss = l.getFloat();
                            if (!Double.isFinite(loss)) {
                                throw diverged(epoch, b, step, lr, loss);
                            }
                            gc.backward(l);
                            logits = mixing ? null : z.toFloatArray();
                        }
                    }
                    sgd.step(lr);
                    if (ema != null) {
                        ema.update();
                    }
                    step++;
                    b++;
                    lossSum += loss * batch.n();
                    seen += batch.n();
                    if (logits != null) {
                        correct += Losses.topKHits(logits, classes, batch.labels(), 1);
                    }
                    double seconds = before.seconds() + (System.nanoTime() - start) / 1e9;
                    progress.step(b - 1, lossSum / seen, lr, seen / seconds);
                    long every = recipe.checkpoint().everySteps();
                    if (every > 0 && step % every == 0 && b < batches) {
                        checkpoint(next(epoch, b, step, state.bestValTop1(), state.bestEpoch(),
                                new EpochSums(lossSum, correct, seen, seconds)));
                    }
                }
            }
            double trainSeconds = before.seconds() + (System.nanoTime() - start) / 1e9;
            endEpoch(epoch, step, lossSum / Math.max(1, seen),
                    mixing || seen == 0 ? Double.NaN : (double) correct / seen,
                    seen / trainSeconds, start - Math.round(before.seconds() * 1e9));
        }

        /**
         * @param start {@link System#nanoTime()} at which the epoch would have started had it run
         *     in this session only (earlier sessions' training seconds moved back)
         */
        private void endEpoch(int epoch, long step, double trainLoss, double trainTop1,
                double imagesPerSecond, long start) throws IOException {
            List<String> names = data.train().classes();
            Evaluator.Result val = Evaluator.evaluate(model, data.valLoader(), names);
            double emaTop1 = emaModel == null ? Double.NaN
                    : Evaluator.evaluate(emaModel, data.valLoader(), names).top1();
            double epochSeconds = (System.nanoTime() - start) / 1e9;
            EpochMetrics metrics = new EpochMetrics(epoch + 1, step, trainLoss, trainTop1,
                    val.loss(), val.top1(), val.top5(), schedule.at(Math.max(0, step - 1)),
                    imagesPerSecond, epochSeconds, emaTop1);
            log.add(metrics);
            log.writeCsv(runDir.resolve(METRICS_FILE));
            Plots.writeAll(log, runDir);
            val.confusion().writeCsv(runDir.resolve("confusion.csv"));
            val.confusion().writePng(runDir.resolve("confusion.png"));
            val.confusion().perClassCsv(runDir.resolve("per-class.csv"));
            double best = state.bestValTop1();
            int bestEpoch = state.bestEpoch();
            if (Double.isNaN(best) || val.top1() > best) {
                best = val.top1();
                bestEpoch = epoch + 1;
                ModelDir.save(model, runDir.resolve(BEST));
            }
            checkpoint(next(epoch + 1, 0, step, best, bestEpoch, EpochSums.ZERO));
            writeSummary();
            progress.epochEnd(metrics);
        }

        private TrainState next(int epoch, int batch, long step, double best, int bestEpoch,
                EpochSums sums) {
            return new TrainState(epoch, batch, step, best, bestEpoch, recipe.seed(),
                    skippedTrain(), recipe.model().name(), recipe.epochs(), batches, sums,
                    secondsRunning(), state.recipeSha256());
        }

        /** @return seconds spent running: earlier sessions' (to their checkpoint) and this one's */
        private double secondsRunning() {
            return secondsBefore + (System.nanoTime() - sessionStart) / 1e9;
        }

        private void checkpoint(TrainState next) throws IOException {
            lastCheckpoint = store.save(next, model.stateDict(), sgd.state(),
                    emaModel == null ? null : emaModel.stateDict());
            state = next;
            checkpointed = true;
        }

        private List<Integer> skippedTrain() {
            return java.util.Arrays.stream(data.skippedTrain().indices()).boxed().toList();
        }

        private TrainingDivergedException diverged(int epoch, int batch, long step, double lr,
                double loss) {
            return new TrainingDivergedException(String.format(Locale.ROOT,
                    "the loss became %s at epoch %d, batch %d (step %d, learning rate %.5g); "
                            + "nothing after the last good checkpoint was kept (%s). Try a "
                            + "lower optimizer.lr or a longer schedule.warmupEpochs.",
                    loss, epoch + 1, batch + 1, step, lr,
                    lastCheckpoint == null ? "none yet" : lastCheckpoint));
        }

        private String describeBest() {
            return log.best().map(m -> String.format(Locale.ROOT,
                    "best val top-1 %.2f%% at epoch %d", 100 * m.valTop1(), m.epoch()))
                    .orElse("no epoch evaluated");
        }

        private RunSummary writeSummary() throws IOException {
            RunSummary summary = RunSummary.of(recipe.model().name(), data.description(),
                    recipe.epochs(), log, data.skippedCount(), secondsRunning(), started,
                    Instant.now());
            summary.write(runDir.resolve(SUMMARY_FILE));
            return summary;
        }
    }
}
