package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixTest {
    @TempDir
    Path dir;

    /**
     * cat: 3 samples, 2 right, 1 called dog. dog: 2 samples, both right. "bird, small": 1 sample,
     * called cat. fish: never seen.
     */
    static ConfusionMatrix handMade() {
        ConfusionMatrix cm = new ConfusionMatrix(List.of("cat", "dog", "bird, small", "fish"));
        cm.add(0, 0);
        cm.add(0, 0);
        cm.add(0, 1);
        cm.addAll(new int[] {1, 1, 2}, new int[] {1, 1, 0});
        return cm;
    }

    @Test
    void numbersOfAHandMadeCase() {
        ConfusionMatrix cm = handMade();
        assertEquals(2, cm.count(0, 0));
        assertEquals(1, cm.count(0, 1));
        assertEquals(1, cm.count(2, 0));
        assertEquals(0, cm.count(3, 3));
        assertEquals(3, cm.support(0));
        assertEquals(0, cm.support(3));
        assertEquals(6, cm.total());
        assertEquals(4, cm.correct());
        assertEquals(4.0 / 6, cm.top1(), 1e-15);
        double[] acc = cm.perClassAccuracy();
        assertEquals(2.0 / 3, acc[0], 1e-15);
        assertEquals(1.0, acc[1]);
        assertEquals(0.0, acc[2]);
        assertTrue(Double.isNaN(acc[3]));
        assertArrayEquals(new long[] {2, 1, 0, 0}, cm.counts()[0]);
        cm.counts()[0][0] = 99; // a copy
        assertEquals(2, cm.count(0, 0));
        assertTrue(Double.isNaN(new ConfusionMatrix(List.of("a")).top1()));
    }

    @Test
    void csvForms() throws IOException {
        ConfusionMatrix cm = handMade();
        Path f = dir.resolve("confusion.csv");
        cm.writeCsv(f);
        assertEquals("""
                actual\\predicted,cat,dog,"bird, small",fish
                cat,2,1,0,0
                dog,0,2,0,0
                "bird, small",1,0,0,0
                fish,0,0,0,0
                """, Files.readString(f));
        Path pc = dir.resolve("per_class.csv");
        cm.perClassCsv(pc);
        assertEquals("""
                class,support,correct,accuracy
                cat,3,2,0.6666666666666666
                dog,2,2,1
                "bird, small",1,0,0
                fish,0,0,
                """, Files.readString(pc));
    }

    @Test
    void rejectsLabelsOutOfRangeAndMismatchedMerges() {
        ConfusionMatrix cm = handMade();
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> cm.add(4, 0));
        assertTrue(e.getMessage().contains("actual label 4 is outside 0..3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> cm.add(0, -1));
        assertThrows(IllegalArgumentException.class, () -> cm.addAll(new int[1], new int[2]));
        assertThrows(IllegalArgumentException.class, () -> cm.merge(new ConfusionMatrix(List.of("a"))));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of()));
    }

    @Test
    void mergeAddsCounts() {
        ConfusionMatrix a = handMade();
        a.merge(handMade());
        assertEquals(12, a.total());
        assertEquals(4, a.count(0, 0));
    }

    @Test
    void heatmapPngForFewClasses() throws IOException {
        Path f = dir.resolve("confusion.png");
        assertTrue(handMade().writePng(f));
        BufferedImage img = PngAssert.decodes(f, -1, -1);
        assertTrue(img.getWidth() >= 300 && img.getHeight() >= 250, img.getWidth() + "x" + img.getHeight());
        PngAssert.noTemporaryFiles(dir);
        // Full rows (dog: 2 of 2, "bird, small": 1 of 1) get the darkest colour: two 56-px cells.
        int dark = PngAssert.pixelsNear(img, ConfusionHeatMap.ramp(1.0), 4);
        assertTrue(dark > 2 * 40 * 40, "two dark cells: " + dark);
        // cat: 2 of 3 right
        assertTrue(PngAssert.pixelsNear(img, ConfusionHeatMap.ramp(2.0 / 3), 4) > 40 * 40, "cat's diagonal cell");
        // fish was never seen: its row is gray, 4 cells wide
        assertTrue(PngAssert.pixelsNear(img, ConfusionHeatMap.NO_SUPPORT, 2) > 4 * 50 * 50, "gray row for fish");
    }

    @Test
    void theFirstClassIsTheTopRowAndTheLeftColumn() throws NoFontsException {
        ConfusionMatrix cm = new ConfusionMatrix(List.of("a", "b", "c"));
        cm.addAll(new int[] {0, 1, 2}, new int[] {0, 1, 2});
        BufferedImage img = cm.render();
        Color full = ConfusionHeatMap.ramp(1.0);
        // the columns of the three full cells (the colour bar's top holds a few such pixels per column too)
        int minX = Integer.MAX_VALUE;
        int maxX = -1;
        for (int x = 0; x < img.getWidth(); x++) {
            if (PngAssert.pixelsNear(img, full, 4, x, x + 1) >= 20) {
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
            }
        }
        int third = (maxX - minX + 1) / 3;
        double left = PngAssert.meanRowNear(img, full, 4, minX, minX + third);
        double middle = PngAssert.meanRowNear(img, full, 4, minX + third, maxX - third);
        double right = PngAssert.meanRowNear(img, full, 4, maxX - third + 1, maxX + 1);
        assertTrue(left < middle && middle < right, "diagonal from top left: rows " + left + ", " + middle + ", " + right);
        assertEquals(middle - left, right - middle, 2, "one cell down per cell across");
    }

    @Test
    void heatmapScalesToManyClasses() throws IOException {
        for (int n : new int[] {20, 100}) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("class_" + i);
            }
            ConfusionMatrix cm = new ConfusionMatrix(names);
            for (int i = 0; i < n * 50; i++) {
                int a = i % n;
                cm.add(a, i % 5 == 0 ? (a + 1) % n : a);
            }
            Path f = dir.resolve("cm" + n + ".png");
            assertTrue(cm.writePng(f));
            BufferedImage img = PngAssert.decodes(f, -1, -1);
            assertTrue(img.getWidth() >= 600 && img.getWidth() <= 3000, n + ": width " + img.getWidth());
            assertTrue(img.getHeight() >= 600 && img.getHeight() <= 3000, n + ": height " + img.getHeight());
            // every row is one full cell: classes 0, 5, 10, ... are all called the next class, the others right
            int cell = ConfusionHeatMap.cellSize(n);
            assertTrue(PngAssert.pixelsNear(img, ConfusionHeatMap.ramp(1), 4) > n * cell * cell / 2,
                    n + ": one full cell per row");
        }
    }

    @Test
    void emptyMatrixAndTooManyClasses() throws IOException {
        Path f = dir.resolve("empty.png");
        assertTrue(new ConfusionMatrix(List.of("a", "b")).writePng(f));
        PngAssert.decodes(f, -1, -1);
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= ConfusionMatrix.MAX_CLASSES_IN_PNG; i++) {
            names.add("c" + i);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ConfusionMatrix(names).writePng(dir.resolve("huge.png")));
        assertTrue(e.getMessage().contains("use the CSV forms"), e.getMessage());
    }

    @Test
    void rampRunsFromNearWhiteToMidBlue() {
        Color lo = ConfusionHeatMap.ramp(0);
        Color hi = ConfusionHeatMap.ramp(1);
        assertTrue(lo.getRed() > 240 && lo.getGreen() > 240);
        assertTrue(hi.getBlue() > hi.getRed() + 100, hi.toString());
        assertEquals(lo, ConfusionHeatMap.ramp(-1));
        assertEquals(hi, ConfusionHeatMap.ramp(2));
    }
}
