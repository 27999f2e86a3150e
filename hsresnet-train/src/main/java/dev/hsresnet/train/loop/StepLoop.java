package dev.hsresnet.train.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.train.checkpoint.CheckpointStore;
import dev.hsresnet.train.checkpoint.EpochSums;
import dev.hsresnet.train.checkpoint.TrainState;
import dev.hsresnet.train.optim.LrSchedule;
import dev.hsresnet.train.optim.Sgd;
import dev.hsresnet.train.recipe.Recipe;
import dev.hsresnet.train.recipe.ScheduleKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The optimizer loop the dense-task runs share (segmentation, detection): SGD with the recipe's
 * learning-rate schedule, the run's {@link TrainState} and checkpoint store, exact resume from the
 * newest intact checkpoint, one training epoch over batches of any type (a checkpoint every
 * {@code checkpoint.everySteps} steps inside it, the loss checked for divergence at every step),
 * and the run's time summed over its sessions. What a task evaluates and logs at the end of an
 * epoch stays with the task, which then calls {@link #checkpoint}.
 *
 * @param <B> the task's batch type
 */
public final class StepLoop<B> {

    /**
     * The training loss of one batch: the forward and the loss, on arrays of {@code manager}
     * (closed after the step). The loop records gradients around it and runs the backward.
     *
     * @param <B> the batch type
     */
    @FunctionalInterface
    public interface LossFunction<B> {
        /**
         * @param batch the batch
         * @param manager where the step's arrays go
         * @return the scalar loss
         */
        NDArray apply(B batch, NDManager manager);
    }

    /**
     * One epoch's batches, in order; closing stops the loader's workers.
     *
     * @param <B> the batch type
     */
    public interface Batches<B> extends Iterator<B>, AutoCloseable {
        @Override
        void close();

        /**
         * @param epoch a loader's epoch (an iterator that closes without checked exceptions)
         * @param <B> the batch type
         * @param <E> the epoch type
         * @return it as batches
         */
        static <B, E extends Iterator<B> & AutoCloseable> Batches<B> of(E epoch) {
            return new Batches<>() {
                @Override
                public boolean hasNext() {
                    return epoch.hasNext();
                }

                @Override
                public B next() {
                    return epoch.next();
                }

                @Override
                public void close() {
                    try {
                        epoch.close();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException("closing the epoch's loader failed", e);
                    }
                }
            };
        }
    }

    /**
     * What the loop needs from the recipe.
     *
     * @param modelName the registered model name (recorded in, and checked against, the state)
     * @param epochs epochs planned
     * @param batchesPerEpoch optimizer steps per epoch
     * @param seed the recipe's seed
     * @param recipeSha256 digest of the recipe as run (a resume checks it)
     * @param optimizer SGD settings
     * @param schedule the learning-rate schedule
     * @param checkpoint checkpoint frequency and how many are kept
     * @param gradClip the largest global L2 norm of the gradients, which are scaled down to it
     *     before each update ({@link Sgd#clipGradientNorm}); 0 for no clipping
     */
    public record Settings(String modelName, int epochs, int batchesPerEpoch, long seed,
            String recipeSha256, Recipe.Optimizer optimizer, Recipe.Schedule schedule,
            Recipe.Checkpoint checkpoint, double gradClip) {}

    /**
     * A finished training epoch, before the task's evaluation.
     *
     * @param epoch the 0-based epoch
     * @param step optimizer steps taken at its end
     * @param trainLoss mean training loss per image
     * @param imagesPerSecond training throughput over the epoch (over sessions when resumed)
     * @param startNanos {@link System#nanoTime()} at which the epoch would have started had it
     *     not been interrupted (for the epoch's wall time)
     * @param dataWaitSeconds seconds this session's part of the epoch waited for the loader's
     *     next batch (0 when decoding always kept ahead of training)
     * @param sessionSeconds seconds of this session's part of the epoch
     */
    public record EpochEnd(int epoch, long step, double trainLoss, double imagesPerSecond,
            long startNanos, double dataWaitSeconds, double sessionSeconds) {}

    private final Settings settings;
    private final NetworkModel model;
    private final Path runDir;
    private final Progress progress;
    private final SkippedImages skipped;
    private final Sgd sgd;
    private final LrSchedule schedule;
    private final CheckpointStore store;
    private final long sessionStart;
    private TrainState state;
    private double secondsBefore;
    private Path lastCheckpoint;
    private boolean checkpointed;

    /**
     * @param settings what the recipe says
     * @param model the network being trained
     * @param runDir the run directory ({@code checkpoints/} inside it)
     * @param progress where progress goes
     * @param skipped the training split's record of unreadable samples
     * @param sessionStart {@link System#nanoTime()} when this session started
     */
    public StepLoop(Settings settings, NetworkModel model, Path runDir, Progress progress,
            SkippedImages skipped, long sessionStart) {
        this.settings = settings;
        this.model = model;
        this.runDir = runDir;
        this.progress = progress;
        this.skipped = skipped;
        this.sessionStart = sessionStart;
        Recipe.Optimizer o = settings.optimizer();
        this.sgd = new Sgd(model.parameters(), model.manager(), o.momentum(), o.nesterov(),
                o.weightDecay(), o.decayBnAndBias());
        Recipe.Schedule s = settings.schedule();
        int batches = settings.batchesPerEpoch();
        long total = (long) settings.epochs() * batches;
        this.schedule = new LrSchedule(o.lr(), s.minLr(),
                Math.min(total, Math.round(s.warmupEpochs() * batches)), total, batches,
                s.kind() == ScheduleKind.COSINE, s.milestones(), s.gamma());
        this.store = new CheckpointStore(runDir.resolve("checkpoints"),
                settings.checkpoint().keepLast());
        this.state = TrainState.start(settings.modelName(), settings.epochs(), batches,
                settings.seed(), settings.recipeSha256());
    }

    /** @return the state as of the last checkpoint (or the start) */
    public TrainState state() {
        return state;
    }

    /** @return whether this session has written a checkpoint */
    public boolean checkpointed() {
        return checkpointed;
    }

    /**
     * @param step a global optimizer step
     * @return the learning rate there
     */
    public double learningRate(long step) {
        return schedule.at(step);
    }

    /** @return seconds the run has spent, over all its sessions */
    public double secondsRunning() {
        return secondsBefore + (System.nanoTime() - sessionStart) / 1e9;
    }

    /**
     * Restores weights, momentum buffers, state and skipped samples from the newest intact
     * checkpoint (an older one when the newest is damaged, said in the progress).
     *
     * @param describeTrain the training split's description of a sample index
     * @return the checkpoint used
     * @throws IOException when no checkpoint can be read or one contradicts the recipe
     */
    public CheckpointStore.Checkpoint restore(IntFunction<String> describeTrain)
            throws IOException {
        CheckpointStore.Checkpoint c = RunDirectory.latest(store, runDir, progress,
                s -> s.checkAgainst(settings.modelName(), settings.epochs(),
                        settings.batchesPerEpoch(), settings.seed(), settings.recipeSha256()));
        model.loadStateDict(c.weights(), c.dir().resolve("weights.safetensors").toString());
        sgd.loadState(c.optimizer(), c.dir().resolve("optimizer.safetensors").toString());
        state = c.state();
        secondsBefore = state.secondsRunning();
        lastCheckpoint = c.dir();
        for (int index : state.skippedTrain()) {
            skipped.record(index, describeTrain.apply(index), "skipped before the resume");
        }
        progress.message(String.format(Locale.ROOT,
                "resuming from %s: epoch %d, batch %d, step %d", c.dir().getFileName(),
                state.epoch() + 1, state.batchInEpoch(), state.globalStep()));
        return c;
    }

    /**
     * Trains one epoch (or its rest, when resuming inside it).
     *
     * @param epoch the 0-based epoch
     * @param firstBatch the first batch to run (0, or the resume point)
     * @param batches the epoch's batches starting at {@code firstBatch}; closed here
     * @param sizeOf images in a batch
     * @param loss the loss of a batch
     * @return the epoch's figures
     * @throws IOException when a checkpoint cannot be written
     * @throws TrainingDivergedException when the loss is not finite
     */
    public EpochEnd trainEpoch(int epoch, int firstBatch, Batches<B> batches,
            ToIntFunction<B> sizeOf, LossFunction<B> loss) throws IOException {
        progress.epochStart(epoch + 1, settings.epochs(), firstBatch, settings.batchesPerEpoch());
        long step = state.globalStep();
        EpochSums before = firstBatch > 0 ? state.epochSums() : EpochSums.ZERO;
        double lossSum = before.lossSum();
        long seen = before.images();
        long start = System.nanoTime();
        long waitNanos = 0;
        int b = firstBatch;
        try (batches) {
            while (true) {
                long asked = System.nanoTime();
                boolean more = batches.hasNext();
                B batch = more ? batches.next() : null;
                waitNanos += System.nanoTime() - asked;
                if (!more) {
                    break;
                }
                int n = sizeOf.applyAsInt(batch);
                double lr = schedule.at(step);
                double value = step(batch, loss, epoch, b, step, lr);
                if (settings.gradClip() > 0) {
                    sgd.clipGradientNorm(settings.gradClip());
                }
                sgd.step(lr);
                step++;
                b++;
                lossSum += value * n;
                seen += n;
                double seconds = before.seconds() + (System.nanoTime() - start) / 1e9;
                progress.step(b - 1, lossSum / seen, lr, seen / seconds);
                long every = settings.checkpoint().everySteps();
                if (every > 0 && step % every == 0 && b < settings.batchesPerEpoch()) {
                    checkpoint(epoch, b, step, state.bestValTop1(), state.bestEpoch(),
                            new EpochSums(lossSum, 0, seen, seconds));
                }
            }
        }
        double sessionSeconds = (System.nanoTime() - start) / 1e9;
        double trainSeconds = before.seconds() + sessionSeconds;
        double waitSeconds = waitNanos / 1e9;
        progress.message(String.format(Locale.ROOT,
                "epoch %d: waited %.1f s of %.1f s for data (%.1f%%)", epoch + 1, waitSeconds,
                sessionSeconds, 100 * waitSeconds / Math.max(1e-9, sessionSeconds)));
        return new EpochEnd(epoch, step, lossSum / Math.max(1, seen), seen / trainSeconds,
                start - Math.round(before.seconds() * 1e9), waitSeconds, sessionSeconds);
    }

    private double step(B batch, LossFunction<B> loss, int epoch, int b, long step, double lr) {
        try (NDManager m = model.manager().newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.apply(batch, m);
            double value = l.getFloat();
            if (!Double.isFinite(value)) {
                throw new TrainingDivergedException(String.format(Locale.ROOT,
                        "the loss became %s at epoch %d, batch %d (step %d, learning rate %.5g);"
                                + " nothing after the last good checkpoint was kept (%s). Try a "
                                + "lower optimizer.lr or a longer schedule.warmupEpochs.", value,
                        epoch + 1, b + 1, step, lr,
                        lastCheckpoint == null ? "none yet" : lastCheckpoint));
            }
            gc.backward(l);
            return value;
        }
    }

    /**
     * Writes a checkpoint (weights, momentum buffers, the new state) and makes it the state.
     *
     * @param epoch the 0-based epoch the run continues at
     * @param batch the batch of that epoch it continues at (0 at an epoch's end)
     * @param step optimizer steps taken
     * @param best the best validation figure so far (NaN before any)
     * @param bestEpoch its 1-based epoch, 0 before any
     * @param sums the epoch's running sums so far ({@link EpochSums#ZERO} at an epoch's end)
     * @throws IOException when it cannot be written
     */
    public void checkpoint(int epoch, int batch, long step, double best, int bestEpoch,
            EpochSums sums) throws IOException {
        TrainState next = new TrainState(epoch, batch, step, best, bestEpoch, settings.seed(),
                Arrays.stream(skipped.indices()).boxed().toList(), settings.modelName(),
                settings.epochs(), settings.batchesPerEpoch(), sums, secondsRunning(),
                state.recipeSha256());
        lastCheckpoint = store.save(next, model.stateDict(), sgd.state(), null);
        state = next;
        checkpointed = true;
    }
}
