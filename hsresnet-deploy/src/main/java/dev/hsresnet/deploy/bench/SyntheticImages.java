package dev.hsresnet.deploy.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Synthetic test pictures for the soak and load benchmarks. */
public final class SyntheticImages {

    private SyntheticImages() {}

    /**
     * Draws distinct pictures (coloured rectangles on a gradient) and encodes them as JPEG.
     *
     * @param count how many
     * @param size width and height in pixels
     * @param seed the drawing's seed
     * @return the JPEG files' bytes
     */
    public static List<byte[]> jpegs(int count, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            for (int y = 0; y < size; y++) {
                g.setColor(new Color(r.nextInt(256), (y * 255) / size, 128));
                g.drawLine(0, y, size - 1, y);
            }
            for (int k = 0; k < 6; k++) {
                g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
                g.fillRect(r.nextInt(size), r.nextInt(size), 1 + r.nextInt(size),
                        1 + r.nextInt(size));
            }
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                ImageIO.write(img, "jpg", bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.add(bytes.toByteArray());
        }
        return out;
    }
}
