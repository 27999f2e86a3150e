package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Checks shared by the image tests. */
final class PngAssert {
    private PngAssert() {
    }

    /** Decodes the PNG, checks its size and that it holds a real picture. */
    static BufferedImage decodes(Path file, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " is not a decodable image");
        if (width > 0) {
            assertEquals(width, img.getWidth(), "width of " + file);
            assertEquals(height, img.getHeight(), "height of " + file);
        }
        assertTrue(distinctColors(img) >= 20, file + " looks blank: " + distinctColors(img) + " colors");
        assertTrue(nonWhiteFraction(img) > 0.01, file + " is almost all white");
        return img;
    }

    static int distinctColors(BufferedImage img) {
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 1) {
            for (int x = 0; x < img.getWidth(); x += 1) {
                colors.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        return colors.size();
    }

    static double nonWhiteFraction(BufferedImage img) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    n++;
                }
            }
        }
        return (double) n / ((long) img.getWidth() * img.getHeight());
    }

    /** Number of pixels within a small distance of {@code c}. */
    static int pixelsNear(BufferedImage img, Color c, int tolerance) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int dr = Math.abs(((rgb >> 16) & 0xff) - c.getRed());
                int dg = Math.abs(((rgb >> 8) & 0xff) - c.getGreen());
                int db = Math.abs((rgb & 0xff) - c.getBlue());
                if (dr <= tolerance && dg <= tolerance && db <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Number of pixels near {@code c} in the columns {@code [x0, x1)}. */
    static int pixelsNear(BufferedImage img, Color c, int tolerance, int x0, int x1) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                if (near(img.getRGB(x, y), c, tolerance)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Mean row of the pixels near {@code c} in the columns {@code [x0, x1)}; NaN when none. */
    static double meanRowNear(BufferedImage img, Color c, int tolerance, int x0, int x1) {
        long sum = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                if (near(img.getRGB(x, y), c, tolerance)) {
                    sum += y;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) sum / n;
    }

    static boolean near(int rgb, Color c, int tolerance) {
        return Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= tolerance
                && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= tolerance
                && Math.abs((rgb & 0xff) - c.getBlue()) <= tolerance;
    }

    /** Checks that no atomic write left its temporary file ({@code .*.tmp}) in {@code dir}. */
    static void noTemporaryFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> tmp = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(tmp.isEmpty(), "temporary files left: " + tmp);
        }
    }
}
