package dev.hsresnet.deploy.segmentation;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.ImageModel;
import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import dev.hsresnet.vision.segmentation.SegmentationTask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Segments images with a saved semantic-segmentation model ({@code model.json} with {@code task:
 * segmentation}): decodes, normalizes with the model's {@code preprocessing.mean|std} (no resize,
 * no crop: the image is used whole, at its own size), runs the network and takes the most likely
 * class of every pixel. Thread-safe.
 *
 * <pre>{@code
 * try (Segmenter s = Segmenter.open(Path.of("runs/camvid/best"))) {
 *     SegmentationResult r = s.segment(Path.of("street.png"));
 *     LabelMask mask = r.mask();                       // height x width class indices
 *     r.largest(3).forEach(c -> System.out.println(c.name() + " " + c.fraction()));
 *     MaskPng.write(mask, s.numClasses(), Path.of("street-mask.png"));
 * }
 * }</pre>
 *
 * <p><b>Cost.</b> The network runs at the image's size, so memory grows with its pixels: the input
 * is {@code 3 * H * W} floats, the logits {@code K * H * W} float32 (K classes; 11 classes at
 * 1920x1080 are 91 MB, at 4096x4096 738 MB) and the network's activations come on top (at stride
 * 4 the neck and head hold several {@code 64..256 x H/4 x W/4} maps). The DJL backend keeps the
 * logits in native memory and takes the argmax there; ONNX Runtime copies them once to the Java
 * heap. Only the {@code H * W} mask is returned.
 *
 * <p><b>Limits.</b> Encoded images (files, bytes) go through an {@link ImageGuard} on their
 * header before decoding; decoded images ({@code BufferedImage}) are checked the same way before
 * conversion. The default guard allows {@value #DEFAULT_MAX_PIXELS} pixels (4096 x 4096), far
 * fewer than a classifier's, since nothing is resized down; larger or too elongated images are
 * refused with an {@link dev.hsresnet.data.ImageTooLargeException} or {@link
 * dev.hsresnet.data.ImageAspectRatioException} (files, bytes) or an {@link ImageBudgetException}
 * (decoded images) naming the sizes and the limit.
 */
public final class Segmenter extends ImageModel {

    /** The default pixel limit (width x height): 4096 x 4096. */
    public static final long DEFAULT_MAX_PIXELS = 4096L * 4096L;

    /** The default limits: {@link ImageGuard#DEFAULT} with {@link #DEFAULT_MAX_PIXELS}. */
    public static final ImageGuard DEFAULT_GUARD = ImageGuard.DEFAULT.withMaxPixels(
            DEFAULT_MAX_PIXELS);

    private final SegmentationBackend backend;
    private final Normalize normalize;

    /**
     * Wraps a backend; the segmenter owns it and closes it.
     *
     * @param config the model's configuration ({@code task: segmentation})
     * @param backend the network
     * @throws IllegalArgumentException when the configuration is not a segmentation model's or
     *     the model does not take 1- or 3-channel images
     */
    public Segmenter(ModelConfig config, SegmentationBackend backend) {
        super(config, SegmentationTask.spec(config).numClasses(), DEFAULT_GUARD); // checks the task
        this.backend = Objects.requireNonNull(backend, "backend");
        this.normalize = PreprocessingTransforms.normalize(config.preprocessing());
    }

    /**
     * Loads a segmentation model directory on the DJL backend (BatchNorm folded).
     *
     * @param modelDir a directory with {@code model.json} ({@code task: segmentation}) and its
     *     weights
     * @return the segmenter
     * @throws IOException naming the file when the directory cannot be loaded or holds another
     *     task
     */
    public static Segmenter open(Path modelDir) throws IOException {
        return open(modelDir, BackendKind.DJL, line -> { });
    }

    /**
     * Loads a segmentation model on the given backend.
     *
     * @param model a model directory, or an exported segmentation {@code .onnx} file (ONNX backend
     *     only; it has no class names, so they read {@code class_0}, {@code class_1}, ...)
     * @param kind {@code djl}; {@code onnx} (a directory is exported in memory first, BatchNorm
     *     folded); or {@code auto}: the backend {@code HSRESNET_BACKEND} or {@code
     *     -Dhsresnet.backend} forces, else ONNX Runtime for a file and DJL for a directory
     *     (unlike classifiers, segmentation does not measure the two yet)
     * @return the segmenter
     * @throws IOException naming the file when the model cannot be loaded or is not a
     *     segmentation model
     */
    public static Segmenter open(Path model, BackendKind kind) throws IOException {
        return open(model, kind, line -> { });
    }

    /**
     * Like {@link #open(Path, BackendKind)}, saying which backend {@code auto} chose.
     *
     * @param model a model directory or an exported segmentation {@code .onnx} file
     * @param kind the backend
     * @param log receives one line naming the backend {@code auto} chose and why
     * @return the segmenter
     * @throws IOException naming the file when the model cannot be loaded
     */
    public static Segmenter open(Path model, BackendKind kind, Consumer<String> log)
            throws IOException {
        return TaskBackends.open(model, kind, log, SegmentationBackends.TASK, Segmenter::new);
    }

    /**
     * Serves a model already in memory on DJL. The segmenter owns it: it freezes its parameters,
     * folds its BatchNorms (no training forward afterwards) and closes it.
     *
     * @param model a segmentation model
     * @return the segmenter
     */
    public static Segmenter of(SegmentationModel model) {
        return new Segmenter(model.config(), new DjlSegmentationBackend(model));
    }

    /**
     * @param model a model directory or an {@code .onnx} file
     * @return whether it holds a segmentation model ({@code task: segmentation} in its {@code
     *     model.json}, or in the file's metadata)
     * @throws IOException naming the file when it is neither a readable model directory nor an
     *     ONNX file
     */
    public static boolean isSegmentationModel(Path model) throws IOException {
        return TaskBackends.holds(model, SegmentationTask.NAME);
    }

    @Override
    public BackendKind backendKind() {
        return backend.kind();
    }

    /**
     * Segments a decoded image (colour is converted to the model's channels).
     *
     * @param image any image within the limits
     * @return its segmentation, at its size
     * @throws ImageBudgetException when it has more pixels than {@link #maxPixels()}, or is too
     *     elongated
     */
    public SegmentationResult segment(BufferedImage image) {
        checkSize(image.getWidth(), image.getHeight());
        return segmentOne(ImageDecoder.toImage(image, channels()));
    }

    /**
     * Segments an image file.
     *
     * @throws IOException naming the file when it cannot be read or decoded, or is refused for
     *     its size or aspect ratio (from its header, before decoding)
     */
    public SegmentationResult segment(Path imageFile) throws IOException {
        return segmentOne(decode(imageFile));
    }

    /**
     * Segments an encoded image (JPEG or PNG) held in memory.
     *
     * @throws IOException when the bytes are not a readable image or are refused for their size
     */
    public SegmentationResult segment(byte[] encoded) throws IOException {
        return segment(encoded, "encoded image");
    }

    /**
     * Segments an encoded image held in memory.
     *
     * @param encoded JPEG or PNG bytes
     * @param source what the bytes are, for messages
     * @throws dev.hsresnet.data.ImageTooLargeException naming {@code source} when its header
     *     declares more than {@link #maxPixels()} (nothing is decoded)
     * @throws IOException naming {@code source} when the bytes are not a readable image
     */
    public SegmentationResult segment(byte[] encoded, String source) throws IOException {
        return segmentOne(decode(encoded, source));
    }

    /**
     * Applies the model's preprocessing: {@code (x - mean[c]) / std[c]}, nothing else.
     *
     * @param image a decoded image with the model's number of channels, values in [0, 1]
     * @return the normalized image, same size
     * @throws ImageBudgetException when it is larger or more elongated than {@link #imageGuard()}
     *     allows
     * @throws IllegalArgumentException when its channels are not the model's
     */
    public Image preprocess(Image image) {
        checkImage(image);
        return normalize.apply(image, new SplittableRandom(0));
    }

    /**
     * Runs normalized images of one size through the network in one call.
     *
     * @param normalized images from {@link #preprocess}, all of the same height and width
     * @return one segmentation per image, in order
     * @throws IllegalArgumentException when the sizes or channels differ
     */
    public List<SegmentationResult> predict(List<Image> normalized) {
        if (normalized.isEmpty()) {
            return List.of();
        }
        Image first = normalized.get(0);
        int n = normalized.size();
        int h = first.height();
        int w = first.width();
        for (Image im : normalized) {
            if (im.height() != h || im.width() != w || im.channels() != channels()) {
                throw new IllegalArgumentException("a batch needs images of one size: "
                        + first.channels() + "x" + h + "x" + w + " and " + im.channels() + "x"
                        + im.height() + "x" + im.width());
            }
        }
        float[] input = first.pixels();
        if (n > 1) {
            int length = first.pixels().length;
            input = new float[Math.multiplyExact(n, length)];
            for (int i = 0; i < n; i++) {
                System.arraycopy(normalized.get(i).pixels(), 0, input, i * length, length);
            }
        }
        int[] labels = backend.labels(input, n, h, w);
        int plane = h * w;
        List<SegmentationResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] one = n == 1 ? labels : Arrays.copyOfRange(labels, i * plane, (i + 1) * plane);
            out.add(SegmentationResult.of(config().name(), new LabelMask(h, w, one), classes()));
        }
        return out;
    }

    /**
     * Segments an image already decoded (e.g. by {@link #decode(Path)}, to draw on it after).
     *
     * @param decoded values in [0, 1], the model's channels
     * @return the result
     */
    public SegmentationResult segment(Image decoded) {
        return segmentOne(decoded);
    }

    private SegmentationResult segmentOne(Image decoded) {
        return predict(List.of(preprocess(decoded))).get(0);
    }

    @Override
    public void close() {
        backend.close();
    }
}
