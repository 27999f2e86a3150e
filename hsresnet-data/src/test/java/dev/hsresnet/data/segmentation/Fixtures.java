package dev.hsresnet.data.segmentation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Image;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small hand-made PNG files and samples for the segmentation tests. */
final class Fixtures {

    private Fixtures() {}

    /** Writes {@code img} as a PNG, creating the parent folder. */
    static Path png(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(javax.imageio.ImageIO.write(img, "png", file.toFile()), "no PNG writer");
        return file;
    }

    /** An 8-bit grayscale image holding {@code labels[y][x]}. */
    static BufferedImage gray(int[][] labels) {
        int h = labels.length;
        int w = labels[0].length;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, labels[y][x]);
            }
        }
        return img;
    }

    /** A 16-bit grayscale image holding {@code labels[y][x]}. */
    static BufferedImage gray16(int[][] labels) {
        int h = labels.length;
        int w = labels[0].length;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, labels[y][x]);
            }
        }
        return img;
    }

    /**
     * An 8-bit palette image holding indices {@code labels[y][x]}; palette entry {@code i} is the
     * colour (200 - 10 i, 7 i + 3, 255 - i), never equal to the index.
     */
    static BufferedImage palette(int[][] labels, int entries) {
        byte[] r = new byte[entries];
        byte[] g = new byte[entries];
        byte[] b = new byte[entries];
        for (int i = 0; i < entries; i++) {
            r[i] = (byte) (200 - 10 * i);
            g[i] = (byte) (7 * i + 3);
            b[i] = (byte) (255 - i);
        }
        IndexColorModel cm = new IndexColorModel(8, entries, r, g, b);
        int h = labels.length;
        int w = labels[0].length;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, labels[y][x]);
            }
        }
        return img;
    }

    /** An RGB image of {@code h x w} with pixel (x, y) = (10 x, 20 y, 30). */
    static BufferedImage rgb(int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (10 * x) << 16 | (20 * y) << 8 | 30);
            }
        }
        return img;
    }

    /** A {@code c x h x w} image with value {@code 1000 c + 100 y + x + 1}. */
    static Image coded(int c, int h, int w) {
        float[] px = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[(ch * h + y) * w + x] = 1000 * ch + 100 * y + x + 1;
                }
            }
        }
        return new Image(c, h, w, px);
    }

    /** A mask with label {@code 10 y + x}. */
    static LabelMask codedMask(int h, int w) {
        int[] labels = new int[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                labels[y * w + x] = 10 * y + x;
            }
        }
        return new LabelMask(h, w, labels);
    }
}
