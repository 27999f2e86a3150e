package dev.hsresnet.train.report;

import dev.hsresnet.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A line chart rendered to PNG with Java2D (works headless): title, axis labels, 1-2-5 ticks, grid,
 * legend, one color per series, optional log-scale y.
 *
 * <p>NaN points are skipped and break the line there (so is y &lt;= 0 on a log axis); a point
 * with no neighbour is drawn as a dot. Series with no drawable point are left out of the legend.
 * The legend is drawn (for two or more series) in the corner of the plot that covers the fewest
 * data points.
 *
 * <pre>{@code
 * new LinePlot("Loss", "epoch", "loss")
 *     .series("train", epochs, trainLoss)
 *     .series("val", epochs, valLoss)
 *     .writePng(dir.resolve("loss.png"));
 * }</pre>
 */
public final class LinePlot {
    /** Default image width in pixels. */
    public static final int DEFAULT_WIDTH = 800;
    /** Default image height in pixels. */
    public static final int DEFAULT_HEIGHT = 500;

    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf),
    };

    /** Default series colors, in order of addition: blue, orange, green, red, purple, brown, pink, gray, olive, cyan. */
    public static final List<Color> COLORS = List.of(PALETTE);

    private static final Color INK = new Color(0x222222);
    private static final Color AXIS = new Color(0x555555);
    private static final Color GRID = new Color(0xe3e3e3);
    private static final Color MINOR_GRID = new Color(0xf1f1f1);

    private record Series(String name, double[] x, double[] y, Color color) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;
    private boolean logY;

    /**
     * @param title text above the chart
     * @param xLabel text under the x axis
     * @param yLabel text beside the y axis
     */
    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
    }

    /**
     * Sets the image size.
     *
     * @param width pixels, at least 240
     * @param height pixels, at least 180
     * @return this
     */
    public LinePlot size(int width, int height) {
        if (width < 240 || height < 180) {
            throw new IllegalArgumentException("plot size must be at least 240x180, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /**
     * Chooses a logarithmic y axis; points with y &lt;= 0 are then skipped.
     *
     * @param on whether y is log-scaled
     * @return this
     */
    public LinePlot logY(boolean on) {
        this.logY = on;
        return this;
    }

    /**
     * Adds a series; the arrays are copied.
     *
     * @param name legend text
     * @param x x values
     * @param y y values, same length as x; NaN marks a missing point
     * @return this
     */
    public LinePlot series(String name, double[] x, double[] y) {
        return series(name, x, y, PALETTE[series.size() % PALETTE.length]);
    }

    /**
     * Adds a series in a chosen color (to keep a metric's color the same across charts); the
     * arrays are copied.
     *
     * @param name legend text
     * @param x x values
     * @param y y values, same length as x; NaN marks a missing point
     * @param color line color
     * @return this
     */
    public LinePlot series(String name, double[] x, double[] y, Color color) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(color, "color");
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but "
                    + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone(), color));
        return this;
    }

    private boolean drawable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logY || y > 0);
    }

    private boolean hasPoints(Series s) {
        for (int i = 0; i < s.x.length; i++) {
            if (drawable(s.x[i], s.y[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Draws the chart.
     *
     * @return an RGB image of the configured size
     */
    public BufferedImage render() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Renders and writes the chart as PNG, atomically.
     *
     * @param file target file
     * @throws IOException if it cannot be written
     */
    public void writePng(Path file) throws IOException {
        AtomicFiles.write(file, png(render()));
    }

    /** Encodes an image as PNG bytes. */
    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return out.toByteArray();
    }

    static void setQuality(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    private void draw(Graphics2D g) {
        setQuality(g);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);

        float scale = Math.min(width / 800f, height / 500f);
        float k = Math.max(0.75f, Math.min(1.6f, scale));
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(18 * k));
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(14 * k));
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(12 * k));
        Font legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(13 * k));

        List<Series> shown = new ArrayList<>();
        for (Series s : series) {
            if (hasPoints(s)) {
                shown.add(s);
            }
        }

        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        boolean integerX = true;
        for (Series s : shown) {
            for (int i = 0; i < s.x.length; i++) {
                if (drawable(s.x[i], s.y[i])) {
                    xmin = Math.min(xmin, s.x[i]);
                    xmax = Math.max(xmax, s.x[i]);
                    ymin = Math.min(ymin, s.y[i]);
                    ymax = Math.max(ymax, s.y[i]);
                    integerX &= s.x[i] == Math.rint(s.x[i]);
                }
            }
        }
        boolean empty = shown.isEmpty();
        if (empty) {
            xmin = 0;
            xmax = 1;
            ymin = logY ? 1 : 0;
            ymax = logY ? 10 : 1;
            integerX = false;
        }

        // Layout: title band on top, tick labels and axis titles on the left and at the bottom.
        FontMetrics tfm = g.getFontMetrics(titleFont);
        FontMetrics lfm = g.getFontMetrics(labelFont);
        FontMetrics kfm = g.getFontMetrics(tickFont);
        int pad = Math.round(12 * k);
        int top = pad + tfm.getHeight() + pad;
        int bottom = pad + lfm.getHeight() + Math.round(6 * k) + kfm.getHeight() + Math.round(6 * k);
        int right = Math.round(24 * k);

        int approxPlotH = height - top - bottom;
        Axis.Scale ys = logY ? Axis.log(ymin, ymax)
                : Axis.linearLoose(ymin, ymax, Math.max(3, approxPlotH / Math.round(55 * k)), false);
        int yTickW = 0;
        for (Axis.Tick t : ys.ticks()) {
            yTickW = Math.max(yTickW, kfm.stringWidth(t.label()));
        }
        int left = pad + lfm.getHeight() + Math.round(8 * k) + yTickW + Math.round(8 * k);
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        Axis.Scale xs = Axis.linearTight(xmin, xmax, 0.02, Math.max(3, plotW / Math.round(70 * k)), integerX);

        Rectangle2D plot = new Rectangle2D.Double(left, top, plotW, plotH);
        // Data maps a few pixels inside the frame so that points on the axis ends stay visible.
        double inset = 8 * k;
        Mapper map = new Mapper(new Rectangle2D.Double(left, top + inset, plotW, plotH - 2 * inset), xs, ys, logY);

        // Grid and ticks.
        g.setFont(tickFont);
        for (Axis.Tick t : ys.ticks()) {
            double py = map.py(t.value());
            if (py < plot.getMinY() - 0.5 || py > plot.getMaxY() + 0.5) {
                continue;
            }
            g.setColor(t.major() ? GRID : MINOR_GRID);
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(plot.getMinX(), py, plot.getMaxX(), py));
            if (!t.label().isEmpty()) {
                g.setColor(AXIS);
                g.draw(new Line2D.Double(plot.getMinX() - 5 * k, py, plot.getMinX(), py));
                g.setColor(INK);
                g.drawString(t.label(), (float) (plot.getMinX() - 8 * k - kfm.stringWidth(t.label())),
                        (float) (py + kfm.getAscent() / 2.0 - 1));
            }
        }
        for (Axis.Tick t : xs.ticks()) {
            double px = map.px(t.value());
            if (px < plot.getMinX() - 0.5 || px > plot.getMaxX() + 0.5) {
                continue;
            }
            g.setColor(GRID);
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(px, plot.getMinY(), px, plot.getMaxY()));
            g.setColor(AXIS);
            g.draw(new Line2D.Double(px, plot.getMaxY(), px, plot.getMaxY() + 5 * k));
            g.setColor(INK);
            g.drawString(t.label(), (float) (px - kfm.stringWidth(t.label()) / 2.0),
                    (float) (plot.getMaxY() + 6 * k + kfm.getAscent()));
        }
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(plot);

        // Titles.
        g.setColor(INK);
        g.setFont(titleFont);
        String shownTitle = fit(title, tfm, width - 2 * pad);
        g.drawString(shownTitle, (float) (plot.getCenterX() - tfm.stringWidth(shownTitle) / 2.0),
                (float) (pad + tfm.getAscent()));
        g.setFont(labelFont);
        g.drawString(xLabel, (float) (plot.getCenterX() - lfm.stringWidth(xLabel) / 2.0),
                (float) (height - pad - lfm.getDescent()));
        AffineTransform saved = g.getTransform();
        g.translate(pad + lfm.getAscent(), plot.getCenterY() + lfm.stringWidth(yLabel) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, 0f, 0f);
        g.setTransform(saved);

        if (empty) {
            g.setColor(AXIS);
            String msg = "no data";
            g.drawString(msg, (float) (plot.getCenterX() - lfm.stringWidth(msg) / 2.0), (float) plot.getCenterY());
            return;
        }

        // Series, clipped to the plot area.
        Shape clip = g.getClip();
        g.clip(new Rectangle2D.Double(plot.getX() - 4, plot.getY() - 4, plot.getWidth() + 8, plot.getHeight() + 8));
        float lineW = 2.2f * k;
        List<double[]> pixels = new ArrayList<>();
        for (Series s : shown) {
            g.setColor(s.color);
            g.setStroke(new BasicStroke(lineW, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            int n = s.x.length;
            int drawableCount = 0;
            for (int i = 0; i < n; i++) {
                if (drawable(s.x[i], s.y[i])) {
                    drawableCount++;
                }
            }
            boolean markers = drawableCount <= 60;
            Path2D.Double path = new Path2D.Double();
            boolean penDown = false;
            for (int i = 0; i < n; i++) {
                if (!drawable(s.x[i], s.y[i])) {
                    penDown = false;
                    continue;
                }
                double px = map.px(s.x[i]);
                double py = map.py(s.y[i]);
                pixels.add(new double[] {px, py});
                if (penDown) {
                    path.lineTo(px, py);
                    double[] prev = pixels.get(pixels.size() - 2);
                    pixels.add(new double[] {(px + prev[0]) / 2, (py + prev[1]) / 2});
                } else {
                    path.moveTo(px, py);
                }
                penDown = true;
                boolean isolated = (i == 0 || !drawable(s.x[i - 1], s.y[i - 1]))
                        && (i == n - 1 || !drawable(s.x[i + 1], s.y[i + 1]));
                if (markers || isolated) {
                    double r = (isolated ? 3.5 : 2.8) * k;
                    g.fill(new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r));
                }
            }
            g.draw(path);
        }
        g.setClip(clip);

        if (shown.size() >= 2) {
            drawLegend(g, shown, plot, legendFont, k, pixels);
        }
    }

    private static void drawLegend(Graphics2D g, List<Series> shown, Rectangle2D plot, Font font, float k,
            List<double[]> pixels) {
        FontMetrics fm = g.getFontMetrics(font);
        double sample = 26 * k;
        double gap = 8 * k;
        double inner = 8 * k;
        int textW = 0;
        for (Series s : shown) {
            textW = Math.max(textW, fm.stringWidth(s.name));
        }
        double rowH = fm.getHeight() + 2 * k;
        double w = inner + sample + gap + textW + inner;
        double h = inner + rowH * shown.size() + inner - 2 * k;
        double inset = 10 * k;
        double[][] corners = {
            {plot.getMaxX() - inset - w, plot.getMinY() + inset},
            {plot.getMinX() + inset, plot.getMinY() + inset},
            {plot.getMaxX() - inset - w, plot.getMaxY() - inset - h},
            {plot.getMinX() + inset, plot.getMaxY() - inset - h},
        };
        double[] best = corners[0];
        int bestHits = Integer.MAX_VALUE;
        for (double[] c : corners) {
            Rectangle2D r = new Rectangle2D.Double(c[0] - 4, c[1] - 4, w + 8, h + 8);
            int hits = 0;
            for (double[] p : pixels) {
                if (r.contains(p[0], p[1])) {
                    hits++;
                }
            }
            if (hits < bestHits) {
                bestHits = hits;
                best = c;
            }
        }
        RoundRectangle2D box = new RoundRectangle2D.Double(best[0], best[1], w, h, 6 * k, 6 * k);
        g.setColor(new Color(255, 255, 255, 225));
        g.fill(box);
        g.setColor(new Color(0xbbbbbb));
        g.setStroke(new BasicStroke(1f));
        g.draw(box);
        g.setFont(font);
        for (int i = 0; i < shown.size(); i++) {
            Series s = shown.get(i);
            double cy = best[1] + inner + rowH * i + rowH / 2 - k;
            g.setColor(s.color);
            g.setStroke(new BasicStroke(2.6f * k, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(best[0] + inner, cy, best[0] + inner + sample, cy));
            g.setColor(INK);
            g.drawString(s.name, (float) (best[0] + inner + sample + gap),
                    (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
        }
    }

    /** Shortens text with an ellipsis to fit {@code maxWidth} pixels. */
    static String fit(String text, FontMetrics fm, int maxWidth) {
        if (fm.stringWidth(text) <= maxWidth) {
            return text;
        }
        String s = text;
        while (!s.isEmpty() && fm.stringWidth(s + "\u2026") > maxWidth) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "\u2026";
    }

    /** Data to pixel coordinates. */
    private record Mapper(Rectangle2D plot, Axis.Scale xs, Axis.Scale ys, boolean logY) {
        double px(double x) {
            return plot.getMinX() + (x - xs.lo()) / (xs.hi() - xs.lo()) * plot.getWidth();
        }

        double py(double y) {
            double f = logY
                    ? (Math.log10(y) - Math.log10(ys.lo())) / (Math.log10(ys.hi()) - Math.log10(ys.lo()))
                    : (y - ys.lo()) / (ys.hi() - ys.lo());
            return plot.getMaxY() - f * plot.getHeight();
        }
    }
}
