package dev.hsresnet.train.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart (XChart, drawn headless to PNG): title, axis titles, grid, one colour per series,
 * a legend under the plot for two or more series.
 *
 * <p>A NaN or infinite y is a missing point: the line breaks there. Up to {@value #MARKER_LIMIT}
 * points a series also gets a dot at every point; above that a point with no neighbour still gets
 * one. Series with no finite point are left out (of the legend too); with none left the chart
 * says "no data". When every x is a whole number (epochs) only whole numbers are labelled on the
 * x axis.
 *
 * <pre>{@code
 * new LineChart("Loss", "epoch", "loss")
 *     .series("train", epochs, trainLoss)
 *     .series("val", epochs, valLoss)
 *     .writePng(dir.resolve("loss.png"));
 * }</pre>
 */
public final class LineChart {
    /** Default image width in pixels. */
    public static final int DEFAULT_WIDTH = 800;
    /** Default image height in pixels. */
    public static final int DEFAULT_HEIGHT = 500;
    /** Smallest width in pixels. */
    public static final int MIN_WIDTH = 240;
    /** Smallest height in pixels. */
    public static final int MIN_HEIGHT = 180;
    /** Series colours in order of addition: blue, orange, green, red, purple, brown, pink, gray, olive, cyan. */
    public static final List<Color> COLORS = ChartStyle.PALETTE;
    /** Most points of a series drawn with a dot at each. */
    public static final int MARKER_LIMIT = 60;

    private record Series(String name, double[] x, double[] y, Color color) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;

    /**
     * @param title text above the chart
     * @param xLabel text under the x axis
     * @param yLabel text beside the y axis
     */
    public LineChart(String title, String xLabel, String yLabel) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
    }

    /**
     * Sets the image size.
     *
     * @param width pixels, at least {@value #MIN_WIDTH}
     * @param height pixels, at least {@value #MIN_HEIGHT}
     * @return this
     */
    public LineChart size(int width, int height) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            throw new IllegalArgumentException("chart size must be at least " + MIN_WIDTH + "x" + MIN_HEIGHT
                    + ", got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /**
     * Adds a series in the next colour of {@link #COLORS}; the arrays are copied.
     *
     * @param name legend text, unique within the chart, not blank
     * @param x x values, finite
     * @param y y values, same length as x; NaN (or infinity) marks a missing point
     * @return this
     */
    public LineChart series(String name, double[] x, double[] y) {
        return series(name, x, y, COLORS.get(series.size() % COLORS.size()));
    }

    /**
     * Adds a series in a chosen colour (to keep a metric's colour the same across charts); the
     * arrays are copied.
     *
     * @param name legend text, unique within the chart, not blank
     * @param x x values, finite
     * @param y y values, same length as x; NaN (or infinity) marks a missing point
     * @param color line colour
     * @return this
     * @throws IllegalArgumentException for a blank or repeated name, arrays of different lengths,
     *     or a non-finite x (naming the series and the index)
     */
    public LineChart series(String name, double[] x, double[] y, Color color) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(color, "color");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a series name must not be blank");
        }
        if (names.contains(name)) {
            throw new IllegalArgumentException("series '" + name + "' is already in chart '" + title + "'");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but "
                    + y.length + " y values");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("series '" + name + "': x[" + i + "] is " + x[i]
                        + ", x values must be finite");
            }
        }
        double[] ys = y.clone();
        for (int i = 0; i < ys.length; i++) {
            if (!Double.isFinite(ys[i])) {
                ys[i] = Double.NaN; // XChart breaks lines at NaN and refuses infinities
            }
        }
        names.add(name);
        series.add(new Series(name, x.clone(), ys, color));
        return this;
    }

    /** @return the image width in pixels */
    public int width() {
        return width;
    }

    /** @return the image height in pixels */
    public int height() {
        return height;
    }

    /**
     * Draws the chart.
     *
     * @return an RGB image of the configured size
     * @throws NoFontsException when the JVM has no font to draw text with
     */
    public BufferedImage render() throws NoFontsException {
        return ChartPng.render(toXChart());
    }

    /**
     * Draws the chart and writes it as PNG, atomically (temporary file, then rename).
     *
     * @param file target file; missing parent directories are created
     * @throws NoFontsException when the JVM has no font to draw text with (nothing is written)
     * @throws IOException if it cannot be written
     */
    public void writePng(Path file) throws IOException {
        ChartPng.write(toXChart(), file);
    }

    /** Builds the XChart chart. */
    XYChart toXChart() {
        float k = ChartStyle.scale(width, height);
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler s = chart.getStyler();
        ChartStyle.apply(s, k);
        s.setLegendPosition(LegendPosition.OutsideS);
        s.setLegendLayout(LegendLayout.Horizontal);
        s.setMarkerSize(Math.round(6 * k));

        List<Series> shown = series.stream().filter(LineChart::hasPoints).toList();
        s.setLegendVisible(shown.size() >= 2);
        if (shown.isEmpty()) {
            s.setXAxisMin(0.0);
            s.setXAxisMax(1.0);
            s.setYAxisMin(0.0);
            s.setYAxisMax(1.0);
            chart.addAnnotation(new AnnotationText("no data", 0.5, 0.5, false));
            return chart;
        }
        if (allWholeX(shown)) {
            s.setxAxisTickLabelsFormattingFunction(LineChart::wholeNumberLabel);
        }
        for (Series d : shown) {
            XYSeries xs = chart.addSeries(d.name, d.x, d.y);
            xs.setLineColor(d.color);
            xs.setMarkerColor(d.color);
            xs.setLineWidth(2.2f * k);
            int points = finitePoints(d);
            xs.setMarker(points <= MARKER_LIMIT ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (points > MARKER_LIMIT) {
                addIsolatedPoints(chart, d);
            }
        }
        return chart;
    }

    /** Dots for the points of a dense series that have no neighbour to draw a line to. */
    private static void addIsolatedPoints(XYChart chart, Series d) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int n = d.y.length;
        for (int i = 0; i < n; i++) {
            boolean alone = !Double.isNaN(d.y[i]) && (i == 0 || Double.isNaN(d.y[i - 1]))
                    && (i == n - 1 || Double.isNaN(d.y[i + 1]));
            if (alone) {
                xs.add(d.x[i]);
                ys.add(d.y[i]);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries dots = chart.addSeries(d.name + " \u2022 isolated points", xs, ys);
        dots.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        dots.setMarker(SeriesMarkers.CIRCLE);
        dots.setMarkerColor(d.color);
        dots.setShowInLegend(false);
    }

    private static boolean hasPoints(Series d) {
        return finitePoints(d) > 0;
    }

    private static int finitePoints(Series d) {
        int n = 0;
        for (double v : d.y) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    private static boolean allWholeX(List<Series> shown) {
        for (Series d : shown) {
            for (double v : d.x) {
                if (v != Math.rint(v) || Math.abs(v) > 1e15) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The label of an x tick when x counts something: whole numbers only. */
    static String wholeNumberLabel(double v) {
        double r = Math.rint(v);
        return Math.abs(v - r) < 1e-9 * Math.max(1, Math.abs(v)) ? Long.toString((long) r) : " ";
    }
}
