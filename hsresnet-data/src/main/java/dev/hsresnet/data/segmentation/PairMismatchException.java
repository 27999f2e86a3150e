package dev.hsresnet.data.segmentation;

import java.io.IOException;

/**
 * An image and its mask that both decode but do not belong together: different sizes, or mask
 * values that are neither a class index nor the ignore index. Unlike an unreadable file, this is
 * a dataset error a training run refuses before it starts (the message names the files).
 */
public final class PairMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message names the files, sizes or the value and pixel */
    public PairMismatchException(String message) {
        super(message);
    }
}
