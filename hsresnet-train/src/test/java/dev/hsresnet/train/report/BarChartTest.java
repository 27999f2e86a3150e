package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartTest {
    @TempDir
    Path dir;

    @Test
    void barsStandWhereTheirValuesSayAndAMissingValueLeavesItsSlotEmpty() throws IOException {
        Path f = dir.resolve("bars.png");
        BarChart chart = new BarChart("t", "class", "IoU (%)", List.of("Sky", "Pole", "Road", "Car"),
                new double[] {50, Double.NaN, 80, 20}).yRange(0, 100).meanLine(true).valueLabels("0.0");
        assertEquals(50, chart.mean(), 1e-12);
        chart.writePng(f);
        BufferedImage img = PngAssert.decodes(f, BarChart.DEFAULT_WIDTH, BarChart.DEFAULT_HEIGHT);
        PngAssert.noTemporaryFiles(dir);

        List<Bars.Bar> bars = Bars.find(img, BarChart.DEFAULT_COLOR, 5);
        assertEquals(3, bars.size(), "one bar per finite value: " + bars);
        Bars.Bar sky = bars.get(0);
        Bars.Bar road = bars.get(1);
        Bars.Bar car = bars.get(2);
        // same baseline, heights in proportion to the values
        assertTrue(Math.abs(sky.bottom() - car.bottom()) <= 1, bars.toString());
        assertEquals(80.0 / 20, (double) road.height() / car.height(), 0.25, bars.toString());
        assertEquals(50.0 / 20, (double) sky.height() / car.height(), 0.2, bars.toString());
        // Pole keeps its slot: Sky to Road spans two slots, Road to Car one
        assertEquals(2.0, (road.center() - sky.center()) / (car.center() - road.center()), 0.1, bars.toString());
        // the dashed mean line runs at the height of the 50% bar
        double meanRow = PngAssert.meanRowNear(img, BarChart.MEAN_COLOR, 10, 0, img.getWidth());
        assertEquals(sky.top(), meanRow, 4, "mean line row vs top of the 50 bar " + sky);
    }

    @Test
    void allMissingOrNegativeValuesStillRender() throws IOException {
        BufferedImage none = new BarChart("none", "class", "IoU (%)", List.of("a", "b"),
                new double[] {Double.NaN, Double.POSITIVE_INFINITY}).meanLine(true).render();
        assertEquals(0, Bars.find(none, BarChart.DEFAULT_COLOR, 5).size());
        assertEquals(0, PngAssert.pixelsNear(none, BarChart.MEAN_COLOR, 10), "no mean without values");

        Path f = dir.resolve("neg.png");
        new BarChart("neg", "class", "delta", List.of("a", "b", "c"), new double[] {-2, 3, 0}).size(400, 300)
                .writePng(f);
        BufferedImage img = PngAssert.decodes(f, 400, 300);
        assertEquals(2, Bars.find(img, BarChart.DEFAULT_COLOR, 3).size(), "a zero value has no visible bar");
    }

    @Test
    void manyLongNamesFit() throws IOException {
        List<String> names = new java.util.ArrayList<>();
        double[] v = new double[40];
        for (int i = 0; i < 40; i++) {
            names.add("a rather long class name number " + i);
            v[i] = i % 7 == 0 ? Double.NaN : i;
        }
        BufferedImage img = new BarChart("many", "class", "value", names, v).valueLabels("0").render();
        assertEquals(40 - 6, Bars.find(img, BarChart.DEFAULT_COLOR, 2).size());
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BarChart("t", "x", "y", List.of("a", "b"), new double[3]));
        assertTrue(e.getMessage().contains("2 categories but 3 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BarChart("t", "x", "y", List.of("a", "a"), new double[2]));
        assertTrue(e.getMessage().contains("'a' appears twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BarChart("t", "x", "y", List.of(), new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new BarChart("t", "x", "y", List.of(" "), new double[1]));
        BarChart b = new BarChart("t", "x", "y", List.of("a"), new double[1]);
        assertThrows(IllegalArgumentException.class, () -> b.yRange(1, 1));
        assertThrows(IllegalArgumentException.class, () -> b.yRange(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> b.valueLabels("0.0.0"));
        assertThrows(IllegalArgumentException.class, () -> b.size(100, 500));
    }
}
