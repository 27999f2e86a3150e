package dev.hsresnet.data.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.ImageGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationDatasetTest {

    @TempDir Path root;

    private static final int[][] MASK = {{0, 1, 2, 2}, {2, 255, 1, 0}, {0, 0, 0, 1}};

    /** images/{a,b}.png (3x4 RGB), masks/{a,b}.png, classes.txt with comments and blanks. */
    private void writeValid() throws IOException {
        Fixtures.png(Fixtures.rgb(3, 4), root.resolve("images/b.png"));
        Fixtures.png(Fixtures.rgb(3, 4), root.resolve("images/a.png"));
        Fixtures.png(Fixtures.gray(MASK), root.resolve("masks/a.png"));
        Fixtures.png(Fixtures.gray(new int[][] {{2, 2, 2, 2}, {2, 2, 2, 2}, {2, 2, 2, 2}}),
                root.resolve("masks/b.png"));
        Files.writeString(root.resolve("classes.txt"),
                "# one class a line\nbackground\n\n  road  \n# comment\ncar\n");
        Files.writeString(root.resolve("images/notes.txt"), "ignored");
    }

    private IllegalArgumentException refused() {
        return assertThrows(IllegalArgumentException.class, () -> SegmentationDataset.folder(root));
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected \"" + p + "\" in: " + message);
        }
    }

    @Test
    void folderLayoutPairsSortedWithClassesAndDefaultIgnore() throws IOException {
        writeValid();
        SegmentationDataset ds = SegmentationDataset.folder(root);
        assertEquals(2, ds.size());
        assertEquals(List.of("background", "road", "car"), ds.classes());
        assertEquals(3, ds.numClasses());
        assertEquals(255, ds.ignoreIndex());
        assertEquals(root.resolve("images/a.png"), ds.image(0));
        assertEquals(root.resolve("masks/a.png"), ds.mask(0));
        assertEquals(root.resolve("images/b.png"), ds.image(1));
        SegmentationSample s = ds.load(0);
        assertEquals(3, s.image().channels());
        assertEquals(20 / 255f, s.image().get(1, 1, 2));
        assertArrayEquals(new int[] {0, 1, 2, 2, 2, 255, 1, 0, 0, 0, 0, 1}, s.mask().labels());
    }

    @Test
    void ignoreTxtSetsTheIgnoreIndex() throws IOException {
        writeValid();
        Files.writeString(root.resolve("ignore.txt"), "# void\n 7 \n");
        assertEquals(7, SegmentationDataset.folder(root).ignoreIndex());
    }

    @Test
    void ignoreIndexCollidingWithAClassOrNegativeIsRefused() throws IOException {
        writeValid();
        Path ignore = root.resolve("ignore.txt");
        Files.writeString(ignore, "1\n");
        assertContains(refused().getMessage(), ignore.toString(), "ignore index 1", "\"road\"");
        Files.writeString(ignore, "-1\n");
        assertContains(refused().getMessage(), ignore.toString(), "-1");
        Files.writeString(ignore, "void\n");
        assertContains(refused().getMessage(), ignore.toString(), "\"void\"");
        Files.writeString(ignore, "3\n4\n");
        assertContains(refused().getMessage(), ignore.toString(), "2 lines");
    }

    @Test
    void classesTxtProblemsAreRefused() throws IOException {
        writeValid();
        Path classes = root.resolve("classes.txt");
        Files.writeString(classes, "# nothing\n\n");
        assertContains(refused().getMessage(), "no classes", classes.toString());
        Files.writeString(classes, "a\nb\na\n");
        assertContains(refused().getMessage(), "\"a\" is listed twice");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 65536; i++) {
            many.append('c').append(i).append('\n');
        }
        Files.writeString(classes, many);
        assertContains(refused().getMessage(), "65536 classes", "65535");
        Files.delete(classes);
        assertContains(refused().getMessage(), classes.toString(), "missing");
    }

    @Test
    void defaultIgnoreCollidesWithManyClasses() throws IOException {
        writeValid();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            many.append('c').append(i).append('\n');
        }
        Files.writeString(root.resolve("classes.txt"), many);
        assertContains(refused().getMessage(), "ignore index 255", "ignore.txt");
    }

    @Test
    void pairingProblemsNameTheFiles() throws IOException {
        writeValid();
        Path lonely = Fixtures.png(Fixtures.rgb(3, 4), root.resolve("images/c.jpg"));
        assertContains(refused().getMessage(), lonely.toString(), root.resolve("masks/c.png").toString());
        Files.delete(lonely);

        Path orphan = Fixtures.png(Fixtures.gray(MASK), root.resolve("masks/d.png"));
        assertContains(refused().getMessage(), orphan.toString(), "has no image");
        Files.delete(orphan);

        Path dup = Fixtures.png(Fixtures.rgb(3, 4), root.resolve("images/a.jpeg"));
        assertContains(refused().getMessage(), "stem \"a\"", dup.toString(),
                root.resolve("images/a.png").toString());
        Files.delete(dup);

        SegmentationDataset.folder(root); // valid again
    }

    @Test
    void missingOrEmptyFoldersAreRefused() throws IOException {
        assertContains(refused().getMessage(), "does not exist", root.resolve("images").toString());
        writeValid();
        Path masks = root.resolve("masks");
        for (Path f : List.of(masks.resolve("a.png"), masks.resolve("b.png"))) {
            Files.delete(f);
        }
        Files.delete(masks);
        assertContains(refused().getMessage(), masks.toString());
        Path missingRoot = root.resolve("nope");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> SegmentationDataset.folder(missingRoot));
        assertContains(e.getMessage(), missingRoot.toString());

        Path camvid = root.resolve("camvid");
        Files.createDirectories(camvid.resolve("val"));
        Files.createDirectories(camvid.resolve("valannot"));
        e = assertThrows(IllegalArgumentException.class, () -> SegmentationDataset.camvid(camvid, "val"));
        assertContains(e.getMessage(), "no images", camvid.resolve("val").toString());
        e = assertThrows(IllegalArgumentException.class, () -> SegmentationDataset.camvid(camvid, "train"));
        assertContains(e.getMessage(), camvid.resolve("train").toString());
        e = assertThrows(IllegalArgumentException.class, () -> SegmentationDataset.camvid(camvid, "dev"));
        assertContains(e.getMessage(), "\"dev\"");
    }

    @Test
    void sizeMismatchNamesBothFilesAndSizes() throws IOException {
        writeValid();
        Fixtures.png(Fixtures.gray(new int[][] {{0, 1, 2}, {0, 1, 2}}), root.resolve("masks/b.png"));
        SegmentationDataset ds = SegmentationDataset.folder(root);
        IOException e = assertThrows(IOException.class, () -> ds.load(1));
        assertContains(e.getMessage(), ds.image(1).toString(), ds.mask(1).toString(), "3x4", "2x3");
    }

    @Test
    void outOfRangeValueNamesFileValuePixelAndRange() throws IOException {
        writeValid();
        Fixtures.png(Fixtures.gray(new int[][] {{0, 1, 2, 2}, {2, 2, 1, 7}, {0, 9, 0, 1}}),
                root.resolve("masks/b.png"));
        SegmentationDataset ds = SegmentationDataset.folder(root);
        IOException e = assertThrows(IOException.class, () -> ds.load(1));
        assertContains(e.getMessage(), ds.mask(1).toString(), "value 7", "x=3, y=1", "0..2", "255");
        ds.load(0); // 255 is the ignore index there: accepted
    }

    @Test
    void validateAllCountsPixelsAndSkipsBrokenPairs() throws IOException {
        writeValid();
        Fixtures.png(Fixtures.rgb(3, 4), root.resolve("images/c.png"));
        Files.write(root.resolve("masks/c.png"), new byte[0]);
        SegmentationDataset ds = SegmentationDataset.folder(root);
        SegmentationDataset.ValidationReport r = ds.validateAll(ImageGuard.DEFAULT);
        assertEquals(3, r.pairs());
        assertEquals(2, r.valid());
        assertEquals(1, r.unreadable().size());
        assertEquals(2, r.unreadable().get(0).index());
        assertContains(r.unreadable().get(0).message(), ds.mask(2).toString(), "empty");
        // a: 0 x5, 1 x3, 2 x3, 255 x1; b: 2 x12
        assertArrayEquals(new long[] {5, 3, 15}, r.classPixels());
        assertArrayEquals(new long[] {12, 12, 24}, r.classImagePixels());
        assertEquals(1, r.ignoredPixels());
        assertEquals(24, r.totalPixels());
        float[] w = r.medianFrequencyWeights();
        // freq = 5/12, 3/12, 15/24 = 7.5/12; median 5/12
        assertArrayEquals(new float[] {1f, 5f / 3f, 2f / 3f}, w, 1e-6f);
    }

    @Test
    void explicitListsAreChecked() {
        Path a = root.resolve("a.png");
        assertThrows(IllegalArgumentException.class,
                () -> SegmentationDataset.of(List.of(a), List.of(), List.of("x"), 1));
        assertThrows(IllegalArgumentException.class,
                () -> SegmentationDataset.of(List.of(a), List.of(a), List.of(), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationDataset.of(List.of(a), List.of(a), List.of("x", "y"), 1));
        assertContains(e.getMessage(), "ignore index 1", "\"y\"");
        assertEquals(1, SegmentationDataset.of(List.of(a), List.of(a), List.of("x", "y"), 2).size());
    }
}
