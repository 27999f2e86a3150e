package dev.hsresnet.data.detection;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.SampleEpoch;
import dev.hsresnet.data.SampleLoader;
import dev.hsresnet.data.SkippedImages;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reproducible, padded batches of a {@link DetectionDataset}: {@link SampleLoader}'s machinery
 * (the same as {@link dev.hsresnet.data.DataLoader}'s: a seeded order per epoch, one generator per
 * sample seeded from (seed, epoch, index), worker threads, bounded read-ahead, resume at any
 * batch) with {@link DetectionTransform}s, assembled into {@link DetectionBatch}es padded to the
 * batch's largest image rounded up to a multiple of {@code sizeDivisor}.
 *
 * <p>Unreadable images are skipped and counted in {@link #skippedImages()}: an image file that
 * cannot be read or decoded, that the decoder's guard refuses, whose size differs from its
 * annotation, or whose transform exceeds the resize budget ({@link ImageBudgetException}). The
 * batch is filled with the next images of the order. Another exception from a transform stops
 * the epoch with an {@link IllegalStateException} naming the image. Images without boxes (a
 * negative image, or a crop that dropped every box) are batched like the others.
 */
public final class DetectionLoader {

    /** Default size divisor: 32, the stride of the coarsest FPN level P5. */
    public static final int DEFAULT_SIZE_DIVISOR = 32;

    private final DetectionDataset dataset;
    private final SampleLoader<DetectionSample, DetectionBatch> loader;
    private final int sizeDivisor;

    /**
     * @param dataset the images; must not be empty
     * @param transform the joint transform (resize, flip, jitter, normalization), or null for
     *     none
     * @param batchSize images per batch, at least 1
     * @param shuffle seeded random order per epoch (else index order)
     * @param dropLast drop a final batch smaller than {@code batchSize}
     * @param seed base seed of every generator
     * @param workers decoding threads; 0 decodes on the calling thread
     * @param prefetchBatches read-ahead in batches, at least 0
     * @param sizeDivisor the padded height and width are multiples of this, at least 1 ({@link
     *     #DEFAULT_SIZE_DIVISOR})
     * @param skipped where unreadable images are recorded (e.g. restored from a checkpoint)
     * @throws IllegalArgumentException when a number is out of range
     */
    public DetectionLoader(DetectionDataset dataset, DetectionTransform transform, int batchSize,
            boolean shuffle, boolean dropLast, long seed, int workers, int prefetchBatches,
            int sizeDivisor, SkippedImages skipped) {
        if (sizeDivisor < 1) {
            throw new IllegalArgumentException("sizeDivisor must be at least 1, got " + sizeDivisor);
        }
        this.dataset = dataset;
        this.sizeDivisor = sizeDivisor;
        this.loader = new SampleLoader<>(new Source(dataset, transform), this::assemble, batchSize,
                shuffle, dropLast, seed, workers, prefetchBatches, skipped);
    }

    /**
     * With a fresh {@link SkippedImages} and the default size divisor 32.
     *
     * @param dataset the images
     * @param transform the joint transform or null
     * @param batchSize images per batch
     * @param shuffle seeded random order per epoch
     * @param seed base seed
     * @param workers decoding threads
     */
    public DetectionLoader(DetectionDataset dataset, DetectionTransform transform, int batchSize,
            boolean shuffle, long seed, int workers) {
        this(dataset, transform, batchSize, shuffle, false, seed, workers, 2, DEFAULT_SIZE_DIVISOR,
                new SkippedImages());
    }

    /** @return optimizer steps per epoch, counting every image as loadable */
    public int batchesPerEpoch() {
        return loader.batchesPerEpoch();
    }

    /** @return the images */
    public DetectionDataset dataset() {
        return dataset;
    }

    /** @return the images skipped so far because they could not be read (live, thread-safe) */
    public SkippedImages skippedImages() {
        return loader.skippedImages();
    }

    /**
     * @param epoch epoch number
     * @return the dataset indices in that epoch's order, before skipped images are removed
     */
    public int[] order(int epoch) {
        return loader.order(epoch);
    }

    /**
     * @param epoch the epoch (seeds its order and transforms)
     * @param startBatch the first batch to produce, in {@code [0, batchesPerEpoch()]} (to resume)
     * @return the epoch's batches; close it to stop its workers
     * @throws IllegalArgumentException if {@code startBatch} is out of range
     */
    public Epoch epoch(int epoch, int startBatch) {
        return new Epoch(loader.epoch(epoch, startBatch));
    }

    /** The batches of one epoch, in order; owns the epoch's worker threads. */
    public static final class Epoch implements Iterator<DetectionBatch>, AutoCloseable {
        private final SampleEpoch<DetectionSample, DetectionBatch> it;

        private Epoch(SampleEpoch<DetectionSample, DetectionBatch> it) {
            this.it = it;
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public DetectionBatch next() {
            return it.next();
        }

        /** @return the index of the batch the next {@link #next} returns (the resume point) */
        public int nextBatchIndex() {
            return it.nextBatchIndex();
        }

        /** Stops the worker threads (idempotent). */
        @Override
        public void close() {
            it.close();
        }
    }

    private record Source(DetectionDataset dataset, DetectionTransform transform)
            implements SampleLoader.Source<DetectionSample> {

        @Override
        public int size() {
            return dataset.size();
        }

        @Override
        public String describe(int index) {
            return dataset.describe(index);
        }

        @Override
        public DetectionSample load(int index, SplittableRandom rng) throws IOException {
            DetectionSample s = dataset.load(index);
            if (transform == null) {
                return s;
            }
            try {
                return transform.apply(s, rng);
            } catch (ImageBudgetException e) {
                throw new IOException(dataset.describe(index) + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "transform failed on " + dataset.describe(index) + ": " + e.getMessage(), e);
            }
        }
    }

    /** Pads the samples into one batch. */
    private DetectionBatch assemble(List<SampleLoader.Loaded<DetectionSample>> samples,
            int epoch, int batchIndex) {
        int n = samples.size();
        int c = samples.get(0).value().image().channels();
        int maxH = 0;
        int maxW = 0;
        for (SampleLoader.Loaded<DetectionSample> s : samples) {
            Image img = s.value().image();
            if (img.channels() != c) {
                throw new IllegalStateException("images of one batch differ in channels: " + img
                        + " for " + dataset.describe(s.index()) + ", " + c + " channels for "
                        + dataset.describe(samples.get(0).index()));
            }
            maxH = Math.max(maxH, img.height());
            maxW = Math.max(maxW, img.width());
        }
        int h = roundUp(maxH);
        int w = roundUp(maxW);
        int per = Image.length(c, h, w);
        if ((long) per * n > Image.MAX_VALUES) {
            throw new IllegalStateException("a batch of " + n + " padded " + c + "x" + h + "x" + w
                    + " images would not fit one array; lower the batch size or the image size");
        }
        float[] images = new float[per * n];
        int[] indices = new int[n];
        int[] heights = new int[n];
        int[] widths = new int[n];
        double[] scaleX = new double[n];
        double[] scaleY = new double[n];
        float[][] boxes = new float[n][];
        int[][] labels = new int[n][];
        for (int i = 0; i < n; i++) {
            DetectionSample s = samples.get(i).value();
            Image img = s.image();
            int ih = img.height();
            int iw = img.width();
            float[] px = img.pixels();
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < ih; y++) {
                    System.arraycopy(px, (ch * ih + y) * iw, images, i * per + (ch * h + y) * w, iw);
                }
            }
            indices[i] = samples.get(i).index();
            heights[i] = ih;
            widths[i] = iw;
            scaleX[i] = s.scaleX();
            scaleY[i] = s.scaleY();
            List<BoxAnnotation> list = s.boxes();
            boxes[i] = new float[4 * list.size()];
            labels[i] = new int[list.size()];
            for (int k = 0; k < list.size(); k++) {
                BoxAnnotation b = list.get(k);
                boxes[i][4 * k] = b.x1();
                boxes[i][4 * k + 1] = b.y1();
                boxes[i][4 * k + 2] = b.x2();
                boxes[i][4 * k + 3] = b.y2();
                labels[i][k] = b.classIndex();
            }
        }
        return new DetectionBatch(images, n, c, h, w, indices, heights, widths, scaleX, scaleY,
                boxes, labels);
    }

    private int roundUp(int v) {
        return (int) Math.min(Integer.MAX_VALUE, ((long) v + sizeDivisor - 1) / sizeDivisor
                * sizeDivisor);
    }
}
