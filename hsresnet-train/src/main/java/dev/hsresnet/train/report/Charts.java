package dev.hsresnet.train.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.knowm.xchart.internal.chartpart.Chart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-call report charts for a run directory: curves of any named per-epoch metrics, and the
 * per-class IoU of a split as bars. Each PNG is written atomically (temporary file, then rename).
 *
 * <p>Like {@link Plots} and {@link ConfusionMatrix#writePng}, these are a run's optional
 * pictures: on a JVM that has no font at all they write nothing, log one warning (the first time)
 * naming the fix, and return {@code false}, so that training does not stop for a chart. The
 * builders underneath ({@link LineChart}, {@link BarChart}) throw {@link NoFontsException}
 * instead.
 *
 * <pre>{@code
 * Charts.epochCurves(run.resolve("seg-loss.png"), "Loss", "cross-entropy loss", epochs,
 *         List.of(new Charts.Curve("train", trainLoss), new Charts.Curve("val", valLoss)));
 * Charts.perClassIou(run.resolve("iou.png"), "val", classes, metrics.classIou());
 * }</pre>
 */
public final class Charts {
    private static final Logger LOG = LoggerFactory.getLogger(Charts.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private Charts() {
    }

    /**
     * One named per-epoch series.
     *
     * @param name legend text, not blank, unique within a chart
     * @param values one value per epoch, in the order of the epochs given with it; NaN marks an
     *     epoch where the metric was not measured (the line breaks there)
     */
    public record Curve(String name, double[] values) {
        /** Checks the fields are present. */
        public Curve {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * Draws curves against epochs ({@link LineChart}, 800x500, a colour per curve in order,
     * whole-number epoch ticks) and writes the PNG atomically.
     *
     * @param file target PNG; missing parent directories are created
     * @param title text above the chart
     * @param yLabel the value axis, with its unit (e.g. "mIoU (%)", "cross-entropy loss")
     * @param epochs the x values, 1-based epoch numbers, strictly increasing
     * @param curves the series; each has {@code epochs.length} values
     * @return true when written, false when skipped because the JVM has no font
     * @throws IllegalArgumentException if the epochs do not increase or a curve's length differs
     *     (naming the curve), or names repeat
     * @throws IOException if the file cannot be written
     */
    public static boolean epochCurves(Path file, String title, String yLabel, int[] epochs, List<Curve> curves)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(epochs, "epochs");
        Objects.requireNonNull(curves, "curves");
        double[] x = new double[epochs.length];
        for (int i = 0; i < epochs.length; i++) {
            if (i > 0 && epochs[i] <= epochs[i - 1]) {
                throw new IllegalArgumentException("epochs must increase: epochs[" + i + "] = " + epochs[i]
                        + " follows " + epochs[i - 1]);
            }
            x[i] = epochs[i];
        }
        LineChart chart = new LineChart(title, "epoch", yLabel);
        for (Curve c : curves) {
            if (c.values().length != epochs.length) {
                throw new IllegalArgumentException("curve '" + c.name() + "' has " + c.values().length
                        + " values for " + epochs.length + " epochs");
            }
            chart.series(c.name(), x, c.values());
        }
        return writeOrWarn(chart.toXChart(), file);
    }

    /**
     * Draws the IoU of each class as bars in percent (0-100), each value printed above its bar,
     * the mean IoU as a dashed line and in the title ("mean IoU 56.3% over 10 of 11 classes"),
     * and writes the PNG atomically. A class whose IoU is NaN (absent from both the split's
     * labels and the predictions, {@code SegmentationMetrics.classIou()}) has no bar, is marked
     * {@value BarChart#MISSING_MARK} and is left out of the mean, as mIoU leaves it out.
     *
     * @param file target PNG; missing parent directories are created
     * @param split the split's name for the title, e.g. "val"
     * @param classes class names, index = class id
     * @param iou IoU per class as a fraction in [0, 1], or NaN
     * @return true when written, false when skipped because the JVM has no font
     * @throws IllegalArgumentException if the counts differ or a finite IoU is outside [0, 1]
     *     (naming the class)
     * @throws IOException if the file cannot be written
     */
    public static boolean perClassIou(Path file, String split, List<String> classes, double[] iou)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(iou, "iou");
        if (classes.size() != iou.length) {
            throw new IllegalArgumentException(classes.size() + " class names but " + iou.length + " IoU values");
        }
        double[] percent = new double[iou.length];
        int present = 0;
        double sum = 0;
        for (int c = 0; c < iou.length; c++) {
            double v = iou[c];
            if (Double.isNaN(v)) {
                percent[c] = Double.NaN;
                continue;
            }
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("IoU of class '" + classes.get(c) + "' is " + v
                        + ", expected a fraction in [0, 1] or NaN");
            }
            percent[c] = 100 * v;
            sum += percent[c];
            present++;
        }
        String title = present == 0
                ? String.format(Locale.ROOT, "IoU per class, %s: no class present", split)
                : String.format(Locale.ROOT, "IoU per class, %s: mean IoU %.1f%% over %d of %d classes",
                        split, sum / present, present, iou.length);
        BarChart bars = new BarChart(title, "class", "IoU (%)", classes, percent)
                .yRange(0, 100).meanLine(true).valueLabels("0.0");
        return writeOrWarn(bars.toXChart(), file);
    }

    /**
     * Draws curves over a shared x axis (e.g. precision against recall) and writes the PNG
     * atomically; a negative value (undefined, as COCO's -1) leaves a gap.
     *
     * @param file target PNG; missing parent directories are created
     * @param title the title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param x the x values, shared by every curve
     * @param curves the curves, each as long as {@code x}
     * @return true when written, false when skipped because the JVM has no font
     * @throws IllegalArgumentException if a curve's length differs (naming the curve)
     * @throws IOException if the file cannot be written
     */
    public static boolean xyCurves(Path file, String title, String xLabel, String yLabel,
            double[] x, List<Curve> curves) throws IOException {
        LineChart chart = new LineChart(title, xLabel, yLabel);
        for (Curve c : curves) {
            if (c.values().length != x.length) {
                throw new IllegalArgumentException("curve '" + c.name() + "' has "
                        + c.values().length + " values for " + x.length + " points");
            }
            double[] y = c.values().clone();
            for (int i = 0; i < y.length; i++) {
                if (y[i] < 0) {
                    y[i] = Double.NaN;
                }
            }
            chart.series(c.name(), x, y);
        }
        return writeOrWarn(chart.toXChart(), file);
    }

    /**
     * Writes a report chart, or warns (once per JVM, at debug level afterwards) and skips it
     * when the JVM has no font.
     *
     * @return whether the file was written
     */
    static boolean writeOrWarn(Chart<?, ?> chart, Path file) throws IOException {
        try {
            ChartPng.write(chart, file);
            return true;
        } catch (NoFontsException e) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("{} not written, and no other chart will be: {}", file, e.getMessage());
            } else {
                LOG.debug("{} not written: no usable font", file);
            }
            return false;
        }
    }
}
