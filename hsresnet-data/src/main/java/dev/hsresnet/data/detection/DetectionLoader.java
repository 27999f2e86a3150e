package dev.hsresnet.data.detection;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.SampleEpoch;
import dev.hsresnet.data.SampleLoader;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.mask.InstanceMask;
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
 *
 * <p>For a dataset {@link DetectionDataset#hasInstanceMasks() with instance masks} each batch
 * also carries {@link BatchMasks}: every box's transformed mask, area-averaged to the grid of
 * {@code maskStride} ({@link InstanceMask#areaAverage}) by the worker that loaded the sample, then
 * padded with 0 to {@code ceil(h / maskStride) x ceil(w / maskStride)} cells. Memory: {@code 4 *
 * K * h * w / maskStride^2} bytes per batch of {@code K} boxes, besides the images' {@code 4 * n
 * * c * h * w}; a loaded sample waiting to be batched holds its masks as bits ({@code H * W / 8}
 * bytes each) plus their averages, and the loader reads at most {@code prefetchBatches} batches
 * ahead. A
 * transform that loses the masks of a sample with boxes (one that builds a {@link
 * DetectionSample} without them) stops the epoch naming the image.
 */
public final class DetectionLoader {

    /** Default size divisor: 32, the stride of the coarsest FPN level P5. */
    public static final int DEFAULT_SIZE_DIVISOR = 32;

    /**
     * Default mask stride: 4, YOLACT's prototype resolution (its protonet upsamples P3, stride
     * 8, by 2).
     */
    public static final int DEFAULT_MASK_STRIDE = 4;

    private final DetectionDataset dataset;
    private final SampleLoader<Prepared, DetectionBatch> loader;
    private final int sizeDivisor;
    private final int maskStride;

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
        this(dataset, transform, batchSize, shuffle, dropLast, seed, workers, prefetchBatches,
                sizeDivisor, DEFAULT_MASK_STRIDE, skipped);
    }

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
     * @param sizeDivisor the padded height and width are multiples of this, at least 1
     * @param maskStride the mask targets' cell side in input pixels, at least 1 ({@link
     *     #DEFAULT_MASK_STRIDE}; 8 for P3 itself, 1 for full-resolution masks); used only when
     *     the dataset has instance masks
     * @param skipped where unreadable images are recorded (e.g. restored from a checkpoint)
     * @throws IllegalArgumentException when a number is out of range
     */
    public DetectionLoader(DetectionDataset dataset, DetectionTransform transform, int batchSize,
            boolean shuffle, boolean dropLast, long seed, int workers, int prefetchBatches,
            int sizeDivisor, int maskStride, SkippedImages skipped) {
        if (sizeDivisor < 1) {
            throw new IllegalArgumentException("sizeDivisor must be at least 1, got " + sizeDivisor);
        }
        if (maskStride < 1) {
            throw new IllegalArgumentException("maskStride must be at least 1, got " + maskStride);
        }
        this.dataset = dataset;
        this.sizeDivisor = sizeDivisor;
        this.maskStride = maskStride;
        this.loader = new SampleLoader<>(new Source(dataset, transform, maskStride),
                this::assemble, batchSize, shuffle, dropLast, seed, workers, prefetchBatches,
                skipped);
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
        private final SampleEpoch<Prepared, DetectionBatch> it;

        private Epoch(SampleEpoch<Prepared, DetectionBatch> it) {
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

    /** @return the mask targets' cell side in input pixels */
    public int maskStride() {
        return maskStride;
    }

    /**
     * A transformed sample and, with instance masks, its masks' area averages.
     *
     * @param sample the sample
     * @param masks per box, {@code ceil(H / stride) * ceil(W / stride)} floats; null without
     *     instance masks
     */
    private record Prepared(DetectionSample sample, float[][] masks) {}

    private record Source(DetectionDataset dataset, DetectionTransform transform, int maskStride)
            implements SampleLoader.Source<Prepared> {

        @Override
        public int size() {
            return dataset.size();
        }

        @Override
        public String describe(int index) {
            return dataset.describe(index);
        }

        @Override
        public Prepared load(int index, SplittableRandom rng) throws IOException {
            DetectionSample s = dataset.load(index);
            if (transform != null) {
                try {
                    s = transform.apply(s, rng);
                } catch (ImageBudgetException e) {
                    throw new IOException(dataset.describe(index) + ": " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("transform failed on "
                            + dataset.describe(index) + ": " + e.getMessage(), e);
                }
            }
            if (!dataset.hasInstanceMasks()) {
                return new Prepared(s, null);
            }
            if (!s.boxes().isEmpty() && !s.hasMasks()) {
                throw new IllegalStateException("the transform lost the instance masks of "
                        + dataset.describe(index) + ": " + s.boxes().size() + " boxes, no masks"
                        + " (a step built a DetectionSample without them)");
            }
            float[][] masks = new float[s.masks().size()][];
            for (int k = 0; k < masks.length; k++) {
                masks[k] = s.masks().get(k).areaAverage(maskStride);
            }
            return new Prepared(s, masks);
        }
    }

    /** Pads the samples into one batch. */
    private DetectionBatch assemble(List<SampleLoader.Loaded<Prepared>> samples,
            int epoch, int batchIndex) {
        int n = samples.size();
        int c = samples.get(0).value().sample().image().channels();
        int maxH = 0;
        int maxW = 0;
        for (SampleLoader.Loaded<Prepared> s : samples) {
            Image img = s.value().sample().image();
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
            DetectionSample s = samples.get(i).value().sample();
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
        BatchMasks masks = dataset.hasInstanceMasks() ? padMasks(samples, h, w) : null;
        return new DetectionBatch(images, n, c, h, w, indices, heights, widths, scaleX, scaleY,
                boxes, labels, masks);
    }

    /** Copies each sample's area-averaged masks into the batch's padded grid. */
    private BatchMasks padMasks(List<SampleLoader.Loaded<Prepared>> samples, int h, int w) {
        int gh = (h + maskStride - 1) / maskStride;
        int gw = (w + maskStride - 1) / maskStride;
        long plane = (long) gh * gw;
        float[][] values = new float[samples.size()][];
        for (int i = 0; i < values.length; i++) {
            Prepared p = samples.get(i).value();
            int sh = (p.sample().height() + maskStride - 1) / maskStride;
            int sw = (p.sample().width() + maskStride - 1) / maskStride;
            if (plane * p.masks().length > Image.MAX_VALUES) {
                throw new IllegalStateException(p.masks().length + " masks of " + gh + "x" + gw
                        + " cells would not fit one array for "
                        + dataset.describe(samples.get(i).index()) + "; raise the mask stride");
            }
            values[i] = new float[(int) plane * p.masks().length];
            for (int k = 0; k < p.masks().length; k++) {
                for (int y = 0; y < sh; y++) {
                    System.arraycopy(p.masks()[k], y * sw, values[i], (int) (k * plane) + y * gw,
                            sw);
                }
            }
        }
        return new BatchMasks(maskStride, gh, gw, values);
    }

    private int roundUp(int v) {
        return (int) Math.min(Integer.MAX_VALUE, ((long) v + sizeDivisor - 1) / sizeDivisor
                * sizeDivisor);
    }
}
