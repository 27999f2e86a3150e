package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    static final List<String> CAMVID = List.of("Sky", "Building", "Pole", "Road", "Pavement", "Tree",
            "SignSymbol", "Fence", "Car", "Pedestrian", "Bicyclist");

    @Test
    void epochCurvesDrawEveryNamedSeriesInItsOwnColour() throws IOException {
        int[] epochs = {1, 2, 3, 4, 5, 6};
        Path f = dir.resolve("run/seg-loss.png");
        assertTrue(Charts.epochCurves(f, "Loss", "cross-entropy loss", epochs, List.of(
                new Charts.Curve("train loss", new double[] {1.9, 1.2, 0.9, 0.8, 0.7, 0.65}),
                new Charts.Curve("val loss", new double[] {2.0, 1.5, Double.NaN, 1.1, 1.0, 1.0}),
                new Charts.Curve("val mIoU", new double[] {0.1, 0.2, 0.3, 0.35, 0.4, 0.42}))));
        BufferedImage img = PngAssert.decodes(f, 800, 500);
        for (int i = 0; i < 3; i++) {
            assertTrue(PngAssert.pixelsNear(img, LineChart.COLORS.get(i), 10) > 80, "curve " + i + " drawn");
        }
        PngAssert.noTemporaryFiles(f.getParent());
    }

    @Test
    void epochCurvesCheckTheirInput() {
        Path f = dir.resolve("x.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charts.epochCurves(f,
                "t", "y", new int[] {1, 2}, List.of(new Charts.Curve("val mIoU", new double[3]))));
        assertTrue(e.getMessage().contains("'val mIoU' has 3 values for 2 epochs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Charts.epochCurves(f, "t", "y",
                new int[] {1, 3, 3}, List.of()));
        assertTrue(e.getMessage().contains("epochs[2] = 3 follows 3"), e.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void perClassIouDrawsPresentClassesOnly() throws IOException {
        double[] iou = new double[CAMVID.size()];
        for (int c = 0; c < iou.length; c++) {
            iou[c] = (c + 1) / 12.0;
        }
        iou[10] = Double.NaN; // no Bicyclist in this split
        iou[2] = 0; // Pole present, never right
        Path f = dir.resolve("iou.png");
        assertTrue(Charts.perClassIou(f, "val", CAMVID, iou));
        BufferedImage img = PngAssert.decodes(f, 800, 500);
        List<Bars.Bar> bars = Bars.find(img, BarChart.DEFAULT_COLOR, 3);
        assertEquals(9, bars.size(), "bars for the 9 classes with IoU > 0: " + bars);
        // heights grow with the class index; the tallest (Pedestrian, 10/12) is the last bar
        Bars.Bar sky = bars.get(0);
        Bars.Bar pedestrian = bars.get(bars.size() - 1);
        assertEquals(10.0, (double) pedestrian.height() / sky.height(), 1.0, bars.toString());
        assertTrue(PngAssert.pixelsNear(img, BarChart.MEAN_COLOR, 10) > 100, "mean line drawn");
    }

    @Test
    void perClassIouWithNoClassPresentStillWrites() throws IOException {
        double[] iou = new double[3];
        java.util.Arrays.fill(iou, Double.NaN);
        Path f = dir.resolve("none.png");
        assertTrue(Charts.perClassIou(f, "test", List.of("a", "b", "c"), iou));
        assertEquals(0, Bars.find(PngAssert.decodes(f, 800, 500), BarChart.DEFAULT_COLOR, 3).size());
    }

    @Test
    void perClassIouRejectsPercentagesAndMismatches() {
        Path f = dir.resolve("bad.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.perClassIou(f, "val", List.of("Sky", "Road"), new double[] {0.5, 56.3}));
        assertTrue(e.getMessage().contains("'Road' is 56.3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Charts.perClassIou(f, "val", List.of("Sky"), new double[] {0.5, 0.2}));
        assertTrue(e.getMessage().contains("1 class names but 2 IoU values"), e.getMessage());
        assertFalse(Files.exists(f));
    }
}
