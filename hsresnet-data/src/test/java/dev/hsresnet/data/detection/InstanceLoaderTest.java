package dev.hsresnet.data.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.SkippedImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mask targets in padded batches: layout, padding, area averaging, reproducibility. */
class InstanceLoaderTest {

    @TempDir
    Path dir;

    /**
     * Three images (w x h) 40 x 30, 20 x 50, 33 x 17; image 0 has objects x [1, 10) y [2, 12)
     * and x [20, 40) y [0, 5), image 1 one object x [3, 17) y [10, 50), image 2 none.
     */
    private DetectionDataset ragged() throws IOException {
        int[][] sizes = {{40, 30}, {20, 50}, {33, 17}};
        int[][][] objects = {{{1, 1, 2, 10, 12}, {2, 20, 0, 40, 5}}, {{1, 3, 10, 17, 50}}, {}};
        List<ImageAnnotations> images = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            Path img = DetectionFixtures.image(dir.resolve("img" + i + ".png"), sizes[i][0],
                    sizes[i][1]);
            Path mask = InstanceIdMasksTest.idPng(dir.resolve("img" + i + "_mask.png"),
                    sizes[i][0], sizes[i][1], objects[i]);
            List<BoxAnnotation> boxes = new ArrayList<>();
            for (int[] o : objects[i]) {
                boxes.add(new BoxAnnotation(0, o[1], o[2], o[3], o[4]));
            }
            images.add(new ImageAnnotations(img, sizes[i][0], sizes[i][1], boxes, List.of(),
                    dir.resolve("labels.txt"), mask));
        }
        return InstanceIdMasks.attach(DetectionDataset.of("ragged", images, List.of("a")),
                AnnotationPolicy.STRICT);
    }

    private static List<DetectionBatch> all(DetectionLoader loader, int epoch) {
        List<DetectionBatch> out = new ArrayList<>();
        try (DetectionLoader.Epoch it = loader.epoch(epoch, 0)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static DetectionLoader loader(DetectionDataset ds, DetectionTransform t, int batch,
            boolean shuffle, int workers, int sizeDivisor, int maskStride) {
        return new DetectionLoader(ds, t, batch, shuffle, false, 5, workers, 1, sizeDivisor,
                maskStride, new SkippedImages());
    }

    @Test
    void fullResolutionMasksArePaddedWithZero() throws IOException {
        DetectionDataset ds = ragged();
        DetectionBatch b = all(loader(ds, null, 3, false, 0, 32, 1), 0).get(0);
        BatchMasks m = b.masks();
        assertEquals(List.of(1, 64, 64), List.of(m.stride(), m.height(), m.width()));
        assertEquals(2 * 64 * 64, m.values()[0].length, "two masks");
        assertEquals(64 * 64, m.values()[1].length);
        assertEquals(0, m.values()[2].length, "a negative image has no masks");
        int[][][] rects = {{{1, 2, 10, 12}, {20, 0, 40, 5}}, {{3, 10, 17, 50}}};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < rects[i].length; j++) {
                int[] r = rects[i][j];
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        float want = x >= r[0] && x < r[2] && y >= r[1] && y < r[3] ? 1 : 0;
                        assertEquals(want, m.get(i, j, y, x), "image " + i + " mask " + j + " ("
                                + y + ", " + x + ")");
                    }
                }
            }
        }
    }

    @Test
    void stridesAverageTheCellsAndPastTheImageCountsZero() throws IOException {
        DetectionDataset ds = ragged();
        BatchMasks m = all(loader(ds, null, 3, false, 0, 32, 4), 0).get(0).masks();
        assertEquals(List.of(4, 16, 16), List.of(m.stride(), m.height(), m.width()));
        // image 0, object x [1, 10) y [2, 12)
        assertEquals(6 / 16f, m.get(0, 0, 0, 0), "rows 2-3 x columns 1-3 of a 4x4 cell");
        assertEquals(8 / 16f, m.get(0, 0, 2, 2), "rows 8-11 x columns 8-9");
        assertEquals(1f, m.get(0, 0, 1, 1));
        assertEquals(0f, m.get(0, 0, 3, 0), "rows 12-15");
        // image 0, object x [20, 40) y [0, 5): column cells 5..9 full, row cell 1 holds one row
        assertEquals(1f, m.get(0, 1, 0, 9));
        assertEquals(4 / 16f, m.get(0, 1, 1, 9));
        assertEquals(0f, m.get(0, 1, 0, 10), "past the 40 columns of the image");
        double sum = 0;
        for (float v : m.values()[0]) {
            sum += v;
        }
        assertEquals((9 * 10 + 20 * 5) / 16.0, sum, 1e-5, "area averaging keeps the area");

        // size divisor 1: the batch is 50 x 40, the grid ceil(50 / 4) x ceil(40 / 4) = 13 x 10;
        // the last row of cells holds rows 48, 49 and two rows past the batch
        BatchMasks odd = all(loader(ds, null, 3, false, 0, 1, 4), 0).get(0).masks();
        assertEquals(List.of(13, 10), List.of(odd.height(), odd.width()));
        assertEquals(2 * 4 / 16f, odd.get(1, 0, 12, 1), "image 1 rows 48-49 x columns 4-7");
        assertEquals(2 / 16f, odd.get(1, 0, 12, 0), "rows 48-49 x column 3");
    }

    @Test
    void augmentedMasksAreReproducibleWhateverTheWorkers() throws IOException {
        DetectionDataset ds = ragged();
        DetectionTransform train = DetectionTransforms.compose(
                DetectionTransforms.train(16, 40, 64, Normalize.imagenet()),
                new RandomBoxCrop(24, 24));
        List<DetectionBatch> inline = all(loader(ds, train, 2, true, 0, 32, 4), 3);
        List<DetectionBatch> threads = all(loader(ds, train, 2, true, 2, 32, 4), 3);
        assertEquals(inline.size(), threads.size());
        for (int k = 0; k < inline.size(); k++) {
            DetectionBatch a = inline.get(k);
            DetectionBatch b = threads.get(k);
            assertArrayEquals(a.indices(), b.indices());
            for (int i = 0; i < a.n(); i++) {
                assertArrayEquals(a.boxes()[i], b.boxes()[i]);
                assertArrayEquals(a.masks().values()[i], b.masks().values()[i]);
                assertEquals(a.boxCount(i) * a.masks().planeSize(), a.masks().values()[i].length);
            }
        }
    }

    @Test
    void transformsThatLoseTheMasksStopTheEpoch() throws IOException {
        DetectionDataset ds = ragged();
        DetectionTransform lossy = (s, rng) -> new DetectionSample(s.image(), s.boxes());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> all(loader(ds, lossy, 3, false, 0, 32, 4), 0));
        assertTrue(e.getMessage().contains("lost the instance masks")
                && e.getMessage().contains("img0.png"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loader(ds, null, 3, false, 0, 32, 0));
    }

    @Test
    void datasetsWithoutMasksGiveBatchesWithoutMasks() throws IOException {
        DetectionDataset plain = DetectionDataset.of("plain", List.of(ragged().annotations(0)),
                List.of("a"));
        DetectionBatch b = all(loader(plain, null, 1, false, 0, 32, 4), 0).get(0);
        assertNull(b.masks());
        assertEquals(2, b.boxCount(0));
    }

    @Test
    void batchesRefuseMasksOfTheWrongShape() {
        float[] img = new float[3 * 8 * 8];
        int[] one = {1};
        double[] s = {1};
        float[][] boxes = {{0, 0, 2, 2}};
        int[][] labels = {{0}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DetectionBatch(img, 1, 3, 8, 8, new int[] {0}, new int[] {8},
                        new int[] {8}, s, s, boxes, labels,
                        new BatchMasks(4, 2, 3, new float[][] {new float[6]})));
        assertTrue(e.getMessage().contains("does not match the 8x8 batch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DetectionBatch(img, 1, 3, 8, 8, new int[] {0}, new int[] {8},
                        new int[] {8}, s, s, boxes, labels,
                        new BatchMasks(4, 2, 2, new float[][] {new float[8]})));
        assertTrue(e.getMessage().contains("8 mask values for 1 boxes"), e.getMessage());
        assertEquals(one.length, new DetectionBatch(img, 1, 3, 8, 8, new int[] {0}, new int[] {8},
                new int[] {8}, s, s, boxes, labels,
                new BatchMasks(4, 2, 2, new float[][] {new float[4]})).totalBoxes());
    }
}
