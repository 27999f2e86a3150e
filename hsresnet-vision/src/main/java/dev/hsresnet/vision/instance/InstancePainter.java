package dev.hsresnet.vision.instance;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.vision.detection.BoxPainter;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.segmentation.MaskImages;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * Draws instances over a photo: each instance's mask blended in a colour of its own ({@value
 * #ALPHA} of the colour over the photo), then its box outline in the same colour with a {@code
 * label score} tag, as {@link BoxPainter} draws detections. The colours are deterministic: the
 * instance at rank {@code i} (best score first) gets {@link #color(int) color(i)}, so two
 * instances of one class are told apart. The lowest score is drawn first, so the best ends on
 * top where masks overlap. Without a usable font the tags are left out.
 *
 * <pre>{@code
 * BufferedImage img = InstancePainter.draw(photo, result.instances(), result.classes());
 * MaskImages.writePng(img, Path.of("out/street-instances.png"));
 * }</pre>
 */
public final class InstancePainter {

    /** The mask colour's weight over the photo. */
    public static final float ALPHA = 0.5f;

    /** The golden ratio's fraction: consecutive hues as far apart as a sequence allows. */
    private static final double HUE_STEP = 0.6180339887498949;

    private InstancePainter() {}

    /**
     * @param rank the instance's rank, 0 for the best
     * @return its colour: hue {@code 0.6180339887 * rank} (mod 1), saturation 0.8, brightness 1
     */
    public static Color color(int rank) {
        double hue = (rank * HUE_STEP) % 1.0;
        return Color.getHSBColor((float) hue, 0.8f, 1f);
    }

    /**
     * @param photo the image, 1 or 3 channels, values in [0, 1], CHW
     * @param instances best score first, boxes and masks in the photo's pixels
     * @param classes the class names (index = {@link DetectedBox#classIndex()})
     * @return a new RGB image of the photo's size
     * @throws IllegalArgumentException when a class index has no name or a mask is not of the
     *     photo's size
     */
    public static BufferedImage draw(Image photo, List<DetectedInstance> instances,
            List<String> classes) {
        Objects.requireNonNull(instances, "instances");
        BufferedImage img = MaskImages.toRgb(photo);
        for (int k = instances.size() - 1; k >= 0; k--) {
            BoxPainter.checkClass(instances.get(k).box(), k, classes);
            blend(img, instances.get(k).mask(), color(k), k);
        }
        int thickness = BoxPainter.thickness(img);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Font font = BoxPainter.font(thickness);
            g.setStroke(new BasicStroke(thickness));
            for (int k = instances.size() - 1; k >= 0; k--) {
                BoxPainter.box(g, font, color(k), instances.get(k).box(), classes);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Mixes {@code color} into the mask's pixels with weight {@link #ALPHA}. */
    private static void blend(BufferedImage img, InstanceMask mask, Color color, int k) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (mask.width() != w || mask.height() != h) {
            throw new IllegalArgumentException("instance " + k + ": mask of " + mask.width()
                    + "x" + mask.height() + " for a " + w + "x" + h + " image (width x height)");
        }
        int[] bounds = mask.bounds();
        if (bounds == null) {
            return;
        }
        int cr = color.getRed();
        int cg = color.getGreen();
        int cb = color.getBlue();
        for (int y = bounds[1]; y < bounds[3]; y++) {
            for (int x = bounds[0]; x < bounds[2]; x++) {
                if (mask.get(y, x)) {
                    int rgb = img.getRGB(x, y);
                    img.setRGB(x, y, (mix((rgb >> 16) & 0xff, cr) << 16)
                            | (mix((rgb >> 8) & 0xff, cg) << 8) | mix(rgb & 0xff, cb));
                }
            }
        }
    }

    private static int mix(int photo, int color) {
        return Math.round((1 - ALPHA) * photo + ALPHA * color);
    }
}
