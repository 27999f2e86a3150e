package dev.hsresnet.data.segmentation;

import dev.hsresnet.data.Batch;
import dev.hsresnet.data.DataLoader;
import dev.hsresnet.data.Dataset;
import dev.hsresnet.data.EpochIterator;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.Transform;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reproducible batches of image-mask pairs: the {@link DataLoader} (seeded order per epoch, one
 * generator per sample seeded from (seed, epoch, index), worker threads, bounded read-ahead,
 * resume at any batch, unreadable pairs skipped and counted in {@link #skippedImages()}) applied
 * to a {@link SegmentationDataset} and a {@link JointTransform}. Inside the loader a pair travels
 * as one image with the mask as an extra last channel (class indices are exact in float32 up to
 * 2^24); {@link Epoch#next()} splits them again.
 *
 * <p>Every sample of a batch must come out of the transform at the same size (a fixed crop); for
 * evaluation on whole images of different sizes use batch size 1.
 */
public final class SegmentationLoader {

    private final SegmentationDataset dataset;
    private final DataLoader loader;

    /**
     * @param dataset the pairs; must not be empty
     * @param transform the joint transform (random scale, crop, flip, jitter, normalization), or
     *     null for none
     * @param batchSize pairs per batch, at least 1
     * @param shuffle seeded random order per epoch (else index order)
     * @param dropLast drop a final batch smaller than {@code batchSize}
     * @param seed base seed of every generator
     * @param workers decoding threads; 0 decodes on the calling thread
     * @param prefetchBatches read-ahead in batches, at least 0
     * @param skipped where unreadable pairs are recorded (e.g. restored from a checkpoint)
     * @throws IllegalArgumentException when the dataset is empty or a number is out of range
     */
    public SegmentationLoader(SegmentationDataset dataset, JointTransform transform,
            int batchSize, boolean shuffle, boolean dropLast, long seed, int workers,
            int prefetchBatches, SkippedImages skipped) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("the segmentation split is empty: no image-mask "
                    + "pairs to load");
        }
        this.dataset = dataset;
        this.loader = new DataLoader(new Packed(dataset), new PackedTransform(transform),
                batchSize, shuffle, dropLast, seed, workers, prefetchBatches, null, skipped);
    }

    /** @return optimizer steps per epoch */
    public int batchesPerEpoch() {
        return loader.batchesPerEpoch();
    }

    /** @return the pairs */
    public SegmentationDataset dataset() {
        return dataset;
    }

    /** @return the pairs skipped so far because they could not be read */
    public SkippedImages skippedImages() {
        return loader.skippedImages();
    }

    /**
     * @param epoch the 0-based epoch (seeds its order and transforms)
     * @param startBatch the first batch to produce (to resume an epoch)
     * @return the epoch's batches; close it to stop its workers
     */
    public Epoch epoch(int epoch, int startBatch) {
        return new Epoch(loader.epoch(epoch, startBatch));
    }

    /** The batches of one epoch, in order. */
    public static final class Epoch implements Iterator<SegmentationBatch>, AutoCloseable {
        private final EpochIterator it;

        private Epoch(EpochIterator it) {
            this.it = it;
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public SegmentationBatch next() {
            Batch b = it.next();
            int c = b.c() - 1;
            int plane = b.h() * b.w();
            float[] images = new float[b.n() * c * plane];
            int[] labels = new int[b.n() * plane];
            for (int i = 0; i < b.n(); i++) {
                System.arraycopy(b.images(), i * b.c() * plane, images, i * c * plane, c * plane);
                int from = (i * b.c() + c) * plane;
                for (int p = 0; p < plane; p++) {
                    labels[i * plane + p] = (int) b.images()[from + p];
                }
            }
            return new SegmentationBatch(images, labels, b.n(), c, b.h(), b.w());
        }

        /** @return the index of the next batch */
        public int nextBatchIndex() {
            return it.nextBatchIndex();
        }

        @Override
        public void close() {
            it.close();
        }
    }

    /** Packs an image and its mask into one image with the mask as the last channel. */
    static Image pack(SegmentationSample s) {
        Image img = s.image();
        int plane = img.height() * img.width();
        float[] values = new float[img.pixels().length + plane];
        System.arraycopy(img.pixels(), 0, values, 0, img.pixels().length);
        int[] labels = s.mask().labels();
        for (int p = 0; p < plane; p++) {
            values[img.pixels().length + p] = labels[p];
        }
        return new Image(img.channels() + 1, img.height(), img.width(), values);
    }

    /** The inverse of {@link #pack}. */
    static SegmentationSample unpack(Image packed) {
        int c = packed.channels() - 1;
        int plane = packed.height() * packed.width();
        float[] values = new float[c * plane];
        System.arraycopy(packed.pixels(), 0, values, 0, values.length);
        int[] labels = new int[plane];
        for (int p = 0; p < plane; p++) {
            labels[p] = (int) packed.pixels()[c * plane + p];
        }
        return new SegmentationSample(new Image(c, packed.height(), packed.width(), values),
                new LabelMask(packed.height(), packed.width(), labels));
    }

    /** The pairs seen as packed images (label: none, every pair counts as class 0). */
    private record Packed(SegmentationDataset pairs) implements Dataset {
        @Override
        public int size() {
            return pairs.size();
        }

        @Override
        public List<String> classes() {
            return List.of("pair");
        }

        @Override
        public int label(int index) {
            return 0;
        }

        @Override
        public String describe(int index) {
            return pairs.describe(index);
        }

        @Override
        public Image load(int index) throws IOException {
            return pack(pairs.load(index));
        }
    }

    /** The joint transform on packed images. */
    private record PackedTransform(JointTransform joint) implements Transform {
        @Override
        public Image apply(Image image, SplittableRandom rng) {
            return joint == null ? image : pack(joint.apply(unpack(image), rng));
        }
    }
}
