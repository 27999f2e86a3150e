package dev.hsresnet.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link Dataset} into reproducible batches: decoding and per-sample transforms run on a
 * pool of worker threads, batches come out in order with bounded read-ahead, and an epoch can be
 * resumed at any batch without decoding the batches before it.
 *
 * <p>Reproducibility: the epoch order is a permutation seeded from (seed, epoch) (identity order
 * when not shuffling); each sample's transform generator is seeded from (seed, epoch, dataset
 * index) and each batch's {@link BatchAugment} generator from (seed, epoch, batch index). The
 * batches of an epoch therefore depend only on the configuration, not on the worker count or
 * thread timing.
 *
 * <p>Unreadable samples ({@link Dataset#load} throwing an {@link java.io.IOException}, which
 * includes images the decoder's {@link ImageGuard} refuses, or the transform throwing an {@link
 * ImageBudgetException}) are skipped: recorded once in {@link #skippedImages()} with a WARN log line, and the batch is filled
 * with the following samples of the order, so batches stay full except possibly the last. Batch
 * {@code b} of an epoch is thus the {@code b}-th run of {@code batchSize} loadable samples of the
 * order. Recorded indices are left out of later epochs' orders; since a skipped sample never
 * reaches a batch anyway, this changes nothing in the batches, it only saves the retries.
 * Resuming ({@code startBatch > 0}) skips {@code startBatch * batchSize} positions of the order
 * minus the recorded indices; it reproduces the original batches exactly when the recorded set
 * holds the bad samples of the skipped part (true in the same loader after any full epoch, or
 * after restoring {@link SkippedImages} entries from a checkpoint; without any bad image,
 * always).
 *
 * <p>A loader is immutable apart from its {@link SkippedImages} and may run several epochs, one
 * after the other or concurrently.
 */
public final class DataLoader {

    private static final Logger log = LoggerFactory.getLogger(DataLoader.class);

    static final long TAG_ORDER = 0x6f72646572L;
    static final long TAG_SAMPLE = 0x73616d706cL;
    static final long TAG_BATCH = 0x6261746368L;

    final Dataset dataset;
    final Transform transform;
    final int batchSize;
    final boolean shuffle;
    final boolean dropLast;
    final long seed;
    final int workers;
    final int prefetchBatches;
    final BatchAugment augment;
    final SkippedImages skipped;

    /**
     * Creates a loader with a fresh {@link SkippedImages}.
     *
     * @param dataset the samples; must not be empty
     * @param transform per-sample transform, or null for none; every output must have the same
     *     shape
     * @param batchSize samples per batch, at least 1
     * @param shuffle whether each epoch uses a seeded random order (else index order)
     * @param dropLast whether to drop a final batch smaller than {@code batchSize}
     * @param seed base seed of every generator
     * @param workers decoding threads; 0 decodes on the calling thread, lazily
     * @param prefetchBatches how many batches beyond the one being assembled may be decoded or in
     *     flight, at least 0
     * @param augment batch augmentation, or null (then {@link Batch#targets()} is null)
     * @throws IllegalArgumentException if the dataset is empty, a number is out of range, {@code
     *     dropLast} leaves no batch, or the augmentation's class count differs from the dataset's
     */
    public DataLoader(
            Dataset dataset, Transform transform, int batchSize, boolean shuffle, boolean dropLast,
            long seed, int workers, int prefetchBatches, BatchAugment augment) {
        this(dataset, transform, batchSize, shuffle, dropLast, seed, workers, prefetchBatches,
                augment, new SkippedImages());
    }

    /**
     * Like the other constructor, with a caller-supplied (e.g. restored) {@link SkippedImages}.
     *
     * @param dataset the samples
     * @param transform per-sample transform or null
     * @param batchSize samples per batch
     * @param shuffle seeded random order per epoch
     * @param dropLast drop a short final batch
     * @param seed base seed
     * @param workers decoding threads, 0 for the calling thread
     * @param prefetchBatches read-ahead in batches
     * @param augment batch augmentation or null
     * @param skipped where skipped samples are recorded; indices already in it are never loaded
     */
    public DataLoader(
            Dataset dataset, Transform transform, int batchSize, boolean shuffle, boolean dropLast,
            long seed, int workers, int prefetchBatches, BatchAugment augment, SkippedImages skipped) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("dataset is empty: nothing to load");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (workers < 0 || prefetchBatches < 0) {
            throw new IllegalArgumentException(
                    "workers and prefetchBatches must be >= 0, got " + workers + ", " + prefetchBatches);
        }
        if (dropLast && dataset.size() < batchSize) {
            throw new IllegalArgumentException(
                    "dataset has " + dataset.size() + " samples, fewer than batchSize " + batchSize
                            + " with dropLast: no batch at all");
        }
        if (augment != null && augment.classes() != dataset.classes().size()) {
            throw new IllegalArgumentException(
                    "BatchAugment has " + augment.classes() + " classes, dataset has "
                            + dataset.classes().size());
        }
        this.dataset = dataset;
        this.transform = transform;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.workers = workers;
        this.prefetchBatches = prefetchBatches;
        this.augment = augment;
        this.skipped = skipped;
    }

    /**
     * The nominal number of batches per epoch, counting every sample as loadable; skipped samples
     * can make an epoch end one or more batches earlier.
     *
     * @return {@code size / batchSize}, rounded up unless dropLast
     */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** @return the dataset */
    public Dataset dataset() {
        return dataset;
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
    public EpochIterator epoch(int epoch, int startBatch) {
        if (startBatch < 0 || startBatch > batchesPerEpoch()) {
            throw new IllegalArgumentException(
                    "startBatch " + startBatch + " outside 0.." + batchesPerEpoch());
        }
        int[] order = order(epoch);
        int[] candidates = Arrays.stream(order).filter(i -> !skipped.contains(i)).toArray();
        int start = (int) Math.min((long) startBatch * batchSize, candidates.length);
        return new EpochIterator(this, epoch, startBatch, Arrays.copyOfRange(
                candidates, start, candidates.length));
    }

    /**
     * The order of dataset indices in one epoch, before removing skipped samples.
     *
     * @param epoch epoch number
     * @return a permutation of {@code 0 .. size-1}
     */
    public int[] order(int epoch) {
        if (shuffle) {
            return Permutations.permutation(dataset.size(),
                    Permutations.derive(seed, TAG_ORDER, epoch));
        }
        int[] identity = new int[dataset.size()];
        Arrays.setAll(identity, i -> i);
        return identity;
    }

    /**
     * Checks that every class with samples has at least one that loads: per class, its samples are
     * loaded (and transformed) in index order until one succeeds, so a healthy dataset costs one
     * decode per class, and a class whose images are all unreadable or refused is found before
     * training rather than silently never seen. Failures are recorded in {@link #skippedImages()}
     * (so epochs do not retry them) and logged; samples already recorded are not retried.
     *
     * @param setName what the data is, for the message (e.g. "training set")
     * @throws IllegalArgumentException naming every class none of whose samples loads, with the
     *     first error of the first such class
     */
    public void requireLoadableClasses(String setName) {
        List<String> classes = dataset.classes();
        int[][] byClass = indicesByClass();
        List<String> dead = new ArrayList<>();
        String firstError = null;
        for (int c = 0; c < byClass.length; c++) {
            if (byClass[c].length == 0) {
                continue;
            }
            String error = null;
            boolean loaded = false;
            for (int index : byClass[c]) {
                if (skipped.contains(index)) {
                    continue;
                }
                try {
                    loadTransformed(index, 0);
                    loaded = true;
                    break;
                } catch (IOException e) {
                    String what = dataset.describe(index);
                    if (skipped.record(index, what, String.valueOf(e.getMessage()))) {
                        log.warn("skipping unreadable image #{} ({}): {}", index, what,
                                e.getMessage());
                    }
                    error = error != null ? error : e.getMessage();
                }
            }
            if (!loaded) {
                dead.add("'" + classes.get(c) + "' (" + byClass[c].length + " images)");
                firstError = firstError != null ? firstError
                        : error != null ? error : "recorded as skipped before";
            }
        }
        if (!dead.isEmpty()) {
            throw new IllegalArgumentException((dead.size() == 1 ? "class " : "classes ")
                    + String.join(", ", dead) + " of the " + setName + " " + (dead.size() == 1
                            ? "has" : "have") + " no readable image (every one failed to load "
                    + "or was refused); first error: " + firstError);
        }
    }

    /** @return for each label, its dataset indices in ascending order (no decoding) */
    private int[][] indicesByClass() {
        int n = dataset.size();
        int[] labels = new int[n];
        int[] counts = new int[dataset.classes().size()];
        for (int i = 0; i < n; i++) {
            labels[i] = dataset.label(i);
            counts[labels[i]]++;
        }
        int[][] out = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[counts.length];
        for (int i = 0; i < n; i++) {
            out[labels[i]][fill[labels[i]]++] = i;
        }
        return out;
    }

    /**
     * Loads one sample and applies the per-sample transform with its seeded generator.
     *
     * @param index dataset index
     * @param epoch epoch number (seeds the transform)
     * @return the transformed image
     * @throws IOException when the sample cannot be loaded, the decoder's guard refuses it, or the
     *     transform refuses its size ({@link ImageBudgetException}); the message names the sample
     * @throws IllegalStateException naming the sample when the transform fails otherwise
     */
    Image loadTransformed(int index, int epoch) throws IOException {
        Image img = dataset.load(index);
        if (transform == null) {
            return img;
        }
        try {
            return transform.apply(img, new SplittableRandom(sampleSeed(epoch, index)));
        } catch (ImageBudgetException e) {
            throw new IOException(dataset.describe(index) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "transform failed on " + dataset.describe(index) + ": " + e.getMessage(), e);
        }
    }

    long sampleSeed(int epoch, int index) {
        return Permutations.derive(seed, TAG_SAMPLE, epoch, index);
    }

    long batchSeed(int epoch, int batch) {
        return Permutations.derive(seed, TAG_BATCH, epoch, batch);
    }
}
