package dev.hsresnet.train.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;

/**
 * A vertical bar chart of one value per category (per-class IoU, per-class accuracy), drawn with
 * XChart, headless, to PNG; optionally with the mean drawn as a dashed line and each value printed
 * at the top of its bar.
 *
 * <p>A NaN (or infinite) value is missing: its category keeps its place on the axis, has no bar,
 * and its name is marked {@value #MISSING_MARK}. The mean is over the finite values only. Long
 * names are shortened to {@value #MAX_NAME_CHARS} characters; the names are slanted when they
 * would not fit side by side.
 *
 * <pre>{@code
 * new BarChart("IoU per class (val)", "class", "IoU (%)", classes, iouPercent)
 *     .yRange(0, 100).meanLine(true).valueLabels("0.0")
 *     .writePng(dir.resolve("iou.png"));
 * }</pre>
 */
public final class BarChart {
    /** Default image width in pixels. */
    public static final int DEFAULT_WIDTH = 800;
    /** Default image height in pixels. */
    public static final int DEFAULT_HEIGHT = 500;
    /** Appended to the name of a category without a value. */
    public static final String MISSING_MARK = " (n/a)";
    /** Longest category name drawn in full. */
    public static final int MAX_NAME_CHARS = 24;
    /** Bar colour unless {@link #color} sets another. */
    public static final Color DEFAULT_COLOR = ChartStyle.PALETTE.get(0);
    /** Above this many categories {@link #valueLabels} formats the axis only: the bars are too narrow for text. */
    public static final int MAX_LABELLED_BARS = 20;
    /** Colour of the mean line. */
    public static final Color MEAN_COLOR = ChartStyle.PALETTE.get(3);

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> categories;
    private final double[] values;
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;
    private Color color = DEFAULT_COLOR;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;
    private boolean meanLine;
    private String valuePattern;

    /**
     * @param title text above the chart
     * @param xLabel text under the category names
     * @param yLabel text beside the value axis (name the unit, e.g. "IoU (%)")
     * @param categories category names in axis order, unique, at least one
     * @param values one value per category; NaN marks a missing value. The array is copied
     * @throws IllegalArgumentException if the counts differ, there is no category, or a name is
     *     blank or repeated
     */
    public BarChart(String title, String xLabel, String yLabel, List<String> categories, double[] values) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(values, "values");
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a bar chart needs at least one category");
        }
        if (categories.size() != values.length) {
            throw new IllegalArgumentException(categories.size() + " categories but " + values.length + " values");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < categories.size(); i++) {
            String c = Objects.requireNonNull(categories.get(i), "category " + i);
            if (c.isBlank()) {
                throw new IllegalArgumentException("category " + i + " has a blank name");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("category '" + c + "' appears twice");
            }
        }
        this.categories = List.copyOf(categories);
        this.values = values.clone();
    }

    /**
     * Sets the image size.
     *
     * @param width pixels, at least {@value LineChart#MIN_WIDTH}
     * @param height pixels, at least {@value LineChart#MIN_HEIGHT}
     * @return this
     */
    public BarChart size(int width, int height) {
        if (width < LineChart.MIN_WIDTH || height < LineChart.MIN_HEIGHT) {
            throw new IllegalArgumentException("chart size must be at least " + LineChart.MIN_WIDTH + "x"
                    + LineChart.MIN_HEIGHT + ", got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /**
     * @param c the bars' colour
     * @return this
     */
    public BarChart color(Color c) {
        this.color = Objects.requireNonNull(c, "color");
        return this;
    }

    /**
     * Fixes the value axis (otherwise it fits the values).
     *
     * @param min bottom of the axis
     * @param max top of the axis, above {@code min}
     * @return this
     */
    public BarChart yRange(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("y range must be finite with max > min, got [" + min + ", " + max + "]");
        }
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /**
     * @param on whether to draw the mean of the finite values as a dashed line in {@link #MEAN_COLOR}
     * @return this
     */
    public BarChart meanLine(boolean on) {
        this.meanLine = on;
        return this;
    }

    /**
     * Prints each value at the top of its bar (up to {@value #MAX_LABELLED_BARS} categories).
     *
     * @param decimalPattern a {@link java.text.DecimalFormat} pattern such as {@code "0.0"}; it
     *     formats the value axis too
     * @return this
     */
    public BarChart valueLabels(String decimalPattern) {
        new java.text.DecimalFormat(Objects.requireNonNull(decimalPattern, "decimalPattern")); // validates
        this.valuePattern = decimalPattern;
        return this;
    }

    /** @return the mean of the finite values, NaN when there is none */
    public double mean() {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
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
    CategoryChart toXChart() {
        float k = ChartStyle.scale(width, height);
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        CategoryStyler s = chart.getStyler();
        ChartStyle.apply(s, k);
        s.setLegendVisible(false);
        s.setPlotGridVerticalLinesVisible(false);
        s.setAvailableSpaceFill(0.7);
        s.setOverlapped(true);

        List<String> names = new ArrayList<>(categories.size());
        List<Double> ys = new ArrayList<>(values.length);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int longest = 0;
        for (int i = 0; i < values.length; i++) {
            boolean present = Double.isFinite(values[i]);
            String name = shorten(categories.get(i)) + (present ? "" : MISSING_MARK);
            longest = Math.max(longest, name.length());
            names.add(name);
            ys.add(present ? values[i] : null); // XChart leaves a null value's slot empty
            if (present) {
                lo = Math.min(lo, values[i]);
                hi = Math.max(hi, values[i]);
            }
        }
        if (!Double.isNaN(yMin)) {
            s.setYAxisMin(yMin);
            s.setYAxisMax(yMax);
        } else if (lo > hi) { // nothing to fit
            s.setYAxisMin(0.0);
            s.setYAxisMax(1.0);
        } else {
            s.setYAxisMin(Math.min(0, lo));
            s.setYAxisMax(hi > Math.min(0, lo) ? hi : Math.min(0, lo) + 1);
        }
        // names slant when they would not fit side by side (about 0.6 em per character)
        double slot = (width * 0.8) / names.size();
        double nameWidth = longest * 12 * k * 0.6;
        if (nameWidth > slot) {
            s.setXAxisLabelRotation(nameWidth * 0.7 > slot ? 90 : 45);
        }
        if (valuePattern != null) {
            s.setYAxisDecimalPattern(valuePattern);
            s.setLabelsVisible(names.size() <= MAX_LABELLED_BARS);
            s.setLabelsFont(ChartFonts.font(java.awt.Font.PLAIN, 11 * k));
        }
        CategorySeries bars = chart.addSeries(yLabel.isBlank() ? "values" : yLabel, names, ys);
        bars.setFillColor(color);
        bars.setLineColor(color);
        double m = mean();
        if (meanLine && !Double.isNaN(m)) {
            s.setAnnotationLineColor(MEAN_COLOR);
            s.setAnnotationLineStroke(new BasicStroke(2f * k, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f * k, 5f * k}, 0f));
            chart.addAnnotation(new AnnotationLine(m, false, false));
        }
        return chart;
    }

    private static String shorten(String name) {
        return name.length() <= MAX_NAME_CHARS ? name : name.substring(0, MAX_NAME_CHARS - 1) + "\u2026";
    }
}
