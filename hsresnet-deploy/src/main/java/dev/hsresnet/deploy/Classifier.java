package dev.hsresnet.deploy;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies images with a saved model: decodes, applies the preprocessing stored in the model's
 * {@code model.json} (resize the short side, center crop, normalize), runs the network on the
 * chosen backend and returns the top-k classes with softmax probabilities. Thread-safe.
 *
 * <p>Encoded images (files, bytes) go through an {@link ImageGuard} ({@link ImageGuard#DEFAULT}
 * unless {@link #setImageGuard} says otherwise) on their header before decoding: too many pixels,
 * an absurd aspect ratio, or a resize of the short side to the preprocessing's that would exceed
 * the resize limit are refused with an {@link IOException} naming the source. Decoded images
 * ({@code BufferedImage}, DJL images) are checked by the resize step before it allocates ({@link
 * dev.hsresnet.data.ImageBudgetException}).
 *
 * <pre>{@code
 * try (Classifier c = Classifier.open(Path.of("runs/a/best"))) {
 *     List<Prediction> top5 = c.classify(Path.of("cat.jpg"), 5);
 *     System.out.println(top5.get(0).label() + " " + top5.get(0).probability());
 * }
 * }</pre>
 */
public final class Classifier implements AutoCloseable {

    private final ModelConfig config;
    private final Backend backend;
    private volatile ImageGuard guard = ImageGuard.DEFAULT;
    private volatile ImagePreprocessor preprocessor;

    /**
     * Wraps a backend; the classifier owns it and closes it.
     *
     * @param config the model's configuration (preprocessing, labels)
     * @param backend the network
     * @throws IllegalArgumentException when the model does not take 1- or 3-channel images or has
     *     no classifier
     */
    public Classifier(ModelConfig config, Backend backend) {
        if (config.architecture().numClasses() < 1) {
            throw new IllegalArgumentException("model '" + config.name()
                    + "' has no classifier (numClasses 0); load it as a backbone instead");
        }
        this.config = config;
        this.backend = backend;
        this.preprocessor = new ImagePreprocessor(config);
    }

    /**
     * Loads a model directory on the DJL backend.
     *
     * @param modelDir a directory with {@code model.json} and its weights
     * @return the classifier
     * @throws IOException naming the file when the directory cannot be loaded
     */
    public static Classifier open(Path modelDir) throws IOException {
        return open(modelDir, BackendKind.DJL);
    }

    /**
     * Loads a model directory on the given backend ({@code onnx} exports it in memory first), or
     * an exported {@code .onnx} file on the ONNX backend.
     *
     * @param modelDir a directory with {@code model.json} and its weights, or an {@code .onnx} file
     * @param kind the backend
     * @return the classifier
     * @throws IOException naming the file when the directory cannot be loaded
     */
    public static Classifier open(Path modelDir, BackendKind kind) throws IOException {
        return wrap(Backends.open(modelDir, kind));
    }

    /**
     * Like {@link #open(Path, BackendKind)}, with {@code auto} measuring at the caller's batch
     * size and saying what it chose ({@link BackendChoice}).
     *
     * @param modelDir a directory with {@code model.json} and its weights, or an {@code .onnx} file
     * @param kind the backend
     * @param batch the batch size mostly run, at least 1 (used by {@code auto})
     * @param log receives one line naming the backend {@code auto} chose and why
     * @return the classifier
     * @throws IOException naming the file when the directory cannot be loaded
     */
    public static Classifier open(Path modelDir, BackendKind kind, int batch,
            java.util.function.Consumer<String> log) throws IOException {
        return wrap(kind == BackendKind.AUTO
                ? BackendChoice.open(modelDir, batch, log)
                : Backends.open(modelDir, kind));
    }

    private static Classifier wrap(Backend backend) {
        try {
            return new Classifier(Backends.configOf(backend), backend);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** @return the model's configuration */
    public ModelConfig config() {
        return config;
    }

    /** @return the backend that runs the network */
    public BackendKind backendKind() {
        return backend.kind();
    }

    /**
     * Sets the largest image (width x height) that {@link #classify(byte[], String, int)} and
     * {@link #classify(Path, int)} decode; larger images are refused from their header. Same as
     * {@code setImageGuard(imageGuard().withMaxPixels(pixels))}.
     */
    public void setMaxPixels(long pixels) {
        setImageGuard(guard.withMaxPixels(pixels));
    }

    /** @return the image size limit in pixels */
    public long maxPixels() {
        return guard.maxPixels();
    }

    /**
     * Sets the limits on decoded images (pixels, aspect ratio, resize output).
     *
     * @param guard the limits
     */
    public synchronized void setImageGuard(ImageGuard guard) {
        this.preprocessor = new ImagePreprocessor(config, guard);
        this.guard = guard;
    }

    /** @return the limits on decoded images */
    public ImageGuard imageGuard() {
        return guard;
    }

    /**
     * @param image any image (colour is converted to the model's channels)
     * @param topK how many classes to return
     * @return the most probable classes, most probable first
     */
    public List<Prediction> classify(BufferedImage image, int topK) {
        return classifyAll(List.of(image), topK).get(0);
    }

    /**
     * Classifies an image file.
     *
     * @throws IOException naming the file when it cannot be read or decoded, or is too large
     */
    public List<Prediction> classify(Path imageFile, int topK) throws IOException {
        return predict(preprocess(decode(imageFile)), 1, topK).get(0);
    }

    /**
     * Classifies an encoded image held in memory.
     *
     * @param encoded JPEG or PNG bytes
     * @param source what the bytes are, for messages
     * @throws dev.hsresnet.data.ImageTooLargeException when the header declares more than
     *     {@link #maxPixels()} pixels, or the resize would exceed the guard's resize limit
     *     (nothing is decoded)
     * @throws dev.hsresnet.data.ImageAspectRatioException when the header declares too
     *     elongated an image (nothing is decoded)
     * @throws IOException naming {@code source} when the bytes are not a readable image
     */
    public List<Prediction> classify(byte[] encoded, String source, int topK) throws IOException {
        return predict(preprocess(decode(encoded, source)), 1, topK).get(0);
    }

    /** Classifies a DJL image (any {@code ai.djl.modality.cv.ImageFactory} implementation). */
    public List<Prediction> classify(ai.djl.modality.cv.Image image, int topK) {
        return predict(preprocessor.apply(image), 1, topK).get(0);
    }

    /**
     * Classifies several images in one batch.
     *
     * @return one top-k list per image, in order
     */
    public List<List<Prediction>> classifyAll(List<BufferedImage> images, int topK) {
        if (images.isEmpty()) {
            return List.of();
        }
        float[] batch = new float[images.size() * imageLength()];
        for (int i = 0; i < images.size(); i++) {
            float[] one = preprocessor.apply(images.get(i));
            System.arraycopy(one, 0, batch, i * one.length, one.length);
        }
        return predict(batch, images.size(), topK);
    }

    /**
     * Decodes an encoded image after checking its header against {@link #imageGuard()}, with the
     * resize of the model's preprocessing.
     *
     * @throws dev.hsresnet.data.ImageTooLargeException naming {@code source} when it or its
     *     resize has too many pixels
     * @throws dev.hsresnet.data.ImageAspectRatioException naming {@code source} when it is
     *     too elongated
     * @throws IOException naming {@code source} when it is not a readable image
     */
    public Image decode(byte[] encoded, String source) throws IOException {
        return preprocessor.toImage(ImageDecoder.readImage(encoded, source, guard,
                config.preprocessing().resizeSize()));
    }

    /**
     * Decodes an image file with this classifier's size limit.
     *
     * @throws IOException naming the file
     */
    public Image decode(Path imageFile) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(imageFile);
        } catch (IOException e) {
            throw new IOException("cannot read image file " + imageFile + ": " + e, e);
        }
        return decode(bytes, "image file " + imageFile);
    }

    /**
     * Applies the model's evaluation preprocessing.
     *
     * @param image a decoded image with the model's number of channels
     * @return {@code channels x size x size} normalized values
     * @throws dev.hsresnet.data.ImageBudgetException when its resize would exceed the
     *     guard's resize limit (nothing is allocated)
     * @throws IllegalArgumentException when its channels are not the model's
     */
    public float[] preprocess(Image image) {
        return preprocessor.apply(image);
    }

    /** @return values per preprocessed image: channels x size x size */
    public int imageLength() {
        return preprocessor.imageLength();
    }

    /**
     * Runs preprocessed images through the network.
     *
     * @param batch {@code n} preprocessed images, back to back ({@code n * imageLength()} values)
     * @param n number of images
     * @param topK classes per image
     * @return one top-k list per image
     */
    public List<List<Prediction>> predict(float[] batch, int n, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be >= 1, got " + topK);
        }
        float[][] logits = backend.logits(batch, n);
        List<List<Prediction>> out = new ArrayList<>(n);
        for (float[] row : logits) {
            out.add(TopK.of(row, topK, config.labels()));
        }
        return out;
    }

    @Override
    public void close() {
        backend.close();
    }
}
