package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
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
}
