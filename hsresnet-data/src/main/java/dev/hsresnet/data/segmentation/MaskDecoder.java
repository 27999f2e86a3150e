package dev.hsresnet.data.segmentation;

import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes index-mask PNGs into {@link LabelMask}s: every pixel's stored sample is its class index.
 *
 * <p>Accepted: one-channel PNGs of any bit depth, i.e. grayscale (1, 2, 4, 8 or 16 bits; a 16-bit
 * mask holds indices up to 65535) and palette (indexed) PNGs. For a palette PNG the index into
 * the palette is the label, not the palette colour (the PASCAL VOC and Cityscapes convention):
 * the raster's band-0 sample is read, never the colour model. Refused with an {@link IOException}
 * naming the file: a mask with more than one band (RGB, RGBA, gray + alpha), since a colour-coded
 * mask would need a colour-to-class table; a file that is not a PNG (a JPEG mask is lossy and its
 * labels are corrupt); an empty, unreadable or undecodable file.
 *
 * <p>Decoding goes through {@link ImageDecoder#readImage(byte[], String, ImageGuard, int)}, so the
 * guard's header checks (pixel count, aspect ratio) run before any pixel is decoded: an {@link
 * dev.hsresnet.data.ImageTooLargeException} or {@link dev.hsresnet.data.ImageAspectRatioException}
 * (both {@code IOException}s) for a hostile header. Thread-safe.
 */
public final class MaskDecoder {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private MaskDecoder() {}

    /**
     * Reads a mask with the {@link ImageGuard#DEFAULT default guard}.
     *
     * @param file a one-channel (grayscale or palette) PNG
     * @return the mask, {@code height x width} class indices
     * @throws IOException naming the file if it cannot be read or decoded, is not a one-channel
     *     PNG, or the guard refuses its header
     */
    public static LabelMask decode(Path file) throws IOException {
        return decode(file, ImageGuard.DEFAULT);
    }

    /**
     * Reads a mask within the limits of {@code guard}.
     *
     * @param file a one-channel (grayscale or palette) PNG
     * @param guard the limits checked on the header before decoding
     * @return the mask, {@code height x width} class indices
     * @throws dev.hsresnet.data.ImageTooLargeException when the header declares too many pixels
     * @throws dev.hsresnet.data.ImageAspectRatioException when the header declares too elongated
     *     a mask
     * @throws IOException naming the file if it cannot be read or decoded or is not a one-channel
     *     PNG
     */
    public static LabelMask decode(Path file, ImageGuard guard) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read mask file " + file + ": " + e, e);
        }
        return decode(bytes, "mask file " + file, guard);
    }

    /**
     * Decodes a mask held in memory.
     *
     * @param bytes the encoded PNG
     * @param source what the bytes are, for messages (e.g. "mask file a.png")
     * @param guard the limits checked on the header before decoding
     * @return the mask
     * @throws IOException naming {@code source} when the bytes are empty, not a PNG, not
     *     decodable, not one channel, or refused by the guard
     */
    public static LabelMask decode(byte[] bytes, String source, ImageGuard guard)
            throws IOException {
        if (bytes.length == 0) {
            throw new IOException("empty (zero-byte) " + source);
        }
        if (!isPng(bytes)) {
            throw new IOException(source + " is not a PNG; expected a one-channel index PNG"
                    + " (8- or 16-bit grayscale or palette, one class index per pixel)");
        }
        return toMask(ImageDecoder.readImage(bytes, source, guard, 0), source);
    }

    /**
     * Converts a decoded one-band image to a mask: band 0 of the raster, as stored.
     *
     * @param img the decoded image
     * @param source what it is, for messages
     * @return a new mask
     * @throws IOException naming {@code source} when the raster has more than one band
     */
    public static LabelMask toMask(BufferedImage img, String source) throws IOException {
        Raster raster = img.getRaster();
        int bands = raster.getNumBands();
        if (bands != 1) {
            throw new IOException(source + " has " + bands + " channels ("
                    + describe(img) + "); expected a one-channel index PNG"
                    + " (8- or 16-bit grayscale or palette, one class index per pixel)");
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] labels = raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, 0, (int[]) null);
        return new LabelMask(h, w, labels);
    }

    private static String describe(BufferedImage img) {
        int bands = img.getRaster().getNumBands();
        boolean alpha = img.getColorModel().hasAlpha();
        if (bands == 2) {
            return "gray with alpha";
        }
        if (bands == 3) {
            return "RGB";
        }
        if (bands == 4 && alpha) {
            return "RGBA";
        }
        return bands + " bands";
    }

    private static boolean isPng(byte[] bytes) {
        if (bytes.length < PNG_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (bytes[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }
}
