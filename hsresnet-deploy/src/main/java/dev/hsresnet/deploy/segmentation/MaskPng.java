package dev.hsresnet.deploy.segmentation;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.data.segmentation.LabelMask;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a class mask as an index PNG: grayscale, each pixel's value its class index, 8 bits per
 * pixel for up to 256 classes and 16 bits for up to 65,536. It is the format {@link
 * dev.hsresnet.data.segmentation.MaskDecoder} reads and datasets such as CamVid ship, so a
 * predicted mask can be scored or used as a label. It looks almost black in an image viewer
 * (values 0 to K - 1); for a picture, colour it with a palette.
 */
public final class MaskPng {

    /** The most classes a 16-bit PNG holds. */
    public static final int MAX_CLASSES = 1 << 16;

    private MaskPng() {}

    /**
     * @param numClasses the model's class count, 1 to {@value #MAX_CLASSES}
     * @return 8 when the indices fit a byte ({@code numClasses <= 256}), else 16
     * @throws IllegalArgumentException when {@code numClasses} is out of range
     */
    public static int bitDepth(int numClasses) {
        if (numClasses < 1 || numClasses > MAX_CLASSES) {
            throw new IllegalArgumentException("an index PNG holds 1 to " + MAX_CLASSES
                    + " classes, got " + numClasses);
        }
        return numClasses <= 256 ? 8 : 16;
    }

    /**
     * Encodes a mask.
     *
     * @param mask class indices, each in {@code [0, numClasses)}
     * @param numClasses the model's class count (chooses the bit depth, {@link #bitDepth})
     * @return the PNG file's bytes
     * @throws IllegalArgumentException naming the pixel when a label is outside the classes
     */
    public static byte[] encode(LabelMask mask, int numClasses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writePng(image(mask, numClasses), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
        return out.toByteArray();
    }

    /**
     * Writes a mask atomically (a temporary file in the same directory, then renamed over {@code
     * file}): readers see the old file or the complete new one.
     *
     * @param mask class indices, each in {@code [0, numClasses)}
     * @param numClasses the model's class count
     * @param file the PNG to create or replace; its directory is created if needed
     * @throws IOException naming the file when writing fails; {@code file} is then untouched
     * @throws IllegalArgumentException naming the pixel when a label is outside the classes
     */
    public static void write(LabelMask mask, int numClasses, Path file) throws IOException {
        BufferedImage image = image(mask, numClasses);
        try {
            AtomicFiles.write(file, out -> writePng(image, out));
        } catch (IOException e) {
            throw new IOException("cannot write the mask " + file + ": " + e.getMessage(), e);
        }
    }

    /** Encodes in memory (no ImageIO disk cache), as the decoder reads. */
    private static void writePng(BufferedImage image, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage image(LabelMask mask, int numClasses) {
        boolean wide = bitDepth(numClasses) == 16;
        int w = mask.width();
        BufferedImage image = new BufferedImage(w, mask.height(),
                wide ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        int[] labels = mask.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at pixel (" + i / w
                        + ", " + i % w + ") is not one of the " + numClasses + " classes");
            }
        }
        raster.setSamples(0, 0, w, mask.height(), 0, labels);
        return image;
    }
}
