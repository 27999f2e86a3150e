package dev.hsresnet.deploy;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * What the dense-task predictors ({@code Segmenter}, {@code Detector}) share: the model's
 * configuration and class names, its input channels, the limits on images ({@link ImageGuard})
 * and decoding within them. Subclasses add the task's preprocessing and prediction; they are
 * thread-safe, and so is this part (the guard is replaced whole).
 */
public abstract class ImageModel implements AutoCloseable {

    private final ModelConfig config;
    private final List<String> classes;
    private final int channels;
    private volatile ImageGuard guard;

    /**
     * @param config the model's configuration (its task already checked by the subclass)
     * @param numClasses the classes the network predicts
     * @param guard the limits on images until {@link #setImageGuard} replaces them
     * @throws IllegalArgumentException when the model does not take 1- or 3-channel images
     */
    protected ImageModel(ModelConfig config, int numClasses, ImageGuard guard) {
        int c = config.architecture().inChannels();
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("model '" + config.name() + "' takes " + c
                    + "-channel input; images need 1 (gray) or 3 (RGB)");
        }
        this.config = config;
        this.channels = c;
        this.classes = config.labels() != null ? config.labels()
                : IntStream.range(0, numClasses).mapToObj(i -> "class_" + i).toList();
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** @return the model's configuration */
    public ModelConfig config() {
        return config;
    }

    /** @return the class names, one per class ({@code class_<i>} when the model has none) */
    public List<String> classes() {
        return classes;
    }

    /** @return the number of classes */
    public int numClasses() {
        return classes.size();
    }

    /** @return the input channels, 1 or 3 */
    public int channels() {
        return channels;
    }

    /** @return the backend that runs the network */
    public abstract BackendKind backendKind();

    /** @return the limits on images */
    public ImageGuard imageGuard() {
        return guard;
    }

    /** Sets the limits on images (pixels, aspect ratio). */
    public void setImageGuard(ImageGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** @return the largest image, width x height, accepted */
    public long maxPixels() {
        return guard.maxPixels();
    }

    /** Same as {@code setImageGuard(imageGuard().withMaxPixels(pixels))}. */
    public void setMaxPixels(long pixels) {
        setImageGuard(guard.withMaxPixels(pixels));
    }

    /**
     * Decodes an encoded image after checking its header against {@link #imageGuard()}.
     *
     * @param encoded JPEG or PNG bytes
     * @param source what the bytes are, for messages
     * @return the image in the model's channels, values in [0, 1], at its own size
     * @throws dev.hsresnet.data.ImageTooLargeException naming {@code source} when it has too many
     *     pixels
     * @throws dev.hsresnet.data.ImageAspectRatioException when it is too elongated
     * @throws IOException naming {@code source} when it is not a readable image
     */
    public Image decode(byte[] encoded, String source) throws IOException {
        return ImageDecoder.toImage(ImageDecoder.readImage(encoded, source, guard, 0), channels);
    }

    /**
     * Decodes an image file within {@link #imageGuard()}.
     *
     * @param imageFile a JPEG or PNG file
     * @return the image in the model's channels, values in [0, 1], at its own size
     * @throws IOException naming the file
     */
    public Image decode(Path imageFile) throws IOException {
        return ImageDecoder.decode(imageFile, channels, guard);
    }

    /**
     * @param width image width, pixels
     * @param height image height, pixels
     * @throws ImageBudgetException when {@link #imageGuard()} refuses the size
     */
    protected void checkSize(long width, long height) {
        try {
            guard.checkHeader("the image", width, height);
        } catch (IOException e) {
            throw new ImageBudgetException(e.getMessage());
        }
    }

    /**
     * @param image a decoded image about to be preprocessed
     * @throws IllegalArgumentException when its channels are not the model's
     * @throws ImageBudgetException when {@link #imageGuard()} refuses its size
     */
    protected void checkImage(Image image) {
        if (image.channels() != channels) {
            throw new IllegalArgumentException("image has " + image.channels()
                    + " channels, the model takes " + channels);
        }
        checkSize(image.width(), image.height());
    }
}
