package dev.hsresnet.train.report;

import dev.hsresnet.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (actual class, predicted class) pairs from an evaluation, with CSV and PNG forms.
 * Rows are actual classes and columns predicted ones. Not thread-safe; {@link #merge} combines the
 * matrices of parallel workers.
 */
public final class ConfusionMatrix {
    /** Above this many classes the heatmap has no numbers in its cells. */
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
     * Writes the heatmap PNG atomically.
     *
     * @param file target file
     * @throws IOException if it cannot be written
     */
    public void writePng(Path file) throws IOException {
        AtomicFiles.write(file, LinePlot.png(render()));
    }

    // ---------------------------------------------------------------- rendering

    private static final Color INK = new Color(0x222222);
    private static final Color AXIS = new Color(0x555555);
    private static final Color NO_SUPPORT = new Color(0xeeeeee);
    /** Sequential white-to-navy color stops. */
    private static final Color[] RAMP = {
        new Color(0xf7fbff), new Color(0xc6dbef), new Color(0x6baed6), new Color(0x2171b5), new Color(0x08306b),
    };

    /** Color of a row-normalized value in [0, 1]. */
    static Color ramp(double f) {
        double x = Math.max(0, Math.min(1, f)) * (RAMP.length - 1);
        int i = Math.min(RAMP.length - 2, (int) Math.floor(x));
        double t = x - i;
        Color a = RAMP[i];
        Color b = RAMP[i + 1];
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static int cellSize(int n) {
        if (n <= 10) {
            return 56;
        }
        if (n <= 20) {
            return 40;
        }
        if (n <= MAX_CLASSES_WITH_CELL_TEXT) {
            return 30;
        }
        return Math.max(1, Math.min(24, 1000 / n));
    }

    /** Above this many classes {@link #render()} refuses: the image would be too large to be useful. */
    public static final int MAX_CLASSES_IN_PNG = 4096;

    /**
     * Draws the heatmap: rows = actual class, columns = predicted class, color = count divided by
     * the row's total, the count printed in each cell up to {@link #MAX_CLASSES_WITH_CELL_TEXT}
     * classes; rows of unseen classes are gray. With many classes only every k-th class is named.
     *
     * @return the image, sized to fit the classes
     */
    public BufferedImage render() {
        int n = counts.length;
        if (n > MAX_CLASSES_IN_PNG) {
            throw new IllegalStateException(n + " classes are too many for a heatmap (at most "
                    + MAX_CLASSES_IN_PNG + "); use the CSV forms");
        }
        int cell = cellSize(n);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 17);
        Font axisFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Font classFont = new Font(Font.SANS_SERIF, Font.PLAIN, n <= 20 ? 13 : 11);
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

        // Measure with a scratch graphics context (fonts metrics need one).
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        LinePlot.setQuality(sg);
        FontMetrics tfm = sg.getFontMetrics(titleFont);
        FontMetrics afm = sg.getFontMetrics(axisFont);
        FontMetrics cfm = sg.getFontMetrics(classFont);
        FontMetrics kfm = sg.getFontMetrics(tickFont);
        String[] names = new String[n];
        int nameW = 0;
        for (int i = 0; i < n; i++) {
            names[i] = LinePlot.fit(classes.get(i), cfm, 160);
            nameW = Math.max(nameW, cfm.stringWidth(names[i]));
        }
        int labelEvery = Math.max(1, (int) Math.ceil((double) cfm.getHeight() / cell));
        boolean verticalX = nameW > cell - 6;
        Font cellFont = cellFont(sg, cell);
        sg.dispose();

        int pad = 16;
        int gap = 8;
        int grid = n * cell;
        int top = pad + tfm.getHeight() + gap + afm.getHeight() + gap;
        int left = pad + afm.getHeight() + gap + nameW + gap;
        int xLabelsH = verticalX ? nameW : cfm.getHeight();
        int bottom = gap + xLabelsH + pad;
        int barW = 16;
        int right = 24 + barW + 6 + kfm.stringWidth("0.75") + pad;
        String title = String.format(Locale.ROOT, "Confusion matrix: top-1 %.2f%%, %d samples",
                100 * (Double.isNaN(top1()) ? 0 : top1()), total());
        int width = Math.max(left + grid + right, tfm.stringWidth(title) + 2 * pad);
        int height = top + grid + bottom;
        int gx = left;
        int gy = top;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            LinePlot.setQuality(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);

            // Title and axis titles.
            g.setColor(INK);
            g.setFont(titleFont);
            g.drawString(title, (float) ((width - tfm.stringWidth(title)) / 2.0), pad + tfm.getAscent());
            g.setFont(axisFont);
            String pred = "predicted";
            g.drawString(pred, (float) (gx + grid / 2.0 - afm.stringWidth(pred) / 2.0),
                    pad + tfm.getHeight() + gap + afm.getAscent());
            String act = "actual";
            AffineTransform saved = g.getTransform();
            g.translate(pad + afm.getAscent(), gy + grid / 2.0 + afm.stringWidth(act) / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(act, 0f, 0f);
            g.setTransform(saved);

            // Cells.
            FontMetrics cellFm = cellFont == null ? null : g.getFontMetrics(cellFont);
            for (int a = 0; a < n; a++) {
                long support = support(a);
                for (int p = 0; p < n; p++) {
                    double f = support == 0 ? Double.NaN : (double) counts[a][p] / support;
                    Color c = support == 0 ? NO_SUPPORT : ramp(f);
                    g.setColor(c);
                    g.fillRect(gx + p * cell, gy + a * cell, cell, cell);
                    if (cellFm != null) {
                        String s = Long.toString(counts[a][p]);
                        g.setFont(cellFont);
                        g.setColor(counts[a][p] == 0 ? new Color(0xb0b0b0)
                                : f > 0.5 ? Color.WHITE : INK);
                        g.drawString(s, (float) (gx + p * cell + (cell - cellFm.stringWidth(s)) / 2.0),
                                (float) (gy + a * cell + (cell + cellFm.getAscent() - cellFm.getDescent()) / 2.0));
                    }
                }
            }
            if (cell >= 6) {
                g.setColor(new Color(255, 255, 255, 160));
                g.setStroke(new BasicStroke(1f));
                for (int i = 1; i < n; i++) {
                    g.draw(new Line2D.Double(gx + i * cell, gy, gx + i * cell, gy + grid));
                    g.draw(new Line2D.Double(gx, gy + i * cell, gx + grid, gy + i * cell));
                }
            }
            g.setColor(AXIS);
            g.setStroke(new BasicStroke(1f));
            g.draw(new Rectangle2D.Double(gx, gy, grid, grid));

            // Class names: rows on the left, columns under the grid.
            g.setFont(classFont);
            g.setColor(INK);
            for (int i = 0; i < n; i += labelEvery) {
                double cy = gy + i * cell + cell / 2.0;
                g.drawString(names[i], (float) (gx - gap - cfm.stringWidth(names[i])),
                        (float) (cy + (cfm.getAscent() - cfm.getDescent()) / 2.0));
                double cx = gx + i * cell + cell / 2.0;
                if (verticalX) {
                    AffineTransform t = g.getTransform();
                    g.translate(cx + (cfm.getAscent() - cfm.getDescent()) / 2.0,
                            gy + grid + gap + cfm.stringWidth(names[i]));
                    g.rotate(-Math.PI / 2);
                    g.drawString(names[i], 0f, 0f);
                    g.setTransform(t);
                } else {
                    g.drawString(names[i], (float) (cx - cfm.stringWidth(names[i]) / 2.0),
                            (float) (gy + grid + gap + cfm.getAscent()));
                }
            }

            // Color bar for the row fraction.
            int bx = gx + grid + 24;
            int barH = Math.max(60, Math.min(grid, 400));
            int by = gy + (grid - barH) / 2;
            for (int y = 0; y < barH; y++) {
                g.setColor(ramp(1 - (double) y / (barH - 1)));
                g.fillRect(bx, by + y, barW, 1);
            }
            g.setColor(AXIS);
            g.draw(new Rectangle2D.Double(bx, by, barW, barH));
            g.setFont(tickFont);
            String[] ticks = {"0", "0.25", "0.5", "0.75", "1"};
            for (int i = 0; i < ticks.length; i++) {
                double ty = by + barH - barH * i / 4.0;
                g.setColor(AXIS);
                g.draw(new Line2D.Double(bx + barW, ty, bx + barW + 4, ty));
                g.setColor(INK);
                g.drawString(ticks[i], bx + barW + 6, (float) (ty + (kfm.getAscent() - kfm.getDescent()) / 2.0));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Largest font (9..15 px) in which every count fits its cell, or null when none does. */
    private Font cellFont(Graphics2D g, int cell) {
        if (counts.length > MAX_CLASSES_WITH_CELL_TEXT) {
            return null;
        }
        long max = 0;
        for (long[] row : counts) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        String widest = Long.toString(max);
        for (int size = Math.min(15, cell / 2); size >= 9; size--) {
            Font f = new Font(Font.SANS_SERIF, Font.PLAIN, size);
            if (g.getFontMetrics(f).stringWidth(widest) <= cell - 4) {
                return f;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ConfusionMatrix[" + classes.size() + " classes, " + total() + " samples, top1=" + top1() + "]";
    }
}
