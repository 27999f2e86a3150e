package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path dir;

    static MetricsLog run(int epochs, boolean ema, boolean mixup) {
        MetricsLog log = new MetricsLog();
        for (int e = 1; e <= epochs; e++) {
            double t = (double) e / epochs;
            double acc = 0.95 - 0.8 * Math.exp(-4 * t);
            log.add(new EpochMetrics(e, 100L * e, 2.3 * Math.exp(-3 * t), mixup ? Double.NaN : acc + 0.02,
                    2.3 * Math.exp(-2.5 * t) + 0.2, acc, Math.min(1, acc + 0.1),
                    0.05 * (1 + Math.cos(Math.PI * e / epochs)), 2000, 20, ema ? acc + 0.01 : Double.NaN));
        }
        return log;
    }

    @Test
    void writesTheThreeChartsAtDefaultSize() throws IOException {
        List<Path> files = Plots.writeAll(run(20, true, false), dir.resolve("plots"));
        assertEquals(List.of(dir.resolve("plots/loss.png"), dir.resolve("plots/accuracy.png"),
                dir.resolve("plots/lr.png")), files);
        for (Path f : files) {
            PngAssert.decodes(f, 800, 500);
        }
        PngAssert.noTemporaryFiles(dir.resolve("plots"));
    }

    @Test
    void accuracyChartShowsEmaAndTrainOnlyWhenMeasured() throws IOException {
        Path with = dir.resolve("with");
        Path without = dir.resolve("without");
        Plots.writeAll(run(12, true, false), with);
        Plots.writeAll(run(12, false, true), without);
        BufferedImage a = PngAssert.decodes(with.resolve(Plots.ACCURACY), 800, 500);
        BufferedImage b = PngAssert.decodes(without.resolve(Plots.ACCURACY), 800, 500);
        // Every metric keeps its color whatever else is drawn.
        for (Color c : new Color[] {Plots.TRAIN, Plots.VAL, Plots.VAL_TOP5, Plots.EMA}) {
            assertTrue(PngAssert.pixelsNear(a, c, 10) > 50, "series in " + c + " drawn");
        }
        // Mixup run without EMA: only val top-1 and val top-5.
        assertEquals(0, PngAssert.pixelsNear(b, Plots.TRAIN, 10), "no train top-1 under mixup");
        assertEquals(0, PngAssert.pixelsNear(b, Plots.EMA, 10), "no EMA series without EMA");
        assertTrue(PngAssert.pixelsNear(b, Plots.VAL, 10) > 50, "val top-1 drawn");
        assertTrue(PngAssert.pixelsNear(b, Plots.VAL_TOP5, 10) > 50, "val top-5 drawn");
    }

    @Test
    void emptyLogStillWritesReadableCharts() throws IOException {
        List<Path> files = Plots.writeAll(new MetricsLog(), dir);
        assertEquals(3, files.size());
        for (Path f : files) {
            BufferedImage img = PngAssert.decodes(f, 800, 500);
            for (Color c : new Color[] {Plots.TRAIN, Plots.VAL}) {
                assertEquals(0, PngAssert.pixelsNear(img, c, 10), "no series drawn without data");
            }
        }
    }

    @Test
    void lossCurvesFallLeftToRight() throws IOException {
        Plots.writeAll(run(30, false, false), dir);
        BufferedImage img = PngAssert.decodes(dir.resolve(Plots.LOSS), 800, 500);
        for (Color c : new Color[] {Plots.TRAIN, Plots.VAL}) {
            double left = PngAssert.meanRowNear(img, c, 10, 0, 300);
            double right = PngAssert.meanRowNear(img, c, 10, 500, 800);
            assertTrue(left < right - 50, c + ": high on the left (row " + left + "), low on the right (" + right + ")");
        }
    }
}
