package dev.hsresnet.vision.segmentation;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.segmentation.LabelMask;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A side-by-side picture of one prediction: {@code image | ground truth | prediction} (the
 * ground truth is optional), a title above each tile and, below, a legend of the classes that
 * appear in either mask (a colour swatch and the class name; "ignore" when ignored pixels occur).
 *
 * <p>The tiles keep the image's size and sit {@value #GAP} px apart on white: tile {@code i}'s top
 * left corner is at {@code (GAP + i * (width + GAP), GAP + headerHeight())}. Masks are drawn in
 * the palette's colours (ignored pixels in the palette's ignore colour, black by default) or,
 * after {@link #maskAlpha}, blended over the image. On a JVM without any font the titles and the
 * legend are left out and the tiles stay where they are (header height 0).
 *
 * <pre>{@code
 * SegmentationPanel panel = new SegmentationPanel(CAMVID_CLASSES, Palette.camvid(), 11);
 * panel.writePng(dir.resolve("0001TP_008550.png"), sample.image(), sample.mask(), prediction);
 * }</pre>
 */
public final class SegmentationPanel {
    /** Pixels between tiles and around the panel. */
    public static final int GAP = 8;
    private static final int FONT_SIZE = 13;
    private static final int SWATCH = 12;
    private static final Color INK = new Color(0x222222);

    private final List<String> classNames;
    private final Palette palette;
    private final int ignoreIndex;
    private double maskAlpha = 1;

    /**
     * @param classNames class names, index = class id (for the legend); at most {@code palette.size()}
     * @param palette the class colours
     * @param ignoreIndex the mask value of unlabelled pixels (-1 when there is none)
     */
    public SegmentationPanel(List<String> classNames, Palette palette, int ignoreIndex) {
        this.classNames = List.copyOf(classNames);
        this.palette = Objects.requireNonNull(palette, "palette");
        if (this.classNames.size() > palette.size()) {
            throw new IllegalArgumentException(this.classNames.size() + " class names but the palette has "
                    + palette.size() + " colours");
        }
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * Draws the masks over the image instead of as plain colours.
     *
     * @param alpha weight of the mask colour in [0, 1]; 1 (the default) draws the plain colour mask
     * @return this
     */
    public SegmentationPanel maskAlpha(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        this.maskAlpha = alpha;
        return this;
    }

    /** @return height in pixels of the title band above the tiles; 0 without fonts */
    int headerHeight() {
        Font f = PanelText.font(FONT_SIZE);
        return f == null ? 0 : metrics(f).getHeight() + 4;
    }

    /**
     * Draws the panel.
     *
     * @param image the input image
     * @param truth the ground-truth mask of the image's size, or null to leave its tile out
     * @param prediction the predicted mask of the image's size
     * @return an RGB image, at least {@code tiles * (width + GAP) + GAP} wide
     * @throws IllegalArgumentException if a mask's size differs from the image's (naming both) or
     *     holds a label that is neither a class nor the ignore index (naming value and pixel)
     */
    public BufferedImage render(BufferedImage image, LabelMask truth, LabelMask prediction) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prediction, "prediction");
        if (truth != null) {
            MaskImages.requireSameSize("ground truth", truth, image);
        }
        MaskImages.requireSameSize("prediction", prediction, image);
        List<BufferedImage> tiles = new ArrayList<>(3);
        List<String> titles = new ArrayList<>(3);
        tiles.add(image);
        titles.add("image");
        if (truth != null) {
            tiles.add(maskTile(image, truth));
            titles.add("ground truth");
        }
        tiles.add(maskTile(image, prediction));
        titles.add("prediction");

        int w = image.getWidth();
        int h = image.getHeight();
        Font font = PanelText.font(FONT_SIZE);
        int header = headerHeight();
        int tilesWidth = tiles.size() * (w + GAP) + GAP;
        List<String> entries = new ArrayList<>();
        List<Integer> entryRgb = new ArrayList<>();
        if (font != null) {
            legend(truth, prediction, entries, entryRgb);
        }
        FontMetrics fm = font == null ? null : metrics(font);
        int widest = 0;
        for (String e : entries) {
            widest = Math.max(widest, entryWidth(e, fm));
        }
        int width = Math.max(tilesWidth, widest + 2 * GAP);
        // legend rows: entries flow left to right and wrap at the panel's width
        List<int[]> positions = new ArrayList<>();
        int rowH = fm == null ? 0 : Math.max(SWATCH, fm.getHeight()) + 4;
        int x = GAP;
        int y = GAP + header + h + GAP;
        for (String e : entries) {
            int ew = entryWidth(e, fm);
            if (x > GAP && x + ew > width - GAP) {
                x = GAP;
                y += rowH;
            }
            positions.add(new int[] {x, y});
            x += ew + 2 * GAP;
        }
        int height = GAP + header + h + GAP + (entries.isEmpty() ? 0 : y - (GAP + header + h + GAP) + rowH + GAP);

        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < tiles.size(); i++) {
                g.drawImage(tiles.get(i), GAP + i * (w + GAP), GAP + header, null);
            }
            if (font != null) {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(font);
                g.setColor(INK);
                for (int i = 0; i < titles.size(); i++) {
                    String t = titles.get(i);
                    int left = GAP + i * (w + GAP) + Math.max(0, (w - fm.stringWidth(t)) / 2);
                    g.drawString(t, left, GAP + fm.getAscent());
                }
                for (int i = 0; i < entries.size(); i++) {
                    int[] p = positions.get(i);
                    int sy = p[1] + (rowH - 4 - SWATCH) / 2;
                    g.setColor(new Color(entryRgb.get(i)));
                    g.fillRect(p[0], sy, SWATCH, SWATCH);
                    g.setColor(Color.GRAY);
                    g.drawRect(p[0], sy, SWATCH - 1, SWATCH - 1);
                    g.setColor(INK);
                    g.drawString(entries.get(i), p[0] + SWATCH + 4,
                            p[1] + (rowH - 4 - fm.getHeight()) / 2 + fm.getAscent());
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * {@link #render(BufferedImage, LabelMask, LabelMask)} of a decoded image (1 or 3 channels,
     * values in [0, 1]; see {@link MaskImages#toRgb}).
     *
     * @param image the input image
     * @param truth the ground-truth mask, or null
     * @param prediction the predicted mask
     * @return the panel
     */
    public BufferedImage render(Image image, LabelMask truth, LabelMask prediction) {
        return render(MaskImages.toRgb(image), truth, prediction);
    }

    /**
     * Draws the panel and writes it as PNG, atomically (temporary file, then rename).
     *
     * @param file target; missing parent directories are created
     * @param image the input image
     * @param truth the ground-truth mask, or null
     * @param prediction the predicted mask
     * @throws IOException if the file cannot be written
     */
    public void writePng(Path file, BufferedImage image, LabelMask truth, LabelMask prediction) throws IOException {
        MaskImages.writePng(render(image, truth, prediction), file);
    }

    /**
     * {@link #writePng(Path, BufferedImage, LabelMask, LabelMask)} of a decoded image.
     *
     * @param file target
     * @param image the input image (1 or 3 channels, values in [0, 1])
     * @param truth the ground-truth mask, or null
     * @param prediction the predicted mask
     * @throws IOException if the file cannot be written
     */
    public void writePng(Path file, Image image, LabelMask truth, LabelMask prediction) throws IOException {
        MaskImages.writePng(render(image, truth, prediction), file);
    }

    private BufferedImage maskTile(BufferedImage image, LabelMask mask) {
        return maskAlpha == 1 ? MaskImages.colorize(mask, palette, ignoreIndex)
                : MaskImages.overlay(image, mask, palette, ignoreIndex, maskAlpha);
    }

    /** The legend's entries: the classes in either mask in class order, then "ignore" if present. */
    private void legend(LabelMask truth, LabelMask prediction, List<String> names, List<Integer> rgb) {
        boolean[] present = new boolean[palette.size()];
        boolean ignored = mark(prediction, present) | (truth != null && mark(truth, present));
        for (int c = 0; c < present.length; c++) {
            if (present[c]) {
                names.add(c < classNames.size() ? classNames.get(c) : "class " + c);
                rgb.add(palette.rgb(c));
            }
        }
        if (ignored) {
            names.add("ignore");
            rgb.add(palette.ignoreRgb());
        }
    }

    /** Marks the classes of the mask; returns whether it holds the ignore index. */
    private boolean mark(LabelMask mask, boolean[] present) {
        boolean ignored = false;
        for (int v : mask.labels()) {
            if (v == ignoreIndex) {
                ignored = true;
            } else if (v >= 0 && v < present.length) {
                present[v] = true;
            }
        }
        return ignored;
    }

    private static int entryWidth(String name, FontMetrics fm) {
        return SWATCH + 4 + (fm == null ? 0 : fm.stringWidth(name));
    }

    private static FontMetrics metrics(Font f) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(f);
        } finally {
            g.dispose();
        }
    }
}
