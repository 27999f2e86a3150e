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
        handMade().writePng(f);
        BufferedImage img = PngAssert.decodes(f, -1, -1);
        assertTrue(img.getWidth() >= 300 && img.getHeight() >= 250, img.getWidth() + "x" + img.getHeight());
        // Full rows (dog: 2 of 2) get the darkest color.
        assertTrue(PngAssert.pixelsNear(img, ConfusionMatrix.ramp(1.0), 6) > 500, "dark diagonal cells");
        assertTrue(PngAssert.pixelsNear(img, new Color(0xeeeeee), 2) > 500, "gray row for the unseen class");
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
            cm.writePng(f);
            BufferedImage img = PngAssert.decodes(f, -1, -1);
            assertTrue(img.getWidth() >= 600 && img.getWidth() <= 3000, n + ": width " + img.getWidth());
            assertTrue(img.getHeight() >= 600 && img.getHeight() <= 3000, n + ": height " + img.getHeight());
        }
    }

    @Test
    void rampRunsFromNearWhiteToDark() {
        Color lo = ConfusionMatrix.ramp(0);
        Color hi = ConfusionMatrix.ramp(1);
        assertTrue(lo.getRed() > 240 && lo.getGreen() > 240);
        assertTrue(hi.getRed() < 20 && hi.getBlue() > 90);
        assertEquals(lo, ConfusionMatrix.ramp(-1));
        assertEquals(hi, ConfusionMatrix.ramp(2));
    }
}
