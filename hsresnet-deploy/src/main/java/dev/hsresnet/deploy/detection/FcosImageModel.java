package dev.hsresnet.deploy.detection;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.data.detection.DetectionSample;
import dev.hsresnet.data.detection.ResizeKeepAspect;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.ImageModel;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosDecoder;
import dev.hsresnet.vision.detection.FcosNet;
import dev.hsresnet.vision.detection.FcosPoints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the predictors built on an FCOS detector share ({@link Detector}, the instance
 * segmenter): the preprocessing, batching and the detections' decoding settings. An image is
 * resized with its aspect kept to the model's inference size ({@link DetectionSpec#minSize()}
 * short side, long side at most {@link DetectionSpec#maxSize()}; the arithmetic of the data
 * module's {@link ResizeKeepAspect}, so the model sees images as its evaluation did), normalized
 * with the model's {@code preprocessing.mean|std} and padded with 0 at the bottom and right to a
 * multiple of {@value #SIZE_DIVISOR} ({@link #prepare}). Inputs of one padded size run in one
 * call ({@link #predict(List, double)}); each image's result does not depend on its batch
 * (GroupNorm and the padding are per image, and the padded size only depends on the image's
 * size). A subclass turns the raw outputs of one image into its result. Thread-safe.
 *
 * <p><b>Limits.</b> Encoded images (files, bytes) go through an {@link ImageGuard} on their
 * header before decoding; decoded images are checked the same way. The default allows {@value
 * #DEFAULT_MAX_PIXELS} pixels (the server's default, about 8660 x 5773): a decoded image is held
 * as {@code 3 x H x W} floats until it is resized, while the network only sees the resized one
 * (at most {@code maxSize} on its long side).
 *
 * @param <O> the network's raw outputs for a batch
 * @param <R> the result of one image
 */
public abstract class FcosImageModel<O, R> extends ImageModel {

    /** The default pixel limit (width x height): 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** The default limits: {@link ImageGuard#DEFAULT} with {@link #DEFAULT_MAX_PIXELS}. */
    public static final ImageGuard DEFAULT_GUARD = ImageGuard.DEFAULT.withMaxPixels(
            DEFAULT_MAX_PIXELS);

    /** Padded inputs are multiples of this: the stride of P5, as the data loader pads. */
    public static final int SIZE_DIVISOR = DetectionLoader.DEFAULT_SIZE_DIVISOR;

    private final DetectionSpec detection;
    private final FcosBackend<O> backend;
    private final Normalize normalize;
    private final FcosNet shapes;
    private final Map<Long, FcosPoints> points = new ConcurrentHashMap<>();
    private final FcosDecoder defaultDecoder;

    /**
     * Wraps a backend; the model owns it and closes it.
     *
     * @param config the model's configuration (its task already checked by the subclass)
     * @param detection the detector the network is or extends: its backbone, levels, input size
     *     and decoding settings
     * @param backend the network
     * @throws IllegalArgumentException when the model does not take 1- or 3-channel images
     */
    protected FcosImageModel(ModelConfig config, DetectionSpec detection,
            FcosBackend<O> backend) {
        super(config, detection.numClasses(), DEFAULT_GUARD);
        this.detection = detection;
        this.backend = Objects.requireNonNull(backend, "backend");
        this.normalize = PreprocessingTransforms.normalize(config.preprocessing());
        this.shapes = new FcosNet(detection); // its size arithmetic only: never initialized
        this.defaultDecoder = BatchDetector.decoder(detection, detection.scoreThreshold());
    }

    /** @return the detector's part of the network: levels, input size, decoding settings */
    public final DetectionSpec detectionSpec() {
        return detection;
    }

    /** @return the score threshold used when none is given: the spec's {@code scoreThreshold} */
    public final double scoreThreshold() {
        return detection.scoreThreshold();
    }

    @Override
    public final BackendKind backendKind() {
        return backend.kind();
    }

    /**
     * The model's preprocessing: resize with the aspect kept to the inference size, normalize,
     * pad to a multiple of {@value #SIZE_DIVISOR}.
     *
     * @param image a decoded image with the model's number of channels, values in [0, 1]
     * @return the network's input and what maps its outputs back
     * @throws ImageBudgetException when it is larger or more elongated than {@link #imageGuard()}
     *     allows
     * @throws IllegalArgumentException when its channels are not the model's
     */
    public final DetectionInput prepare(Image image) {
        checkImage(image);
        SplittableRandom unused = new SplittableRandom(0); // the fixed resize draws one int
        DetectionSample resized = new ResizeKeepAspect(detection.minSize(), detection.minSize(),
                detection.maxSize(), imageGuard()).apply(new DetectionSample(image, List.of()),
                unused);
        Image x = normalize.apply(resized.image(), unused);
        int h = roundUp(x.height());
        int w = roundUp(x.width());
        return new DetectionInput(pad(x, h, w), channels(), h, w, x.height(), x.width(),
                resized.scaleX(), resized.scaleY(), image.height(), image.width());
    }

    /**
     * Runs prepared inputs of one padded size through the network in one call and decodes each
     * with the spec's score threshold.
     *
     * @param inputs from {@link #prepare}, all of the same padded size
     * @return one result per input, in order
     */
    public final List<R> predict(List<DetectionInput> inputs) {
        return predict(inputs, scoreThreshold());
    }

    /**
     * Runs prepared inputs of one padded size through the network in one call and decodes each.
     *
     * @param inputs from {@link #prepare}, all of the same padded size and of the model's channels
     * @param scoreThreshold the score at or below which candidates are dropped, in [0, 1)
     * @return one result per input, in order
     * @throws IllegalArgumentException when the shapes differ or the threshold is out of range
     */
    public final List<R> predict(List<DetectionInput> inputs, double scoreThreshold) {
        FcosDecoder decoder = decoder(scoreThreshold);
        if (inputs.isEmpty()) {
            return List.of();
        }
        DetectionInput first = inputs.get(0);
        for (DetectionInput in : inputs) {
            if (!in.sameShape(first) || in.channels() != channels()) {
                throw new IllegalArgumentException("a batch needs inputs of one padded size and "
                        + "the model's " + channels() + " channels: " + first.channels() + "x"
                        + first.height() + "x" + first.width() + " and " + in.channels() + "x"
                        + in.height() + "x" + in.width());
            }
        }
        int n = inputs.size();
        int h = first.height();
        int w = first.width();
        float[] batch;
        if (n == 1) {
            batch = first.pixels();
        } else {
            int per = first.pixels().length;
            batch = new float[Math.multiplyExact(per, n)];
            for (int i = 0; i < n; i++) {
                System.arraycopy(inputs.get(i).pixels(), 0, batch, i * per, per);
            }
        }
        O out = backend.run(batch, n, h, w);
        FcosPoints p = points(h, w);
        List<R> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(result(out, i, inputs.get(i), decoder, p));
        }
        return results;
    }

    /**
     * Decodes one image of a batch.
     *
     * @param outputs the batch's raw outputs
     * @param image the image's index in the batch
     * @param input the image's prepared input (valid size, scales, original size)
     * @param decoder the detections' decoder, with the call's score threshold
     * @param points the locations of the batch's padded size
     * @return the image's result, in its own pixels
     */
    protected abstract R result(O outputs, int image, DetectionInput input, FcosDecoder decoder,
            FcosPoints points);

    /**
     * Prepares and predicts one decoded image.
     *
     * @param decoded values in [0, 1], the model's channels
     * @param scoreThreshold in [0, 1)
     * @return its result
     */
    protected final R predictOne(Image decoded, double scoreThreshold) {
        return predict(List.of(prepare(decoded)), scoreThreshold).get(0);
    }

    /**
     * @param image any image
     * @return it in the model's channels, values in [0, 1]
     * @throws ImageBudgetException when it has more pixels than {@link #maxPixels()}, or is too
     *     elongated
     */
    protected final Image toImage(BufferedImage image) {
        checkSize(image.getWidth(), image.getHeight());
        return ImageDecoder.toImage(image, channels());
    }

    /** @return the points of a padded input size, built once */
    private FcosPoints points(int h, int w) {
        return points.computeIfAbsent(((long) h << 32) | w,
                k -> new FcosPoints(detection.strides(), shapes.levelSizes(h, w)));
    }

    private FcosDecoder decoder(double scoreThreshold) {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("score threshold must be in [0, 1), got "
                    + scoreThreshold);
        }
        return scoreThreshold == detection.scoreThreshold() ? defaultDecoder
                : BatchDetector.decoder(detection, scoreThreshold);
    }

    /**
     * Maps a box decoded in input pixels (scale 1) to the image's pixels: divided by the resize's
     * per-axis scales and clamped to the image (float rounding may pass its edge by an ulp).
     *
     * @param box a decoded box in input pixels
     * @param in the image's input
     * @return the box in the image's pixels, or null when clamping left it empty (the decoder
     *     drops empty boxes too)
     */
    protected static DetectedBox toImagePixels(DetectedBox box, DetectionInput in) {
        float w = in.imageWidth();
        float h = in.imageHeight();
        float x1 = clamp((float) (box.x1() / in.scaleX()), w);
        float y1 = clamp((float) (box.y1() / in.scaleY()), h);
        float x2 = clamp((float) (box.x2() / in.scaleX()), w);
        float y2 = clamp((float) (box.y2() / in.scaleY()), h);
        return x2 > x1 && y2 > y1 ? new DetectedBox(box.classIndex(), box.score(), x1, y1, x2, y2)
                : null;
    }

    private static float clamp(float v, float max) {
        return Math.max(0f, Math.min(max, v));
    }

    private static int roundUp(int v) {
        return (v + SIZE_DIVISOR - 1) / SIZE_DIVISOR * SIZE_DIVISOR;
    }

    /** Copies a CHW image into the top-left corner of a zero {@code h x w} canvas. */
    private static float[] pad(Image x, int h, int w) {
        int c = x.channels();
        int ih = x.height();
        int iw = x.width();
        if (ih == h && iw == w) {
            return x.pixels();
        }
        float[] out = new float[Image.length(c, h, w)];
        float[] px = x.pixels();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < ih; y++) {
                System.arraycopy(px, (ch * ih + y) * iw, out, (ch * h + y) * w, iw);
            }
        }
        return out;
    }

    @Override
    public final void close() {
        backend.close();
    }
}
