package dev.hsresnet.vision.detection;

import dev.hsresnet.data.Image;
import dev.hsresnet.vision.segmentation.MaskImages;
import dev.hsresnet.vision.segmentation.PanelText;
import dev.hsresnet.vision.segmentation.Palette;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Draws boxes over a photo: detections in their class colour (VOC's palette) with a {@code
 * label score} tag, and optionally the ground truth as thin white dashed outlines under them.
 * Without a usable font the tags are left out (see {@link PanelText}).
 *
 * <pre>{@code
 * BufferedImage img = BoxPainter.draw(photo, detections, groundTruth, classes);
 * MaskImages.writePng(img, Path.of("out/raccoon-1-boxes.png"));
 * }</pre>
 */
public final class BoxPainter {

    private static final Color GROUND_TRUTH = Color.WHITE;

    private BoxPainter() {}

    /**
     * @param photo the image, 1 or 3 channels, values in [0, 1], CHW
     * @param detections boxes in the photo's pixels
     * @param groundTruth ground-truth boxes {@code x1, y1, x2, y2} in the photo's pixels, {@code
     *     4 n} values, or null for none
     * @param classes the class names (index = {@link DetectedBox#classIndex()})
     * @return a new RGB image of the photo's size
     * @throws IllegalArgumentException when a class index has no name or the ground truth is not
     *     a multiple of 4 values
     */
    public static BufferedImage draw(Image photo, List<DetectedBox> detections,
            float[] groundTruth, List<String> classes) {
        Objects.requireNonNull(detections, "detections");
        if (groundTruth != null && groundTruth.length % 4 != 0) {
            throw new IllegalArgumentException("ground truth needs 4 values per box, got "
                    + groundTruth.length);
        }
        BufferedImage img = MaskImages.toRgb(photo);
        Palette palette = Palette.voc(Math.max(2, classes.size() + 1));
        int thickness = thickness(img);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (groundTruth != null) {
                g.setColor(GROUND_TRUTH);
                g.setStroke(new BasicStroke(Math.max(1, thickness / 2f), BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                for (int i = 0; i < groundTruth.length; i += 4) {
                    rect(g, groundTruth[i], groundTruth[i + 1], groundTruth[i + 2],
                            groundTruth[i + 3]);
                }
            }
            Font font = font(thickness);
            g.setStroke(new BasicStroke(thickness));
            // lowest score first, so that the best boxes end on top
            for (int k = detections.size() - 1; k >= 0; k--) {
                DetectedBox d = detections.get(k);
                box(g, font, palette.color(checkClass(d, k, classes) + 1), d, classes);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** @return the line width for an image: 1/200 of its short side, at least 2 pixels */
    public static int thickness(BufferedImage img) {
        return Math.max(2, Math.round(Math.min(img.getWidth(), img.getHeight()) / 200f));
    }

    /** @return the tags' font for a line width, or null when no font can be used */
    public static Font font(int thickness) {
        return PanelText.font(Math.max(11, thickness * 6));
    }

    /**
     * @return the detection's class index
     * @throws IllegalArgumentException naming detection {@code k} when its class has no name
     */
    public static int checkClass(DetectedBox d, int k, List<String> classes) {
        if (d.classIndex() < 0 || d.classIndex() >= classes.size()) {
            throw new IllegalArgumentException("detection " + k + ": class " + d.classIndex()
                    + " has no name (" + classes.size() + " classes)");
        }
        return d.classIndex();
    }

    /**
     * Draws one box outline with the graphics' stroke and its {@code label score} tag above its
     * top-left corner, in {@code color}.
     *
     * @param g where to draw
     * @param font the tag's font, or null for no tag
     * @param color the box's colour (the tag's text is black or white, whichever reads)
     * @param d the box, in the image's pixels
     * @param classes the class names
     */
    public static void box(Graphics2D g, Font font, Color color, DetectedBox d,
            List<String> classes) {
        g.setColor(color);
        rect(g, d.x1(), d.y1(), d.x2(), d.y2());
        if (font != null) {
            tag(g, font, color, String.format(Locale.ROOT, "%s %.2f",
                    classes.get(d.classIndex()), d.score()), d.x1(), d.y1());
        }
    }

    private static void rect(Graphics2D g, float x1, float y1, float x2, float y2) {
        int x = Math.round(x1);
        int y = Math.round(y1);
        g.drawRect(x, y, Math.max(1, Math.round(x2) - x), Math.max(1, Math.round(y2) - y));
    }

    private static void tag(Graphics2D g, Font font, Color color, String text, float x1,
            float y1) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int w = fm.stringWidth(text) + 6;
        int h = fm.getHeight();
        int x = Math.max(0, Math.round(x1));
        int y = Math.max(0, Math.round(y1) - h);
        g.setColor(color);
        g.fillRect(x, y, w, h);
        boolean light = color.getRed() * 299 + color.getGreen() * 587 + color.getBlue() * 114
                > 128_000;
        g.setColor(light ? Color.BLACK : Color.WHITE);
        g.drawString(text, x + 3, y + fm.getAscent());
    }
}
