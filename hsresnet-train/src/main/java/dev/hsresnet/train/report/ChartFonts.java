package dev.hsresnet.train.report;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;

/**
 * The charts' font: DejaVu Sans where it is installed, Java's logical sans-serif otherwise (so a
 * missing family never fails), and a once-per-JVM probe of whether text can be drawn at all.
 *
 * <p>On a machine without any font the JDK's font system fails at the first text measurement
 * ({@code java.lang.Error: Probable fatal error: No physical fonts found}, or {@code
 * java.lang.InternalError} from "Fontconfig head is null"); the probe turns that into a {@link
 * NoFontsException} before a chart is drawn.
 */
final class ChartFonts {
    /** The preferred family (Debian's fonts-dejavu-core). */
    static final String PREFERRED = "DejaVu Sans";

    private ChartFonts() {
    }

    /** The probe's result: null when text works, else what failed. Computed on first use. */
    private static final class Probe {
        static final Throwable FAILURE = probe();
        static final String FAMILY = FAILURE == null ? family(installedFamilies()) : Font.SANS_SERIF;
    }

    /**
     * @param installed the installed font family names
     * @return {@link #PREFERRED} when installed, else {@link Font#SANS_SERIF}
     */
    static String family(Collection<String> installed) {
        return installed.contains(PREFERRED) ? PREFERRED : Font.SANS_SERIF;
    }

    private static Collection<String> installedFamilies() {
        return new HashSet<>(Arrays.asList(
                GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()));
    }

    /**
     * @param style {@link Font#PLAIN} or {@link Font#BOLD}
     * @param size point size (= pixels at the charts' 72 dpi)
     * @return the charts' font in that style and size
     */
    static Font font(int style, float size) {
        return new Font(Probe.FAMILY, style, 12).deriveFont(size);
    }

    /**
     * @throws NoFontsException when the JVM cannot measure text (no font installed)
     */
    static void requireUsable() throws NoFontsException {
        if (Probe.FAILURE != null) {
            throw new NoFontsException(Probe.FAILURE);
        }
    }

    /** Measures text the two ways the charts do; returns what failed, or null. */
    private static Throwable probe() {
        try {
            BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            try {
                Font f = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
                g.getFontMetrics(f).stringWidth("Ag");
                new TextLayout("Ag", f, new FontRenderContext(null, true, false)).getBounds();
            } finally {
                g.dispose();
            }
            installedFamilies();
            return null;
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // A fontless machine: java.lang.Error "No physical fonts found", or, where fontconfig
            // itself lists nothing, java.lang.InternalError wrapping "Fontconfig head is null".
            return e;
        }
    }
}
