package dev.hsresnet.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG and PNG files with {@code javax.imageio} into {@link Image}s with values in [0, 1].
 *
 * <p>Colour images give R, G, B planes; grayscale images give their stored gray values (no colour
 * space conversion, as PIL does). Converting colour to one channel uses the ITU-R 601-2 luma
 * {@code L = 0.299 R + 0.587 G + 0.114 B} (PIL's {@code convert("L")}); converting gray to three
 * channels repeats the plane. An alpha channel is dropped, not composited. Palette and other
 * colour models go through {@link BufferedImage#getRGB} (sRGB, 8 bits).
 *
 * <p>Every failure (unreadable, zero-byte, unknown format, corrupt or truncated data, including a
 * decoder warning such as "premature end of JPEG file" and runtime exceptions thrown by the
 * decoder) becomes an {@link IOException} whose message names the file. Before any pixel is
 * decoded, the header's dimensions go through an {@link ImageGuard} ({@link ImageGuard#DEFAULT}
 * unless one is given): too many pixels is an {@link ImageTooLargeException}, an absurd aspect
 * ratio an {@link ImageAspectRatioException}. Thread-safe: each call uses its own reader and keeps
 * everything in memory (no ImageIO disk cache).
 */
public final class ImageDecoder {

    /** Largest image, in pixels, that {@link #decode} accepts: 20,000 x 20,000. */
    public static final long DEFAULT_MAX_PIXELS = ImageGuard.DEFAULT_MAX_PIXELS;

    private ImageDecoder() {}

    /**
     * Reads and decodes one image file.
     *
     * @param file a JPEG or PNG file
     * @param channels 1 (luminance) or 3 (RGB)
     * @return the decoded image, {@code channels x height x width}, values in [0, 1]
     * @throws IOException naming the file if it cannot be read or decoded, or the {@link
     *     ImageGuard#DEFAULT default guard} refuses it
     * @throws IllegalArgumentException if {@code channels} is not 1 or 3
     */
    public static Image decode(Path file, int channels) throws IOException {
        return decode(file, channels, ImageGuard.DEFAULT);
    }

    /**
     * Reads and decodes one image file within the limits of {@code guard}.
     *
     * @param file a JPEG or PNG file
     * @param channels 1 (luminance) or 3 (RGB)
     * @param guard the limits checked on the header before decoding
     * @return the decoded image, {@code channels x height x width}, values in [0, 1]
     * @throws ImageTooLargeException when the header declares more than the guard allows
     * @throws ImageAspectRatioException when the header declares too elongated an image
     * @throws IOException naming the file if it cannot be read or decoded
     * @throws IllegalArgumentException if {@code channels} is not 1 or 3
     */
    public static Image decode(Path file, int channels, ImageGuard guard) throws IOException {
        checkChannels(channels);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read image file " + file + ": " + e, e);
        }
        if (bytes.length == 0) {
            throw new IOException("empty (zero-byte) image file " + file);
        }
        return toImage(readImage(bytes, "image file " + file, guard, 0), channels);
    }

    /**
     * Decodes an image held in memory (an upload, a blob), refusing images whose header declares
     * more than {@code maxPixels} pixels before any pixel is decoded (no decompression bombs).
     *
     * @param bytes the encoded JPEG or PNG
     * @param source what the bytes are, for messages (e.g. "request body", "image file x.jpg")
     * @param maxPixels largest width x height accepted
     * @return the decoded image
     * @throws ImageTooLargeException when the declared dimensions exceed {@code maxPixels}
     * @throws IOException naming {@code source} when the bytes are not a readable image
     */
    public static BufferedImage readImage(byte[] bytes, String source, long maxPixels)
            throws IOException {
        return readImage(bytes, source, ImageGuard.DEFAULT.withMaxPixels(maxPixels), 0);
    }

    /**
     * Decodes an image held in memory, refusing it from its header's dimensions when {@code guard}
     * does: nothing large is allocated for a decompression bomb or a 1 x 20,000,000 strip.
     *
     * @param bytes the encoded JPEG or PNG
     * @param source what the bytes are, for messages (e.g. "request body", "image file x.jpg")
     * @param guard the limits
     * @param resizeShortSide the short side the caller's preprocessing resizes to, also checked
     *     against {@link ImageGuard#maxResizePixels()}; 0 when unknown (no resize check)
     * @return the decoded image
     * @throws ImageTooLargeException when the image, or its resize, has too many pixels
     * @throws ImageAspectRatioException when the image is too elongated
     * @throws IOException naming {@code source} when the bytes are not a readable image
     */
    public static BufferedImage readImage(byte[] bytes, String source, ImageGuard guard,
            int resizeShortSide) throws IOException {
        if (bytes.length == 0) {
            throw new IOException("empty (zero-byte) " + source);
        }
        try {
            return read(bytes, source, guard, resizeShortSide);
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().contains(source)
                    ? e
                    : new IOException("cannot decode " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot decode " + source + ": " + e, e);
        }
    }

    static void checkChannels(int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
    }

    private static BufferedImage read(byte[] bytes, String source, ImageGuard guard,
            int resizeShortSide) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not a recognised image format: " + source);
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((src, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (resizeShortSide > 0) {
                    guard.checkHeader(source, width, height, resizeShortSide);
                } else {
                    guard.checkHeader(source, width, height);
                }
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new IOException("corrupt or truncated " + source + ": " + warnings.get(0));
                }
                if (img == null) {
                    throw new IOException("decoder returned no image for " + source);
                }
                return img;
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Converts a decoded {@link BufferedImage} to an {@link Image}.
     *
     * @param img the decoded image
     * @param channels 1 (luminance) or 3 (RGB)
     * @return a new image, values in [0, 1]
     * @throws ImageBudgetException when the planes would not fit one array
     */
    public static Image toImage(BufferedImage img, int channels) {
        checkChannels(channels);
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = Image.length(3, h, w) / 3;
        float[] src; // gray: 1 plane, colour: 3 planes, CHW, in [0, 1]
        int srcChannels;
        ColorModel cm = img.getColorModel();
        if (cm instanceof ComponentColorModel && isSrgb(cm) && cm.getNumColorComponents() == 3) {
            srcChannels = 3;
            src = componentPlanes(img.getRaster(), 3, cm.getComponentSize(0));
        } else if (cm instanceof ComponentColorModel
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && cm.getNumColorComponents() == 1) {
            srcChannels = 1;
            src = componentPlanes(img.getRaster(), 1, cm.getComponentSize(0));
        } else {
            srcChannels = 3;
            src = new float[3 * plane];
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < plane; i++) {
                int p = argb[i];
                src[i] = ((p >> 16) & 0xff) / 255f;
                src[plane + i] = ((p >> 8) & 0xff) / 255f;
                src[2 * plane + i] = (p & 0xff) / 255f;
            }
        }
        if (srcChannels == channels) {
            return new Image(channels, h, w, src);
        }
        float[] out = new float[channels * plane];
        if (channels == 1) {
            for (int i = 0; i < plane; i++) {
                out[i] = 0.299f * src[i] + 0.587f * src[plane + i] + 0.114f * src[2 * plane + i];
            }
        } else {
            System.arraycopy(src, 0, out, 0, plane);
            System.arraycopy(src, 0, out, plane, plane);
            System.arraycopy(src, 0, out, 2 * plane, plane);
        }
        return new Image(channels, h, w, out);
    }

    private static boolean isSrgb(ColorModel cm) {
        return cm.getColorSpace().isCS_sRGB();
    }

    /** Reads the first {@code bands} bands of a component raster into CHW planes scaled to [0, 1]. */
    private static float[] componentPlanes(Raster raster, int bands, int bits) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int plane = w * h;
        float max = (1 << bits) - 1; // divide (not multiply by 1/max) so that v/255f is exact
        float[] out = new float[bands * plane];
        if (raster.getDataBuffer() instanceof DataBufferByte db
                && raster.getSampleModel() instanceof ComponentSampleModel sm
                && db.getNumBanks() == 1
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && bits == 8) {
            byte[] data = db.getData();
            int base = db.getOffset();
            int pixelStride = sm.getPixelStride();
            int scanline = sm.getScanlineStride();
            int[] offsets = sm.getBandOffsets();
            for (int b = 0; b < bands; b++) {
                int o = b * plane;
                for (int y = 0; y < h; y++) {
                    int p = base + y * scanline + offsets[b];
                    for (int x = 0; x < w; x++, p += pixelStride) {
                        out[o++] = (data[p] & 0xff) / max;
                    }
                }
            }
            return out;
        }
        int numBands = raster.getNumBands();
        int[] samples = raster.getPixels(raster.getMinX(), raster.getMinY(), w, h, (int[]) null);
        for (int i = 0; i < plane; i++) {
            for (int b = 0; b < bands; b++) {
                out[b * plane + i] = samples[i * numBands + b] / max;
            }
        }
        return out;
    }
}
