package dev.hsresnet.train.data;

import java.io.IOException;

/** An image whose header declares more pixels than allowed; nothing of it was decoded. */
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
        super(source + " declares " + width + "x" + height + " = " + width * height
                + " pixels, more than the limit of " + maxPixels);
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
