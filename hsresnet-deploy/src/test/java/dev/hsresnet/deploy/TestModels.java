package dev.hsresnet.deploy;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/** Model directories and images for the deploy tests. */
public final class TestModels {

    private TestModels() {}

    /** Ten labels, {@code label0 .. label9}. */
    public static final List<String> LABELS =
            IntStream.range(0, 10).mapToObj(i -> "label" + i).toList();

    /**
     * Saves a freshly initialized hs_resnet29_cifar (10 classes, 3 channels, labelled) to {@code dir}.
     *
     * @return {@code dir}
     */
    public static Path cifarModel(Path dir, long seed) throws IOException {
        ModelConfig config = ModelConfig.of("hs_resnet29_cifar", 10, 3).withLabels(LABELS);
        try (ResNetModel m = ResNetModel.create(config, seed)) {
            ModelDir.save(m, dir);
        }
        return dir;
    }

    /** The classes of {@link #segmentationModel}. */
    public static final List<String> SEGMENTATION_CLASSES = List.of("sky", "road", "car");

    /**
     * Saves a freshly initialized {@code fpn_hs_resnet26_nano} segmentation model (3 classes,
     * {@link #SEGMENTATION_CLASSES}) to {@code dir}.
     *
     * @return {@code dir}
     */
    public static Path segmentationModel(Path dir, long seed) throws IOException {
        ModelConfig config = SegmentationModels.config("fpn_hs_resnet26_nano",
                SEGMENTATION_CLASSES);
        try (SegmentationModel m = SegmentationModel.create(config, seed)) {
            ModelDir.save(m, dir);
        }
        return dir;
    }

    /** @return a random RGB image (colour noise on a gradient) of the given size */
    public static BufferedImage image(int width, int height, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / width + rng.nextInt(64)) & 0xff;
                int g = (y * 255 / height + rng.nextInt(64)) & 0xff;
                int b = rng.nextInt(256);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** @return {@code image} encoded as PNG */
    public static byte[] pngBytes(BufferedImage image) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer");
        }
        return out.toByteArray();
    }

    /** Writes {@code image} as PNG to {@code file}. */
    public static Path png(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return file;
    }
}
