package dev.hsresnet.data;

import java.io.IOException;
import java.util.ArrayList;
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
 * after the other or concurrently. The ordering, worker, resume and skip machinery is {@link
 * SampleLoader}'s, shared with the dense-task loaders.
 */
public final class DataLoader {

    private static final Logger log = LoggerFactory.getLogger(DataLoader.class);

    final Dataset dataset;
    final Transform transform;
    final int batchSize;
    final BatchAugment augment;
    private final SampleLoader<Labelled, Batch> core;

    /** One loaded sample and its label. */
    private record Labelled(int label, Image image) {}

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
        this.dataset = dataset;
        this.transform = transform;
        this.batchSize = batchSize;
        this.augment = augment;
        this.core = new SampleLoader<>(new SampleLoader.Source<>() {
            @Override
            public int size() {
                return dataset.size();
            }

            @Override
            public String describe(int index) {
                return dataset.describe(index);
            }

            @Override
            public Labelled load(int index, SplittableRandom rng) throws IOException {
                int label = dataset.label(index);
                return new Labelled(label, loadTransformed(index, rng));
            }
        }, this::toBatch, batchSize, shuffle, dropLast, seed, workers, prefetchBatches, skipped);
        if (augment != null && augment.classes() != dataset.classes().size()) {
            throw new IllegalArgumentException(
                    "BatchAugment has " + augment.classes() + " classes, dataset has "
                            + dataset.classes().size());
        }
    }

    /**
     * The nominal number of batches per epoch, counting every sample as loadable; skipped samples
     * can make an epoch end one or more batches earlier.
     *
     * @return {@code size / batchSize}, rounded up unless dropLast
     */
    public int batchesPerEpoch() {
        return core.batchesPerEpoch();
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
        return core.skippedImages();
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
        return new EpochIterator(core.epoch(epoch, startBatch));
    }

    /**
     * The order of dataset indices in one epoch, before removing skipped samples.
     *
     * @param epoch epoch number
     * @return a permutation of {@code 0 .. size-1}
     */
    public int[] order(int epoch) {
        return core.order(epoch);
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
        SkippedImages skipped = core.skippedImages();
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
                    loadTransformed(index, new SplittableRandom(sampleSeed(0, index)));
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
     * @param rng the sample's generator, seeded from (seed, epoch, index)
     * @return the transformed image
     * @throws IOException when the sample cannot be loaded, the decoder's guard refuses it, or the
     *     transform refuses its size ({@link ImageBudgetException}); the message names the sample
     * @throws IllegalStateException naming the sample when the transform fails otherwise
     */
    Image loadTransformed(int index, SplittableRandom rng) throws IOException {
        Image img = dataset.load(index);
        if (transform == null) {
            return img;
        }
        try {
            return transform.apply(img, rng);
        } catch (ImageBudgetException e) {
            throw new IOException(dataset.describe(index) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "transform failed on " + dataset.describe(index) + ": " + e.getMessage(), e);
        }
    }

    /** Stacks the samples of one batch and applies the batch augmentation. */
    private Batch toBatch(List<SampleLoader.Loaded<Labelled>> samples, int epoch, int batchIndex) {
        Image first = samples.get(0).value().image();
        int per = first.size();
        int n = samples.size();
        float[] images = new float[n * per];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Image img = samples.get(i).value().image();
            if (img.channels() != first.channels() || img.height() != first.height()
                    || img.width() != first.width()) {
                throw new IllegalStateException(
                        "images of one batch differ in shape: " + img + " for "
                                + dataset.describe(samples.get(i).index()) + ", " + first + " for "
                                + dataset.describe(samples.get(0).index())
                                + " (the transform must produce a fixed size)");
            }
            System.arraycopy(img.pixels(), 0, images, i * per, per);
            labels[i] = samples.get(i).value().label();
        }
        Batch batch = new Batch(images, n, first.channels(), first.height(), first.width(), labels,
                null);
        if (augment != null) {
            batch = augment.apply(batch, new SplittableRandom(batchSeed(epoch, batchIndex)));
        }
        return batch;
    }

    long sampleSeed(int epoch, int index) {
        return core.sampleSeed(epoch, index);
    }

    long batchSeed(int epoch, int batch) {
        return core.batchSeed(epoch, batch);
    }
}
