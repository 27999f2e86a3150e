package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {
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
        new LinePlot("Loss", "epoch", "loss")
                .series("train", x, new double[] {2.3, 1.9, 1.5, 1.2, 1.0, 0.8, 0.7, 0.6})
                .series("val", x, new double[] {2.4, 2.0, 1.7, Double.NaN, 1.3, 1.2, 1.1, 1.0})
                .series("third", x, new double[] {1, 1, 1, 1, 1, 1, 1, 1})
                .writePng(f);
        BufferedImage img = PngAssert.decodes(f, LinePlot.DEFAULT_WIDTH, LinePlot.DEFAULT_HEIGHT);
        for (int i = 0; i < 3; i++) {
            assertTrue(PngAssert.pixelsNear(img, LinePlot.PALETTE[i], 10) > 100,
                    "series " + i + " color is drawn");
        }
        assertEquals(0, PngAssert.pixelsNear(img, LinePlot.PALETTE[3], 10), "no fourth series color");
    }

    @Test
    void customSizeAndLogY() throws IOException {
        Path f = dir.resolve("log.png");
        new LinePlot("lr", "step", "lr").size(640, 360).logY(true)
                .series("lr", new double[] {0, 1, 2, 3, 4}, new double[] {1e-1, 1e-2, 0, -1, 1e-4})
                .writePng(f);
        BufferedImage img = PngAssert.decodes(f, 640, 360);
        assertTrue(PngAssert.pixelsNear(img, LinePlot.PALETTE[0], 10) > 30);
    }

    @Test
    void singlePointAllNaNAndEmptyStillRender() throws IOException {
        Path one = dir.resolve("one.png");
        new LinePlot("one", "epoch", "acc").series("a", new double[] {1}, new double[] {0.5}).writePng(one);
        BufferedImage img = PngAssert.decodes(one, 800, 500);
        assertTrue(PngAssert.pixelsNear(img, LinePlot.PALETTE[0], 10) > 10, "a lone point is drawn as a dot");

        Path nan = dir.resolve("nan.png");
        new LinePlot("nan", "epoch", "acc")
                .series("a", new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}).writePng(nan);
        PngAssert.decodes(nan, 800, 500);

        Path empty = dir.resolve("empty.png");
        new LinePlot("empty", "x", "y").writePng(empty);
        PngAssert.decodes(empty, 800, 500);
    }

    @Test
    void constantAndHugeValuesDoNotBreakTheAxes() throws IOException {
        Path f = dir.resolve("c.png");
        new LinePlot("c", "x", "y")
                .series("flat", new double[] {5, 5}, new double[] {3, 3})
                .series("big", new double[] {5, 6}, new double[] {1e9, 2e9})
                .writePng(f);
        PngAssert.decodes(f, 800, 500);
        Path absurd = dir.resolve("absurd.png");
        new LinePlot("absurd", "x", "y")
                .series("s", new double[] {0, 1, 2}, new double[] {-1e308, 1e308, Double.POSITIVE_INFINITY})
                .writePng(absurd);
        PngAssert.decodes(absurd, 800, 500);
    }

    @Test
    void rejectsBadInput() {
        LinePlot p = new LinePlot("t", "x", "y");
        assertThrows(IllegalArgumentException.class, () -> p.series("s", new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> p.size(100, 100));
    }
}
