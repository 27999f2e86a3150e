package dev.hsresnet.data.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.SyntheticSegmentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches of image-mask pairs: exact masks, reproducible order and augmentation, resume, skips. */
class SegmentationLoaderTest {

    @TempDir
    Path dir;

    private static final JointTransform AUGMENT = JointTransforms.compose(
            new RandomScale(0.75, 1.5), new RandomCrop(16, 24, 255), new JointHorizontalFlip());

    @Test
    void unaugmentedBatchesCarryTheImagesAndMasksExactly() throws IOException {
        SegmentationDataset data = SegmentationDataset.folder(
                SyntheticSegmentation.write(dir.resolve("s"), 5, 12, 20, 1));
        SegmentationLoader loader = new SegmentationLoader(data, null, 2, false, false, 7, 2, 1,
                new SkippedImages());
        assertEquals(3, loader.batchesPerEpoch());
        List<SegmentationBatch> batches = all(loader, 0, 0);
        assertEquals(List.of(2, 2, 1), batches.stream().map(SegmentationBatch::n).toList());
        int plane = 12 * 20;
        for (int i = 0; i < 5; i++) {
            SegmentationSample s = data.load(i);
            SegmentationBatch b = batches.get(i / 2);
            int k = i % 2;
            assertArrayEquals(s.mask().labels(), java.util.Arrays.copyOfRange(b.labels(),
                    k * plane, (k + 1) * plane));
            assertArrayEquals(s.image().pixels(), java.util.Arrays.copyOfRange(b.images(),
                    k * 3 * plane, (k + 1) * 3 * plane));
        }
        assertEquals(255, batches.get(0).labels()[0], "column 0 holds the ignore index");
    }

    @Test
    void augmentedEpochsAreReproducibleAndResumeAtAnyBatch() throws IOException {
        SegmentationDataset data = SegmentationDataset.folder(
                SyntheticSegmentation.write(dir.resolve("s"), 6, 20, 30, 2));
        SegmentationLoader a = new SegmentationLoader(data, AUGMENT, 2, true, true, 3, 2, 2,
                new SkippedImages());
        SegmentationLoader inline = new SegmentationLoader(data, AUGMENT, 2, true, true, 3, 0, 0,
                new SkippedImages());
        List<SegmentationBatch> first = all(a, 1, 0);
        List<SegmentationBatch> again = all(inline, 1, 0);
        List<SegmentationBatch> resumed = all(a, 1, 2);
        assertEquals(3, first.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i).labels(), again.get(i).labels());
            assertArrayEquals(first.get(i).images(), again.get(i).images());
            assertEquals(24, first.get(i).w());
            assertEquals(16, first.get(i).h());
        }
        assertArrayEquals(first.get(2).labels(), resumed.get(0).labels());
        assertTrue(!java.util.Arrays.equals(first.get(0).labels(), all(a, 2, 0).get(0).labels()),
                "another epoch has another order or augmentation");
        for (SegmentationBatch b : first) {
            for (int v : b.labels()) {
                assertTrue(v == 255 || (v >= 0 && v < 3), "label " + v);
            }
        }
    }

    @Test
    void unreadablePairsAreSkippedAndCountedEmptySplitsRefused() throws IOException {
        Path root = SyntheticSegmentation.write(dir.resolve("s"), 4, 10, 16, 3);
        Files.write(root.resolve("images").resolve("pair001.png"), new byte[] {1, 2, 3});
        SegmentationDataset data = SegmentationDataset.folder(root);
        SkippedImages skipped = new SkippedImages();
        SegmentationLoader loader = new SegmentationLoader(data, null, 2, false, false, 0, 1, 1,
                skipped);
        assertEquals(List.of(2, 1), all(loader, 0, 0).stream().map(SegmentationBatch::n)
                .toList());
        assertEquals(1, skipped.count());
        assertTrue(skipped.entries().get(0).description().contains("pair001"),
                skipped.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SegmentationLoader(SegmentationDataset.of(List.of(), List.of(),
                        List.of("a"), 255), null, 1, false, false, 0, 0, 0, new SkippedImages()));
        assertTrue(e.getMessage().contains("at least one"), e.getMessage());
    }

    private static List<SegmentationBatch> all(SegmentationLoader loader, int epoch, int start) {
        List<SegmentationBatch> out = new ArrayList<>();
        try (SegmentationLoader.Epoch it = loader.epoch(epoch, start)) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }
}
