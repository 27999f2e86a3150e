package dev.hsresnet.data;

import java.io.IOException;

/**
 * An image whose header declares sides more unequal than {@link ImageGuard#maxAspectRatio()}
 * allows (a 1 x 20,000,000 strip); nothing of it was decoded.
 */
public final class ImageAspectRatioException extends IOException {

    private final long width;
    private final long height;

    /**
     * @param source what the image is, for the message
     * @param width declared width in pixels
     * @param height declared height in pixels
     * @param maxAspectRatio the limit on {@code long side / short side} it exceeds
     */
    public ImageAspectRatioException(String source, long width, long height,
            double maxAspectRatio) {
        super(source + " declares " + width + "x" + height + ", an aspect ratio of "
                + ratio((double) Math.max(width, height) / Math.min(width, height))
                + ":1, more than the limit of " + ratio(maxAspectRatio) + ":1");
        this.width = width;
        this.height = height;
    }

    private static String ratio(double r) {
        return r == Math.rint(r) && r < 1e15 ? Long.toString((long) r)
                : String.format(java.util.Locale.ROOT, "%.1f", r);
    }

    /** @return the declared width in pixels */
    public long width() {
        return width;
    }

    /** @return the declared height in pixels */
    public long height() {
        return height;
    }
}
