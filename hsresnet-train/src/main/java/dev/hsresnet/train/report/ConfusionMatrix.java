package dev.hsresnet.train.report;

import dev.hsresnet.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Counts of (actual class, predicted class) pairs from an evaluation, with CSV and PNG forms.
 * Rows are actual classes and columns predicted ones. Not thread-safe; {@link #merge} combines the
 * matrices of parallel workers.
 */
public final class ConfusionMatrix implements java.io.Serializable {

    private static final long serialVersionUID = 1L;
    /** Above this many classes the heat map has no numbers in its cells. */
    public static final int MAX_CLASSES_WITH_CELL_TEXT = 30;

    private final List<String> classes;
    private final long[][] counts;

    /**
     * @param classes class names, index = label id
     */
    public ConfusionMatrix(List<String> classes) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class");
        }
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /** @return the class names */
    public List<String> classes() {
        return classes;
    }

    /** @return number of classes */
    public int size() {
        return classes.size();
    }

    /**
     * Records one prediction.
     *
     * @param actual true label id
     * @param predicted predicted label id
     */
    public void add(int actual, int predicted) {
        check(actual, "actual");
        check(predicted, "predicted");
        counts[actual][predicted]++;
    }

    /**
     * Records a batch of predictions.
     *
     * @param actual true label ids
     * @param predicted predicted label ids, same length
     */
    public void addAll(int[] actual, int[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(actual.length + " actual labels but " + predicted.length + " predictions");
        }
        for (int i = 0; i < actual.length; i++) {
            add(actual[i], predicted[i]);
        }
    }

    /**
     * Adds another matrix's counts to this one.
     *
     * @param other a matrix over the same classes
     */
    public void merge(ConfusionMatrix other) {
        if (!other.classes.equals(classes)) {
            throw new IllegalArgumentException("cannot merge confusion matrices over different classes");
        }
        for (int a = 0; a < counts.length; a++) {
            for (int p = 0; p < counts.length; p++) {
                counts[a][p] += other.counts[a][p];
            }
        }
    }

    private void check(int label, String what) {
        if (label < 0 || label >= counts.length) {
            throw new IndexOutOfBoundsException(what + " label " + label + " is outside 0.." + (counts.length - 1));
        }
    }

    /** @return how often {@code actual} was predicted as {@code predicted} */
    public long count(int actual, int predicted) {
        check(actual, "actual");
        check(predicted, "predicted");
        return counts[actual][predicted];
    }

    /** @return a copy of the counts, [actual][predicted] */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** @return samples of class {@code actual} seen */
    public long support(int actual) {
        check(actual, "actual");
        long s = 0;
        for (long c : counts[actual]) {
            s += c;
        }
        return s;
    }

    /** @return all samples recorded */
    public long total() {
        long s = 0;
        for (int a = 0; a < counts.length; a++) {
            s += support(a);
        }
        return s;
    }

    /** @return samples predicted correctly (the diagonal) */
    public long correct() {
        long s = 0;
        for (int a = 0; a < counts.length; a++) {
            s += counts[a][a];
        }
        return s;
    }

    /** @return per actual class, the fraction predicted correctly (recall); NaN for a class never seen */
    public double[] perClassAccuracy() {
        double[] acc = new double[counts.length];
        for (int a = 0; a < counts.length; a++) {
            long s = support(a);
            acc[a] = s == 0 ? Double.NaN : (double) counts[a][a] / s;
        }
        return acc;
    }

    /** @return overall top-1 accuracy; NaN when empty */
    public double top1() {
        long t = total();
        return t == 0 ? Double.NaN : (double) correct() / t;
    }

    /** @return the matrix as CSV: header {@code actual\predicted,<classes>}, then one row per actual class */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append("actual\\predicted");
        for (String c : classes) {
            sb.append(',').append(Csv.field(c));
        }
        sb.append('\n');
        for (int a = 0; a < counts.length; a++) {
            sb.append(Csv.field(classes.get(a)));
            for (long c : counts[a]) {
                sb.append(',').append(c);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #toCsv()} atomically.
     *
     * @param file target file
     * @throws IOException if it cannot be written
     */
    public void writeCsv(Path file) throws IOException {
        AtomicFiles.write(file, toCsv().getBytes(StandardCharsets.UTF_8));
    }

    /** @return per-class CSV: {@code class,support,correct,accuracy} (accuracy empty for an unseen class) */
    public String toPerClassCsv() {
        StringBuilder sb = new StringBuilder("class,support,correct,accuracy\n");
        double[] acc = perClassAccuracy();
        for (int a = 0; a < counts.length; a++) {
            sb.append(Csv.field(classes.get(a))).append(',').append(support(a)).append(',')
                    .append(counts[a][a]).append(',').append(Csv.number(acc[a])).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #toPerClassCsv()} atomically.
     *
     * @param file target file
     * @throws IOException if it cannot be written
     */
    public void perClassCsv(Path file) throws IOException {
        AtomicFiles.write(file, toPerClassCsv().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the heat map ({@link #render()}) as PNG, atomically. On a JVM without any font
     * nothing is written and a warning is logged (once): a run does not stop for its picture.
     *
     * @param file target file
     * @return true when written, false when skipped for lack of a font
     * @throws IOException if it cannot be written
     */
    public boolean writePng(Path file) throws IOException {
        checkDrawable();
        return Charts.writeOrWarn(ConfusionHeatMap.chart(this), file);
    }

    /** Above this many classes {@link #render()} refuses: the image would be too large to be useful. */
    public static final int MAX_CLASSES_IN_PNG = 4096;

    /**
     * Draws the heat map (XChart): rows = actual class, first at the top; columns = predicted
     * class; colour = count divided by the row's total (white to blue, colour bar on the right).
     * Up to {@link #MAX_CLASSES_WITH_CELL_TEXT} classes each cell prints that share in percent
     * (the counts are in {@link #toCsv()}) and rows of unseen classes are gray; above that only
     * non-zero cells are coloured and only every k-th class is named.
     *
     * @return the image, sized to fit the classes (cells of 56 px up to 10 classes, down to 1 px)
     * @throws NoFontsException when the JVM has no font to draw text with
     * @throws IllegalStateException above {@link #MAX_CLASSES_IN_PNG} classes
     */
    public BufferedImage render() throws NoFontsException {
        checkDrawable();
        return ChartPng.render(ConfusionHeatMap.chart(this));
    }

    private void checkDrawable() {
        if (counts.length > MAX_CLASSES_IN_PNG) {
            throw new IllegalStateException(counts.length + " classes are too many for a heatmap (at most "
                    + MAX_CLASSES_IN_PNG + "); use the CSV forms");
        }
    }

    @Override
    public String toString() {
        return "ConfusionMatrix[" + classes.size() + " classes, " + total() + " samples, top1=" + top1() + "]";
    }
}
