package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    @TempDir
    Path dir;

    @Test
    void runsHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "tests must run with java.awt.headless=true");
    }

    @Test
    void rendersDefaultSizeWithEverySeriesColor() throws IOException {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        Path f = dir.resolve("p.png");
        new LineChart("Loss", "epoch", "loss")
                .series("train", x, new double[] {2.3, 1.9, 1.5, 1.2, 1.0, 0.8, 0.7, 0.6})
                .series("val", x, new double[] {2.4, 2.0, 1.7, Double.NaN, 1.3, 1.2, 1.1, 1.0})
                .series("third", x, new double[] {1, 1, 1, 1, 1, 1, 1, 1})
                .writePng(f);
        BufferedImage img = PngAssert.decodes(f, LineChart.DEFAULT_WIDTH, LineChart.DEFAULT_HEIGHT);
        for (int i = 0; i < 3; i++) {
            assertTrue(PngAssert.pixelsNear(img, LineChart.COLORS.get(i), 10) > 100,
                    "series " + i + " color is drawn");
        }
        assertEquals(0, PngAssert.pixelsNear(img, LineChart.COLORS.get(3), 10), "no fourth series color");
        PngAssert.noTemporaryFiles(dir);
    }

    @Test
    void aRisingSeriesIsDrawnFromBottomLeftToTopRight() throws NoFontsException {
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i + 1;
            y[i] = i * i;
        }
        BufferedImage img = new LineChart("rise", "epoch", "y").size(640, 400).series("up", x, y).render();
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        Color c = LineChart.COLORS.get(0);
        double leftY = PngAssert.meanRowNear(img, c, 10, 0, img.getWidth() / 3);
        double rightY = PngAssert.meanRowNear(img, c, 10, 2 * img.getWidth() / 3, img.getWidth());
        assertTrue(leftY > rightY + 100, "left end low (" + leftY + "), right end high (" + rightY + ")");
    }

    @Test
    void anIsolatedPointOfADenseSeriesStillShows() throws NoFontsException {
        double[] x = new double[200];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            x[i] = i;
            y[i] = i < 100 ? 1 : Double.NaN;
        }
        y[150] = 5; // alone between NaNs, high above the line
        BufferedImage img = new LineChart("dense", "step", "y").series("s", x, y).render();
        Color c = LineChart.COLORS.get(0);
        // the dot is the only series colour in the right half
        int right = PngAssert.pixelsNear(img, c, 10, img.getWidth() / 2 + 40, img.getWidth());
        assertTrue(right > 10 && right < 400, "one dot in the right half: " + right + " pixels");
    }

    @Test
    void singlePointAllNaNInfinityAndEmptyStillRender() throws IOException {
        Path one = dir.resolve("one.png");
        new LineChart("one", "epoch", "acc").series("a", new double[] {1}, new double[] {0.5}).writePng(one);
        BufferedImage img = PngAssert.decodes(one, 800, 500);
        assertTrue(PngAssert.pixelsNear(img, LineChart.COLORS.get(0), 10) > 10, "a lone point is drawn as a dot");

        Path nan = dir.resolve("nan.png");
        new LineChart("nan", "epoch", "acc")
                .series("a", new double[] {1, 2}, new double[] {Double.NaN, Double.POSITIVE_INFINITY}).writePng(nan);
        BufferedImage n = PngAssert.decodes(nan, 800, 500);
        assertEquals(0, PngAssert.pixelsNear(n, LineChart.COLORS.get(0), 10), "nothing finite to draw");

        Path inf = dir.resolve("inf.png");
        new LineChart("inf", "epoch", "loss")
                .series("a", new double[] {1, 2, 3}, new double[] {1, Double.NEGATIVE_INFINITY, 2}).writePng(inf);
        assertTrue(PngAssert.pixelsNear(PngAssert.decodes(inf, 800, 500), LineChart.COLORS.get(0), 10) > 10);

        Path empty = dir.resolve("empty.png");
        new LineChart("empty", "x", "y").writePng(empty);
        PngAssert.decodes(empty, 800, 500);
    }

    @Test
    void constantAndHugeValuesDoNotBreakTheAxes() throws IOException {
        Path f = dir.resolve("c.png");
        new LineChart("c", "x", "y")
                .series("flat", new double[] {5, 5}, new double[] {3, 3})
                .series("big", new double[] {5, 6}, new double[] {1e9, 2e9})
                .writePng(f);
        PngAssert.decodes(f, 800, 500);
        Path absurd = dir.resolve("absurd.png");
        new LineChart("absurd", "x", "y")
                .series("s", new double[] {0, 1, 2}, new double[] {-1e308, 1e308, Double.MAX_VALUE})
                .writePng(absurd);
        PngAssert.decodes(absurd, 800, 500);
    }

    @Test
    void wholeNumberTicksOnly() {
        assertEquals("3", LineChart.wholeNumberLabel(3.0));
        assertEquals("-2", LineChart.wholeNumberLabel(-2.0000000000001));
        assertEquals(" ", LineChart.wholeNumberLabel(2.5));
    }

    @Test
    void rejectsBadInput() {
        LineChart p = new LineChart("t", "x", "y");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.series("s", new double[2], new double[3]));
        assertTrue(e.getMessage().contains("'s': 2 x values but 3 y values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> p.series("s", new double[] {0, Double.NaN}, new double[2]));
        assertTrue(e.getMessage().contains("x[1] is NaN"), e.getMessage());
        p.series("s", new double[1], new double[1]);
        e = assertThrows(IllegalArgumentException.class, () -> p.series("s", new double[1], new double[1]));
        assertTrue(e.getMessage().contains("already"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.series(" ", new double[1], new double[1]));
        e = assertThrows(IllegalArgumentException.class, () -> p.size(100, 100));
        assertTrue(e.getMessage().contains("240x180") && e.getMessage().contains("100x100"), e.getMessage());
    }
}
