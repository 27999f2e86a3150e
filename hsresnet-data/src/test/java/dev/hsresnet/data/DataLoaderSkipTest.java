package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderSkipTest {

    @TempDir Path tmp;

    @Test
    void brokenFilesAreSkippedReportedAndBatchesStayFull() throws IOException {
        Path slice = TestData.cifarSlice();
        Set<Path> bad = new HashSet<>();
        for (String cls : List.of("cat", "dog")) {
            Path dir = Files.createDirectories(tmp.resolve(cls));
            try (Stream<Path> s = Files.list(slice.resolve(cls))) {
                for (Path p : s.sorted().limit(6).toList()) {
                    Files.copy(p, dir.resolve(p.getFileName()));
                }
            }
        }
        bad.add(Files.createFile(tmp.resolve("cat").resolve("zero.jpg")));
        bad.add(Files.writeString(tmp.resolve("dog").resolve("text.png"), "hello",
                StandardCharsets.UTF_8));
        byte[] jpeg = Files.readAllBytes(ImageDecoderTest.firstSliceJpeg());
        bad.add(Files.write(tmp.resolve("dog").resolve("cut.jpg"),
                Arrays.copyOf(jpeg, jpeg.length / 2)));

        ImageFolderDataset ds = ImageFolderDataset.open(tmp, 3);
        assertEquals(15, ds.size());
        Transform t = Transforms.compose(new PadRandomCrop(32, 4), new HorizontalFlip(),
                Normalize.cifar10());
        DataLoader loader = new DataLoader(ds, t, 4, true, false, 7L, 2, 2, null);
        assertEquals(4, loader.batchesPerEpoch());
        List<Batch> batches = Batches.collect(loader, 0, 0);
        assertEquals(3, batches.size(), "12 good images make 3 full batches");
        for (Batch b : batches) {
            assertEquals(4, b.n());
            assertEquals(List.of(3, 32, 32), List.of(b.c(), b.h(), b.w()));
        }
        SkippedImages skipped = loader.skippedImages();
        assertEquals(3, skipped.count());
        Set<Path> reported = new HashSet<>();
        for (SkippedImages.Entry e : skipped.entries()) {
            Path p = Path.of(e.description());
            reported.add(p);
            assertEquals(ds.describe(e.index()), e.description());
            assertTrue(e.message().contains(p.toString()), e.message());
        }
        assertEquals(bad, reported);

        // a second epoch does not retry them and still yields 3 full batches
        List<Batch> again = Batches.collect(loader, 1, 0);
        assertEquals(3, again.size());
        assertEquals(3, skipped.count());
    }

    @Test
    void resumeWithRestoredSkipsReproducesTheOriginalBatches() {
        Set<Integer> failing = Set.of(2, 5, 11, 40, 41);
        SyntheticDataset ds = new SyntheticDataset(50, 3, failing, 0);
        BatchAugment aug = BatchAugment.builder(3).mixup(0.2).build();
        DataLoader original = new DataLoader(ds, null, 8, true, false, 3L, 2, 2, aug);
        List<Batch> full = Batches.collect(original, 4, 0);
        assertEquals(6, full.size(), "45 good samples: 5 full batches and 5 left");
        assertEquals(5, full.get(5).n());
        assertArrayEquals(new int[] {2, 5, 11, 40, 41}, original.skippedImages().indices());

        Batches.assertSame(full.subList(3, 6), Batches.collect(original, 4, 3));

        SkippedImages restored = new SkippedImages();
        for (SkippedImages.Entry e : original.skippedImages().entries()) {
            restored.record(e.index(), e.description(), e.message());
        }
        DataLoader resumed = new DataLoader(ds, null, 8, true, false, 3L, 1, 2, aug, restored);
        int before = ds.loads.get();
        Batches.assertSame(full.subList(2, 6), Batches.collect(resumed, 4, 2));
        assertEquals(45 - 16, ds.loads.get() - before, "no bad or skipped sample loaded");
    }
}
