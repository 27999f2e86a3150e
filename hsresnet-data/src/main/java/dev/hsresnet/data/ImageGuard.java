package dev.hsresnet.data;

import java.io.IOException;

/**
 * The limits every path that decodes or resizes an image applies, so that a small hostile file
 * (a 19 KB PNG declaring 1 x 20,000,000 pixels) is refused with a clear message instead of
 * exhausting the heap or overflowing an array size.
 *
 * <ul>
 *   <li>{@link #maxPixels}: largest {@code width x height} the header may declare;
 *   <li>{@link #maxAspectRatio}: largest {@code long side / short side} (100 lets panoramas
 *       and long scans through, 1:1000 strips are refused);
 *   <li>{@link #maxResizePixels}: largest {@code width x height} any resize step may produce. The
 *       default, 8192 x 8192, is the largest square resize the preprocessing bounds allow ({@code
 *       size <= 4096}, {@code cropPct >= 0.5}); it bites only for elongated images upscaled to a
 *       large short side.
 * </ul>
 *
 * <p>{@link #checkHeader} runs on the header's dimensions before any pixel is decoded (nothing
 * large is allocated); {@link #checkResize} runs in the transforms before they allocate, for
 * images that arrive already decoded. All arithmetic is in {@code long}. Immutable value.
 *
 * @param maxPixels largest declared {@code width x height}, at least 1
 * @param maxAspectRatio largest {@code long side / short side}, at least 1
 * @param maxResizePixels largest {@code width x height} of a resize output, at least 1
 */
public record ImageGuard(long maxPixels, double maxAspectRatio, long maxResizePixels) {

    /** Default {@link #maxPixels()}: 400 million (20,000 x 20,000). */
    public static final long DEFAULT_MAX_PIXELS = 400_000_000L;

    /** Default {@link #maxAspectRatio()}: 100 (e.g. 100 x 10,000). */
    public static final double DEFAULT_MAX_ASPECT_RATIO = 100;

    /** Default {@link #maxResizePixels()}: 8192 x 8192. */
    public static final long DEFAULT_MAX_RESIZE_PIXELS = 8192L * 8192L;

    /** The defaults. */
    public static final ImageGuard DEFAULT = new ImageGuard(
            DEFAULT_MAX_PIXELS, DEFAULT_MAX_ASPECT_RATIO, DEFAULT_MAX_RESIZE_PIXELS);

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException naming the bad limit
     */
    public ImageGuard {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
        }
        if (!(maxAspectRatio >= 1) || Double.isInfinite(maxAspectRatio)) {
            throw new IllegalArgumentException(
                    "maxAspectRatio must be a finite number >= 1, got " + maxAspectRatio);
        }
        if (maxResizePixels < 1) {
            throw new IllegalArgumentException(
                    "maxResizePixels must be >= 1, got " + maxResizePixels);
        }
    }

    /** @return a copy with another {@link #maxPixels()} */
    public ImageGuard withMaxPixels(long pixels) {
        return new ImageGuard(pixels, maxAspectRatio, maxResizePixels);
    }

    /** @return a copy with another {@link #maxAspectRatio()} */
    public ImageGuard withMaxAspectRatio(double ratio) {
        return new ImageGuard(maxPixels, ratio, maxResizePixels);
    }

    /** @return a copy with another {@link #maxResizePixels()} */
    public ImageGuard withMaxResizePixels(long pixels) {
        return new ImageGuard(maxPixels, maxAspectRatio, pixels);
    }

    /**
     * Checks an image's declared size (from its header, before decoding).
     *
     * @param source what the image is, for messages ("image file x.png", "request body")
     * @param width declared width in pixels
     * @param height declared height in pixels
     * @throws ImageTooLargeException when {@code width x height > maxPixels}
     * @throws ImageAspectRatioException when the sides' ratio exceeds {@code maxAspectRatio}
     * @throws IOException when a side is not positive
     */
    public void checkHeader(String source, long width, long height) throws IOException {
        if (width < 1 || height < 1) {
            throw new IOException(source + " declares an empty size " + width + "x" + height);
        }
        if (product(width, height) > maxPixels) {
            throw new ImageTooLargeException(source, width, height, maxPixels);
        }
        long longSide = Math.max(width, height);
        long shortSide = Math.min(width, height);
        if (longSide > maxAspectRatio * shortSide) {
            throw new ImageAspectRatioException(source, width, height, maxAspectRatio);
        }
    }

    /**
     * {@link #checkHeader(String, long, long)}, then whether resizing the short side to {@code
     * resizeShortSide} (as {@link ResizeShortCenterCrop} does) stays within {@code
     * maxResizePixels}.
     *
     * @param source what the image is, for messages
     * @param width declared width
     * @param height declared height
     * @param resizeShortSide the short side the preprocessing resizes to, at least 1
     * @throws ImageTooLargeException when the image or its resize is too large
     * @throws ImageAspectRatioException when the image is too elongated
     * @throws IOException when a side is not positive
     */
    public void checkHeader(String source, long width, long height, int resizeShortSide)
            throws IOException {
        checkHeader(source, width, height);
        long[] out = resizeShort(height, width, resizeShortSide);
        if (product(out[0], out[1]) > maxResizePixels) {
            throw new ImageTooLargeException(source + " is " + width + "x" + height
                    + "; resizing its short side to " + resizeShortSide + " would make "
                    + out[1] + "x" + out[0] + " = " + product(out[0], out[1])
                    + " pixels, more than the resize limit of " + maxResizePixels, width, height);
        }
    }

    /**
     * Checks a resize's output size before it is allocated.
     *
     * @param inHeight input rows
     * @param inWidth input columns
     * @param outHeight output rows
     * @param outWidth output columns
     * @throws ImageBudgetException when {@code outHeight x outWidth > maxResizePixels}
     */
    public void checkResize(long inHeight, long inWidth, long outHeight, long outWidth) {
        long pixels = product(outHeight, outWidth);
        if (pixels > maxResizePixels) {
            throw new ImageBudgetException("resizing a " + inWidth + "x" + inHeight
                    + " image to " + outWidth + "x" + outHeight + " would make " + pixels
                    + " pixels, more than the resize limit of " + maxResizePixels
                    + " (width x height)");
        }
    }

    /**
     * torchvision's resize of the short side: the short side becomes {@code shortSide}, the long
     * one {@code floor(shortSide * long / short)}, in {@code long} arithmetic (no overflow for
     * any {@code int} sizes).
     *
     * @param height input rows, at least 1
     * @param width input columns, at least 1
     * @param shortSide target length of the shorter side
     * @return {@code {outHeight, outWidth}}
     */
    public static long[] resizeShort(long height, long width, long shortSide) {
        if (width <= height) {
            return new long[] {product(shortSide, height) / width, shortSide};
        }
        return new long[] {shortSide, product(shortSide, width) / height};
    }

    /** @return {@code a * b}, saturated at {@link Long#MAX_VALUE} */
    private static long product(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
