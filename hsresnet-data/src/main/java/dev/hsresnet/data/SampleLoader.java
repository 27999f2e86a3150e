package dev.hsresnet.data;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The task-independent machinery behind {@link DataLoader} and the dense-task loaders: a seeded
 * order per epoch, one generator per sample seeded from (seed, epoch, index), decoding on worker
 * threads with bounded read-ahead, batches assembled in order, resume at any batch, and
 * unreadable samples skipped and counted in a {@link SkippedImages}. What a sample is ({@code T})
 * and how samples become a batch ({@code B}) is the caller's: a {@link Source} loads and
 * transforms one sample, an {@link Assembler} turns a batch's samples into {@code B}.
 *
 * <p>The rules are {@link DataLoader}'s (see there): batch {@code b} of an epoch is the {@code
 * b}-th run of {@code batchSize} loadable samples of the order; a sample whose {@link
 * Source#load} throws an {@link IOException} is recorded once, logged, and replaced by the next
 * sample of the order; recorded indices are left out of later orders and of resumed epochs. The
 * batches depend only on the configuration, never on the worker count or thread timing.
 *
 * <p>Immutable apart from its {@link SkippedImages}; several epochs may run one after the other
 * or concurrently.
 *
 * @param <T> one loaded, transformed sample
 * @param <B> one batch
 */
public final class SampleLoader<T, B> {

    /** Seed stream of the epoch orders. */
    public static final long TAG_ORDER = 0x6f72646572L;

    /** Seed stream of the per-sample generators. */
    public static final long TAG_SAMPLE = 0x73616d706cL;

    /** Seed stream of the per-batch generators ({@link #batchSeed}). */
    public static final long TAG_BATCH = 0x6261746368L;

    /**
     * Loads one sample; called concurrently from the worker threads, so it must be thread-safe.
     *
     * @param <T> the sample type
     */
    public interface Source<T> {

        /** @return the number of samples, at least 1 */
        int size();

        /**
         * @param index sample index
         * @return what the sample is, for messages (e.g. its file), never null
         */
        String describe(int index);

        /**
         * Loads and transforms one sample, taking all randomness from {@code rng}.
         *
         * @param index sample index in {@code [0, size())}
         * @param rng the sample's generator, seeded from (seed, epoch, index)
         * @return the sample
         * @throws IOException when the sample cannot be read (it is then skipped and recorded);
         *     the message should name the sample. Any other exception stops the epoch.
         */
        T load(int index, SplittableRandom rng) throws IOException;
    }

    /**
     * Turns the loaded samples of one batch into the batch; runs on the consumer thread.
     *
     * @param <T> the sample type
     * @param <B> the batch type
     */
    @FunctionalInterface
    public interface Assembler<T, B> {

        /**
         * @param samples the batch's samples in order, at least one
         * @param epoch the epoch
         * @param batchIndex the batch's index within the epoch (seeds batch-level randomness,
         *     see {@link SampleLoader#batchSeed})
         * @return the batch
         * @throws RuntimeException to stop the epoch (e.g. samples of different shapes)
         */
        B assemble(List<Loaded<T>> samples, int epoch, int batchIndex);
    }

    /**
     * One sample of a batch.
     *
     * @param index its index in the source
     * @param value the loaded sample
     * @param <T> the sample type
     */
    public record Loaded<T>(int index, T value) {}

    final Source<T> source;
    final Assembler<T, B> assembler;
    final int batchSize;
    final boolean shuffle;
    final boolean dropLast;
    final long seed;
    final int workers;
    final int prefetchBatches;
    final SkippedImages skipped;

    /**
     * @param source the samples; must not be empty
     * @param assembler builds a batch from its samples
     * @param batchSize samples per batch, at least 1
     * @param shuffle whether each epoch uses a seeded random order (else index order)
     * @param dropLast whether to drop a final batch smaller than {@code batchSize}
     * @param seed base seed of every generator
     * @param workers decoding threads; 0 decodes on the calling thread, lazily
     * @param prefetchBatches how many batches beyond the one being assembled may be decoded or in
     *     flight, at least 0
     * @param skipped where skipped samples are recorded; indices already in it are never loaded
     * @throws IllegalArgumentException if the source is empty, a number is out of range, or
     *     {@code dropLast} leaves no batch
     * @throws NullPointerException if source, assembler or skipped is null
     */
    public SampleLoader(Source<T> source, Assembler<T, B> assembler, int batchSize,
            boolean shuffle, boolean dropLast, long seed, int workers, int prefetchBatches,
            SkippedImages skipped) {
        if (source == null || assembler == null || skipped == null) {
            throw new NullPointerException("source, assembler and skipped must not be null");
        }
        if (source.size() == 0) {
            throw new IllegalArgumentException("dataset is empty: nothing to load");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (workers < 0 || prefetchBatches < 0) {
            throw new IllegalArgumentException(
                    "workers and prefetchBatches must be >= 0, got " + workers + ", " + prefetchBatches);
        }
        if (dropLast && source.size() < batchSize) {
            throw new IllegalArgumentException(
                    "dataset has " + source.size() + " samples, fewer than batchSize " + batchSize
                            + " with dropLast: no batch at all");
        }
        this.source = source;
        this.assembler = assembler;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.workers = workers;
        this.prefetchBatches = prefetchBatches;
        this.skipped = skipped;
    }

    /**
     * The nominal number of batches per epoch, counting every sample as loadable; skipped samples
     * can make an epoch end one or more batches earlier.
     *
     * @return {@code size / batchSize}, rounded up unless dropLast
     */
    public int batchesPerEpoch() {
        int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** @return samples per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return the record of samples skipped so far (live, thread-safe) */
    public SkippedImages skippedImages() {
        return skipped;
    }

    /**
     * Starts iterating one epoch. Threads start on the first {@code hasNext()}/{@code next()} and
     * stop when the iterator is exhausted or closed; use try-with-resources when leaving early.
     *
     * @param epoch epoch number (any int; seeds the order and the generators)
     * @param startBatch index of the first batch to produce, in {@code [0, batchesPerEpoch()]};
     *     earlier batches are skipped without decoding
     * @return the epoch's batches in order
     * @throws IllegalArgumentException if {@code startBatch} is out of range
     */
    public SampleEpoch<T, B> epoch(int epoch, int startBatch) {
        if (startBatch < 0 || startBatch > batchesPerEpoch()) {
            throw new IllegalArgumentException(
                    "startBatch " + startBatch + " outside 0.." + batchesPerEpoch());
        }
        int[] order = order(epoch);
        int[] candidates = Arrays.stream(order).filter(i -> !skipped.contains(i)).toArray();
        int start = (int) Math.min((long) startBatch * batchSize, candidates.length);
        return new SampleEpoch<>(this, epoch, startBatch, Arrays.copyOfRange(
                candidates, start, candidates.length));
    }

    /**
     * The order of sample indices in one epoch, before removing skipped samples.
     *
     * @param epoch epoch number
     * @return a permutation of {@code 0 .. size-1}: seeded from (seed, {@link #TAG_ORDER}, epoch)
     *     when shuffling, else the identity
     */
    public int[] order(int epoch) {
        if (shuffle) {
            return Permutations.permutation(source.size(),
                    Permutations.derive(seed, TAG_ORDER, epoch));
        }
        int[] identity = new int[source.size()];
        Arrays.setAll(identity, i -> i);
        return identity;
    }

    /**
     * @param epoch epoch number
     * @param index sample index
     * @return the seed of that sample's generator: derived from (seed, {@link #TAG_SAMPLE},
     *     epoch, index)
     */
    public long sampleSeed(int epoch, int index) {
        return Permutations.derive(seed, TAG_SAMPLE, epoch, index);
    }

    /**
     * @param epoch epoch number
     * @param batch batch index within the epoch
     * @return a seed for batch-level randomness: derived from (seed, {@link #TAG_BATCH}, epoch,
     *     batch)
     */
    public long batchSeed(int epoch, int batch) {
        return Permutations.derive(seed, TAG_BATCH, epoch, batch);
    }
}
