package dev.hsresnet.vision.segmentation;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The panel's font (DejaVu Sans where installed, Java's logical sans-serif otherwise) and whether
 * this JVM can draw text at all: on a machine without any font the JDK fails at the first text
 * measurement ("No physical fonts found", or an InternalError from "Fontconfig head is null"), and
 * the panel is then drawn without titles and legend.
 */
public final class PanelText {
    private static final String PREFERRED = "DejaVu Sans";

    private PanelText() {
    }

    /** Probed once per JVM. */
    private static final class Probe {
        static final String FAMILY = probe();
    }

    /** @return whether text can be drawn */
    public static boolean usable() {
        return Probe.FAMILY != null;
    }

    /**
     * @param size pixels
     * @return the panel font, or null when text cannot be drawn
     */
    public static Font font(int size) {
        return usable() ? new Font(Probe.FAMILY, Font.PLAIN, size) : null;
    }

    /** The family to use, or null when measuring text fails. */
    private static String probe() {
        try {
            BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            try {
                g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12)).stringWidth("Ag");
            } finally {
                g.dispose();
            }
            boolean preferred = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment()
                    .getAvailableFontFamilyNames()).contains(PREFERRED);
            return preferred ? PREFERRED : Font.SANS_SERIF;
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            return null;
        }
    }
}
