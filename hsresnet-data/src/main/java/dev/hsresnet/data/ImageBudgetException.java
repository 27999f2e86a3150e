package dev.hsresnet.data;

/**
 * A transform (resize, crop, colour conversion) refused to build an image larger than its limit
 * ({@link ImageGuard#maxResizePixels()}, or what one Java array holds); nothing was allocated.
 * Thrown for images that arrive already decoded; the decoder refuses such images from their
 * header with {@link ImageTooLargeException} or {@link ImageAspectRatioException}.
 */
public final class ImageBudgetException extends IllegalArgumentException {

    /** @param message the sizes and the limit */
    public ImageBudgetException(String message) {
        super(message);
    }
}
