package dev.hsresnet.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A learnable segmentation folder for tests (generic layout: {@code images/}, {@code masks/},
 * {@code classes.txt}, {@code ignore.txt}): each image has three vertical bands at random
 * boundaries, coloured red, green and blue with noise; the mask holds the band index, and the
 * pixels of column 0 hold the ignore index 255.
 */
public final class SyntheticSegmentation {

    /** The class names, in index order. */
    public static final String[] CLASSES = {"red", "green", "blue"};

    private SyntheticSegmentation() {}

    /**
     * @param root the folder to create
     * @param pairs image-mask pairs
     * @param height image height
     * @param width image width, at least 8
     * @param seed the generator's seed
     * @return {@code root}
     * @throws IOException when writing fails
     */
    public static Path write(Path root, int pairs, int height, int width, long seed)
            throws IOException {
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        Files.writeString(root.resolve("classes.txt"), String.join("\n", CLASSES) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(root.resolve("ignore.txt"), "255\n", StandardCharsets.UTF_8);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < pairs; i++) {
            int a = 2 + rng.nextInt(width / 2 - 2);
            int b = a + 1 + rng.nextInt(width - a - 2);
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int k = x < a ? 0 : x < b ? 1 : 2;
                    int[] rgb = new int[3];
                    for (int c = 0; c < 3; c++) {
                        rgb[c] = Math.min(255, (c == k ? 170 : 40) + rng.nextInt(60));
                    }
                    img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                    mask.getRaster().setSample(x, y, 0, x == 0 ? 255 : k);
                }
            }
            String stem = String.format("pair%03d", i);
            ImageIO.write(img, "png", root.resolve("images").resolve(stem + ".png").toFile());
            ImageIO.write(mask, "png", root.resolve("masks").resolve(stem + ".png").toFile());
        }
        return root;
    }
}
