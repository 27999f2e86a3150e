package dev.hsresnet.train.report;

import dev.hsresnet.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Draws an XChart chart to an image or, atomically, to a PNG file. */
final class ChartPng {
    private ChartPng() {
    }

    /**
     * @param chart a configured chart
     * @return an RGB image of the chart's size
     * @throws NoFontsException when the JVM has no font to draw text with
     */
    static BufferedImage render(Chart<?, ?> chart) throws NoFontsException {
        ChartFonts.requireUsable();
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Writes the chart as PNG through a temporary file renamed over {@code file}.
     *
     * @param chart a configured chart
     * @param file target; its parent directories are created
     * @throws NoFontsException when the JVM has no font to draw text with (nothing is written)
     * @throws IOException if the file cannot be written
     */
    static void write(Chart<?, ?> chart, Path file) throws IOException {
        ChartFonts.requireUsable();
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
