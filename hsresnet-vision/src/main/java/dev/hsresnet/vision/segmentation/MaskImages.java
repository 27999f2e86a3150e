package dev.hsresnet.vision.segmentation;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.segmentation.LabelMask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Pictures of label masks: a mask in its palette's colours, the colours blended over the photo,
 * and the conversion of the project's float {@link Image} to a {@link BufferedImage}. All
 * results are {@code TYPE_INT_RGB}; sizes are written width x height, as images are.
 */
public final class MaskImages {
    private MaskImages() {
    }

    /**
     * The mask in colours: pixel (x, y) gets {@code palette.rgb(label)}, or {@code
     * palette.ignoreRgb()} (black by default) where the label is the ignore index.
     *
     * @param mask class indices, {@code height x width}
     * @param palette at least one colour per class the mask holds
     * @param ignoreIndex the mask value of unlabelled pixels (-1 when there is none)
     * @return an RGB image of the mask's size
     * @throws IllegalArgumentException at the first label that is neither a palette class nor the
     *     ignore index, naming the value and the pixel
     */
    public static BufferedImage colorize(LabelMask mask, Palette palette, int ignoreIndex) {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(palette, "palette");
        int w = mask.width();
        int h = mask.height();
        int[] out = new int[w * h];
        int[] labels = mask.labels();
        for (int i = 0; i < out.length; i++) {
            out[i] = colorOf(labels[i], i, w, palette, ignoreIndex);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, out, 0, w);
        return img;
    }

    /**
     * The mask's colours blended over a photo: each channel becomes {@code round((1 - alpha) *
     * photo + alpha * colour)}. Ignored pixels keep the photo as it is.
     *
     * @param photo the image the mask labels (any type; its own alpha is not used)
     * @param mask class indices of the same size
     * @param palette at least one colour per class the mask holds
     * @param ignoreIndex the mask value of unlabelled pixels (-1 when there is none)
     * @param alpha weight of the mask colour, in [0, 1] (0: the photo, 1: the colour mask)
     * @return a new RGB image of the photo's size
     * @throws IllegalArgumentException if the sizes differ (naming both), alpha is outside [0, 1],
     *     or a label is neither a class nor the ignore index (naming value and pixel)
     */
    public static BufferedImage overlay(BufferedImage photo, LabelMask mask, Palette palette, int ignoreIndex,
            double alpha) {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(palette, "palette");
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        requireSameSize("mask", mask, photo);
        int w = mask.width();
        int h = mask.height();
        int[] px = photo.getRGB(0, 0, w, h, null, 0, w);
        int[] labels = mask.labels();
        for (int i = 0; i < px.length; i++) {
            if (labels[i] == ignoreIndex) {
                px[i] &= 0xffffff;
                continue;
            }
            int c = colorOf(labels[i], i, w, palette, ignoreIndex);
            px[i] = (blend(px[i] >> 16, c >> 16, alpha) << 16) | (blend(px[i] >> 8, c >> 8, alpha) << 8)
                    | blend(px[i], c, alpha);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, px, 0, w);
        return img;
    }

    /**
     * {@link #overlay(BufferedImage, LabelMask, Palette, int, double)} on a decoded image.
     *
     * @param photo 1 (gray) or 3 (RGB) channels, values in [0, 1]
     * @param mask class indices of the same size
     * @param palette at least one colour per class the mask holds
     * @param ignoreIndex the mask value of unlabelled pixels (-1 when there is none)
     * @param alpha weight of the mask colour, in [0, 1]
     * @return a new RGB image of the photo's size
     */
    public static BufferedImage overlay(Image photo, LabelMask mask, Palette palette, int ignoreIndex, double alpha) {
        return overlay(toRgb(photo), mask, palette, ignoreIndex, alpha);
    }

    /**
     * Converts a decoded image (CHW floats, as {@code ImageDecoder} gives: value = byte / 255) to
     * 8-bit RGB: {@code round(255 * v)}, clamped to [0, 255] (a NaN becomes 0). One channel
     * gives gray. A normalized image must be denormalized first.
     *
     * @param image 1 or 3 channels
     * @return a new RGB image of the same width and height
     * @throws IllegalArgumentException for another channel count
     */
    public static BufferedImage toRgb(Image image) {
        Objects.requireNonNull(image, "image");
        int c = image.channels();
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("can draw 1- or 3-channel images, got " + image);
        }
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        float[] v = image.pixels();
        int[] out = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r = byteOf(v[i]);
            int g = c == 3 ? byteOf(v[plane + i]) : r;
            int b = c == 3 ? byteOf(v[2 * plane + i]) : r;
            out[i] = (r << 16) | (g << 8) | b;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, out, 0, w);
        return img;
    }

    /**
     * Writes an image as PNG through a temporary file renamed over {@code file}.
     *
     * @param image the picture
     * @param file target; missing parent directories are created
     * @throws IOException if it cannot be written (the target is then untouched)
     */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Objects.requireNonNull(image, "image");
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer for " + file);
            }
        });
    }

    /**
     * @throws IllegalArgumentException naming both sizes when the mask and the image differ
     */
    static void requireSameSize(String what, LabelMask mask, BufferedImage image) {
        if (mask.width() != image.getWidth() || mask.height() != image.getHeight()) {
            throw new IllegalArgumentException(what + " is " + mask.width() + "x" + mask.height()
                    + " (width x height) but the image is " + image.getWidth() + "x" + image.getHeight());
        }
    }

    private static int colorOf(int label, int index, int width, Palette palette, int ignoreIndex) {
        if (label == ignoreIndex) {
            return palette.ignoreRgb();
        }
        if (label < 0 || label >= palette.size()) {
            throw new IllegalArgumentException("label " + label + " at pixel (x=" + index % width + ", y="
                    + index / width + ") is neither a class of the " + palette.size()
                    + "-colour palette nor the ignore index " + ignoreIndex);
        }
        return palette.rgb(label);
    }

    private static int blend(int photo, int colour, double alpha) {
        return (int) Math.round((1 - alpha) * (photo & 0xff) + alpha * (colour & 0xff));
    }

    private static int byteOf(float v) {
        if (!(v > 0)) {
            return 0; // also NaN
        }
        return v >= 1 ? 255 : Math.round(v * 255f);
    }
}
