package dev.hsresnet.data;

import java.io.IOException;

/**
 * An image whose header declares more pixels than allowed, or whose resize would produce more
 * than {@link ImageGuard#maxResizePixels()}; nothing of it was decoded.
 */
public final class ImageTooLargeException extends IOException {

    private final long width;
    private final long height;

    /**
     * @param source what the image is, for the message
     * @param width declared width in pixels
     * @param height declared height in pixels
     * @param maxPixels the limit it exceeds
     */
    public ImageTooLargeException(String source, long width, long height, long maxPixels) {
        this(source + " declares " + width + "x" + height + " = " + width * height
                + " pixels, more than the limit of " + maxPixels, width, height);
    }

    /**
     * @param message the whole message (naming the source, the sizes and the limit)
     * @param width declared width in pixels
     * @param height declared height in pixels
     */
    public ImageTooLargeException(String message, long width, long height) {
        super(message);
        this.width = width;
        this.height = height;
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
