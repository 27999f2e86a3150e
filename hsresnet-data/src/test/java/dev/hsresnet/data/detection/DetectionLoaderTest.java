package dev.hsresnet.data.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.SyntheticDetection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Padded batches: layout, reproducibility, resume, skip-and-count. */
class DetectionLoaderTest {

    @TempDir
    Path dir;

    /** Three images of different sizes (w x h): 40 x 30, 20 x 50, 33 x 17. */
    private DetectionDataset ragged() throws IOException {
        int[][] sizes = {{40, 30}, {20, 50}, {33, 17}};
        List<ImageAnnotations> images = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            Path img = DetectionFixtures.image(dir.resolve("img" + i + ".png"), sizes[i][0],
                    sizes[i][1]);
            List<BoxAnnotation> boxes = i == 2 ? List.of() : List.of(
                    new BoxAnnotation(i, 1, 2, 10, 12), new BoxAnnotation(0, 0, 0, sizes[i][0], 5));
            images.add(new ImageAnnotations(img, sizes[i][0], sizes[i][1], boxes, List.of(),
                    dir.resolve("labels.csv"), null));
        }
        return DetectionDataset.of("ragged", images, List.of("a", "b"));
    }

    private static List<DetectionBatch> all(DetectionLoader loader, int epoch, int start) {
        List<DetectionBatch> out = new ArrayList<>();
        try (DetectionLoader.Epoch it = loader.epoch(epoch, start)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void batchesArePaddedToMultiplesOf32WithTheBoxesInPlace() throws IOException {
        DetectionDataset ds = ragged();
        DetectionLoader loader = new DetectionLoader(ds, null, 3, false, false, 1, 2, 1, 32,
                new SkippedImages());
        DetectionBatch b = all(loader, 0, 0).get(0);
        assertEquals(3, b.n());
        assertEquals(3, b.c());
        assertEquals(64, b.h(), "max height 50 rounded up to 64");
        assertEquals(64, b.w(), "max width 40 rounded up to 64");
        assertArrayEquals(new int[] {0, 1, 2}, b.indices());
        assertArrayEquals(new int[] {30, 50, 17}, b.heights());
        assertArrayEquals(new int[] {40, 20, 33}, b.widths());
        assertArrayEquals(new double[] {1, 1, 1}, b.scaleX());
        for (int i = 0; i < 3; i++) {
            DetectionSample s = ds.load(i);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        float got = b.images()[i * b.sampleSize() + (c * 64 + y) * 64 + x];
                        float want = y < s.height() && x < s.width() ? s.image().get(c, y, x) : 0;
                        assertEquals(want, got, "image " + i + " (" + c + ", " + y + ", " + x + ")");
                    }
                }
            }
        }
        assertArrayEquals(new float[] {1, 2, 10, 12, 0, 0, 20, 5}, b.boxes()[1]);
        assertArrayEquals(new int[] {1, 0}, b.labels()[1]);
        assertEquals(0, b.boxCount(2), "a negative image has no boxes");
        assertEquals(4, b.totalBoxes());

        DetectionLoader exact = new DetectionLoader(ds, null, 2, false, false, 1, 0, 0, 1,
                new SkippedImages());
        List<DetectionBatch> two = all(exact, 0, 0);
        assertEquals(List.of(50, 40), List.of(two.get(0).h(), two.get(0).w()));
        assertEquals(List.of(17, 33), List.of(two.get(1).h(), two.get(1).w()));
    }

    @Test
    void resizedBatchesCarryTheScaleToMapPredictionsBack() throws IOException {
        DetectionDataset ds = ragged();
        DetectionLoader loader = new DetectionLoader(ds, DetectionTransforms.eval(10, 1000,
                Normalize.imagenet()), 1, false, false, 0, 0, 0, 32, new SkippedImages());
        DetectionBatch b = all(loader, 0, 0).get(1); // 20 x 50 -> short side 10: 10 x 25
        assertEquals(25, b.heights()[0]);
        assertEquals(10, b.widths()[0]);
        assertEquals(32, b.h());
        assertEquals(0.5, b.scaleX()[0]);
        float x2 = b.boxes()[0][2];
        assertEquals(10f, x2 / (float) b.scaleX()[0], 1e-6, "back in the file's pixels");
    }

    private DetectionDataset synthetic(int n) throws IOException {
        Path root = SyntheticDetection.write(dir.resolve("voc"), SyntheticDetection.Format.VOC, n,
                24, 32, 3);
        return DetectionSets.open("voc", root, "all");
    }

    private static void assertSameBatches(List<DetectionBatch> a, List<DetectionBatch> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            DetectionBatch x = a.get(i);
            DetectionBatch y = b.get(i);
            assertArrayEquals(x.indices(), y.indices(), "batch " + i);
            assertEquals(List.of(x.h(), x.w()), List.of(y.h(), y.w()));
            assertArrayEquals(x.images(), y.images(), "batch " + i);
            assertArrayEquals(x.heights(), y.heights());
            assertArrayEquals(x.scaleX(), y.scaleX());
            for (int k = 0; k < x.n(); k++) {
                assertArrayEquals(x.boxes()[k], y.boxes()[k]);
                assertArrayEquals(x.labels()[k], y.labels()[k]);
            }
        }
    }

    @Test
    void epochsAreReproducibleWhateverTheWorkersAndResumeAtAnyBatch() throws IOException {
        DetectionDataset ds = synthetic(10);
        DetectionTransform train = DetectionTransforms.train(16, 40, 64, Normalize.imagenet());
        DetectionLoader inline = new DetectionLoader(ds, train, 3, true, false, 11, 0, 0, 32,
                new SkippedImages());
        DetectionLoader threads = new DetectionLoader(ds, train, 3, true, false, 11, 3, 2, 32,
                new SkippedImages());
        List<DetectionBatch> reference = all(inline, 2, 0);
        assertEquals(4, reference.size());
        assertEquals(1, reference.get(3).n());
        assertSameBatches(reference, all(threads, 2, 0));
        for (int start = 1; start <= 4; start++) {
            assertSameBatches(reference.subList(start, 4), all(threads, 2, start));
        }
        List<Integer> seen = new ArrayList<>();
        reference.forEach(b -> java.util.Arrays.stream(b.indices()).forEach(seen::add));
        assertEquals(10, new java.util.HashSet<>(seen).size(), "every image once");
        assertTrue(reference.stream().map(b -> b.h() + "x" + b.w()).distinct().count() > 1,
                "multi-scale: batches of different sizes");
        assertTrue(reference.stream().allMatch(b -> b.h() % 32 == 0 && b.w() % 32 == 0));
        List<DetectionBatch> other = all(inline, 3, 0);
        assertTrue(!java.util.Arrays.equals(reference.get(0).indices(), other.get(0).indices())
                || !java.util.Arrays.equals(reference.get(0).images(), other.get(0).images()),
                "another epoch, another order or augmentation");
        assertThrows(IllegalArgumentException.class, () -> inline.epoch(0, 5));
        assertEquals(4, inline.batchesPerEpoch());
    }

    @Test
    void unreadableImagesAreSkippedAndCounted() throws IOException {
        DetectionDataset ds = synthetic(8);
        Files.writeString(ds.image(2), "not a png");
        DetectionFixtures.image(ds.image(5), 33, 24); // annotation says 32 x 24
        DetectionLoader loader = new DetectionLoader(ds, null, 3, false, false, 0, 2, 1, 32,
                new SkippedImages());
        List<DetectionBatch> batches = all(loader, 0, 0);
        assertEquals(List.of(3, 3), batches.stream().map(DetectionBatch::n).toList(),
                "batches filled with the next images");
        assertArrayEquals(new int[] {0, 1, 3}, batches.get(0).indices());
        assertArrayEquals(new int[] {4, 6, 7}, batches.get(1).indices());
        SkippedImages skipped = loader.skippedImages();
        assertArrayEquals(new int[] {2, 5}, skipped.indices());
        assertTrue(skipped.entries().get(1).message().contains("declares 32x24"),
                skipped.entries().get(1).message());
        assertTrue(skipped.entries().get(0).description().contains("img002"),
                skipped.entries().get(0).description());
        assertEquals(2, batches.size());
        assertSameBatches(batches.subList(1, 2), all(loader, 0, 1));
    }

    @Test
    void transformErrorsStopTheEpochNamingTheImage() throws IOException {
        DetectionDataset ds = synthetic(4);
        DetectionTransform failing = (s, rng) -> {
            throw new IllegalArgumentException("boom");
        };
        DetectionLoader loader = new DetectionLoader(ds, failing, 2, false, false, 0, 1, 1, 32,
                new SkippedImages());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> all(loader, 0, 0));
        assertTrue(e.getMessage().contains("img000") && e.getMessage().contains("boom"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DetectionLoader(ds, null, 2, false,
                false, 0, 1, 1, 0, new SkippedImages()));
    }
}
