package dev.hsresnet.deploy.detection;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
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
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.DetectionTask;
import dev.hsresnet.vision.detection.FcosDecoder;
import dev.hsresnet.vision.detection.FcosNet;
import dev.hsresnet.vision.detection.FcosPoints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Detects objects with a saved FCOS model ({@code model.json} with {@code task: detection}):
 * decodes the image, resizes it with its aspect kept to the model's inference size ({@link
 * DetectionSpec#minSize()} short side, long side at most {@link DetectionSpec#maxSize()}; the
 * arithmetic of the data module's {@link ResizeKeepAspect}, so the model sees images as its
 * evaluation did), normalizes with the model's {@code preprocessing.mean|std}, pads with 0 at the
 * bottom and right to a multiple of {@value #SIZE_DIVISOR}, runs the network and decodes its
 * heads with {@link FcosDecoder} and the spec's inference settings (score threshold, top-k per
 * level, class-wise NMS, detections per image). Boxes come back in the image's own pixels.
 * Thread-safe.
 *
 * <pre>{@code
 * try (Detector d = Detector.open(Path.of("runs/raccoon/best"))) {
 *     DetectionResult r = d.detect(Path.of("raccoon.jpg"));        // the spec's threshold
 *     for (DetectedBox b : r.boxes()) {
 *         System.out.println(r.label(b) + " " + b.score() + " " + b.x1() + "," + b.y1());
 *     }
 *     DetectedObjects djl = r.toDetectedObjects();                // rectangles in [0, 1]
 *     DetectionJson.write(r, Path.of("raccoon.json"));
 * }
 * }</pre>
 *
 * <p><b>Batches.</b> {@link #prepare} and {@link #predict(List, double)} split the work for
 * callers that batch (the server): inputs of one padded size run in one call. Each image's
 * result does not depend on its batch: GroupNorm and the padding are per image, and the padded
 * size only depends on the image's size.
 *
 * <p><b>Limits.</b> Encoded images (files, bytes) go through an {@link ImageGuard} on their
 * header before decoding; decoded images are checked the same way. The default allows {@value
 * #DEFAULT_MAX_PIXELS} pixels (the server's default, about 8660 x 5773): a decoded image is held
 * as {@code 3 x H x W} floats until it is resized, while the network only sees the resized one
 * (at most {@code maxSize} on its long side).
 */
public final class Detector extends ImageModel {

    /** The default pixel limit (width x height): 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** The default limits: {@link ImageGuard#DEFAULT} with {@link #DEFAULT_MAX_PIXELS}. */
    public static final ImageGuard DEFAULT_GUARD = ImageGuard.DEFAULT.withMaxPixels(
            DEFAULT_MAX_PIXELS);

    /** Padded inputs are multiples of this: the stride of P5, as the data loader pads. */
    public static final int SIZE_DIVISOR = DetectionLoader.DEFAULT_SIZE_DIVISOR;

    private final DetectionSpec spec;
    private final DetectionBackend backend;
    private final Normalize normalize;
    private final FcosNet shapes;
    private final Map<Long, FcosPoints> points = new ConcurrentHashMap<>();
    private final FcosDecoder defaultDecoder;

    /**
     * Wraps a backend; the detector owns it and closes it.
     *
     * @param config the model's configuration ({@code task: detection})
     * @param backend the network
     * @throws IllegalArgumentException when the configuration is not a detection model's or the
     *     model does not take 1- or 3-channel images
     */
    public Detector(ModelConfig config, DetectionBackend backend) {
        super(config, DetectionTask.spec(config).numClasses(), DEFAULT_GUARD); // checks the task
        this.spec = DetectionTask.spec(config);
        this.backend = Objects.requireNonNull(backend, "backend");
        this.normalize = PreprocessingTransforms.normalize(config.preprocessing());
        this.shapes = new FcosNet(spec); // its size arithmetic only: never initialized
        this.defaultDecoder = BatchDetector.decoder(spec, spec.scoreThreshold());
    }

    /**
     * Loads a detection model directory on the DJL backend (BatchNorm folded).
     *
     * @param modelDir a directory with {@code model.json} ({@code task: detection}) and its
     *     weights
     * @return the detector
     * @throws IOException naming the file when the directory cannot be loaded or holds another
     *     task
     */
    public static Detector open(Path modelDir) throws IOException {
        return open(modelDir, BackendKind.DJL, line -> { });
    }

    /**
     * Loads a detection model on the given backend.
     *
     * @param model a model directory, or an exported detection {@code .onnx} file (ONNX backend
     *     only)
     * @param kind {@code djl}; {@code onnx}; or {@code auto}: the backend {@code
     *     HSRESNET_BACKEND} or {@code -Dhsresnet.backend} forces, else ONNX Runtime for a file
     *     and DJL for a directory
     * @return the detector
     * @throws IOException naming the file when the model cannot be loaded or is not a detection
     *     model
     */
    public static Detector open(Path model, BackendKind kind) throws IOException {
        return open(model, kind, line -> { });
    }

    /**
     * Like {@link #open(Path, BackendKind)}, saying which backend {@code auto} chose.
     *
     * @param model a model directory or an exported detection {@code .onnx} file
     * @param kind the backend
     * @param log receives one line naming the backend {@code auto} chose and why
     * @return the detector
     * @throws IOException naming the file when the model cannot be loaded
     */
    public static Detector open(Path model, BackendKind kind, Consumer<String> log)
            throws IOException {
        DetectionBackends.Opened opened = DetectionBackends.open(model, kind, log);
        try {
            return new Detector(opened.config(), opened.backend());
        } catch (RuntimeException e) {
            opened.backend().close();
            throw e;
        }
    }

    /**
     * Serves a model already in memory on DJL. The detector owns it: it freezes its parameters,
     * folds its BatchNorms (no training forward afterwards) and closes it.
     *
     * @param model a detection model
     * @return the detector
     */
    public static Detector of(DetectionModel model) {
        return new Detector(model.config(), DetectionBackends.djl(model));
    }

    /**
     * @param model a model directory or an {@code .onnx} file
     * @return whether it holds a detection model ({@code task: detection} in its {@code
     *     model.json}, or in the file's metadata)
     * @throws IOException naming the file when it is neither a readable model directory nor an
     *     ONNX file
     */
    public static boolean isDetectionModel(Path model) throws IOException {
        if (Files.isRegularFile(model)) {
            return DetectionTask.NAME.equals(OnnxMetadata.read(model).task());
        }
        return DetectionTask.NAME.equals(ModelDir.readConfig(model).task());
    }

    /** @return the network and its inference settings */
    public DetectionSpec spec() {
        return spec;
    }

    /** @return the score threshold used when none is given: the spec's {@code scoreThreshold} */
    public double scoreThreshold() {
        return spec.scoreThreshold();
    }

    @Override
    public BackendKind backendKind() {
        return backend.kind();
    }

    /**
     * Detects objects in a decoded image (colour is converted to the model's channels).
     *
     * @param image any image within the limits
     * @return its detections, in its pixels
     * @throws ImageBudgetException when it has more pixels than {@link #maxPixels()}, or is too
     *     elongated
     */
    public DetectionResult detect(BufferedImage image) {
        checkSize(image.getWidth(), image.getHeight());
        return detect(ImageDecoder.toImage(image, channels()));
    }

    /**
     * Detects objects in an image file.
     *
     * @throws IOException naming the file when it cannot be read or decoded, or is refused for
     *     its size or aspect ratio (from its header, before decoding)
     */
    public DetectionResult detect(Path imageFile) throws IOException {
        return detect(decode(imageFile));
    }

    /**
     * Detects objects in an encoded image (JPEG or PNG) held in memory.
     *
     * @throws IOException when the bytes are not a readable image or are refused for their size
     */
    public DetectionResult detect(byte[] encoded) throws IOException {
        return detect(decode(encoded, "encoded image"));
    }

    /**
     * Detects objects in an image already decoded (e.g. by {@link #decode(Path)}, to draw on it
     * after), with the spec's score threshold.
     *
     * @param decoded values in [0, 1], the model's channels
     * @return the result
     */
    public DetectionResult detect(Image decoded) {
        return detect(decoded, scoreThreshold());
    }

    /**
     * Detects objects with another score threshold.
     *
     * @param decoded values in [0, 1], the model's channels
     * @param scoreThreshold detections scoring at or below it are dropped before NMS, in [0, 1)
     * @return the result
     * @throws IllegalArgumentException when the threshold is outside [0, 1) or the image does
     *     not suit the model
     */
    public DetectionResult detect(Image decoded, double scoreThreshold) {
        return predict(List.of(prepare(decoded)), scoreThreshold).get(0);
    }

    /**
     * The model's preprocessing: resize with the aspect kept to the inference size, normalize,
     * pad to a multiple of {@value #SIZE_DIVISOR}.
     *
     * @param image a decoded image with the model's number of channels, values in [0, 1]
     * @return the network's input and what maps its boxes back
     * @throws ImageBudgetException when it is larger or more elongated than {@link #imageGuard()}
     *     allows
     * @throws IllegalArgumentException when its channels are not the model's
     */
    public DetectionInput prepare(Image image) {
        checkImage(image);
        SplittableRandom unused = new SplittableRandom(0); // the fixed resize draws one int
        DetectionSample resized = new ResizeKeepAspect(spec.minSize(), spec.minSize(),
                spec.maxSize(), imageGuard()).apply(new DetectionSample(image, List.of()), unused);
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
    public List<DetectionResult> predict(List<DetectionInput> inputs) {
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
    public List<DetectionResult> predict(List<DetectionInput> inputs, double scoreThreshold) {
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
        DetectionBackend.RawOutputs out = backend.run(batch, n, h, w);
        FcosPoints p = points(h, w);
        List<DetectionResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DetectionInput in = inputs.get(i);
            List<DetectedBox> found = decoder.decode(out.clsLogits(), out.boxDistances(),
                    out.centernessLogits(), i, p, in.validHeight(), in.validWidth(), 1f);
            results.add(new DetectionResult(config().name(), in.imageWidth(), in.imageHeight(),
                    toImagePixels(found, in), classes()));
        }
        return results;
    }

    /** @return the points of a padded input size, built once */
    private FcosPoints points(int h, int w) {
        return points.computeIfAbsent(((long) h << 32) | w,
                k -> new FcosPoints(spec.strides(), shapes.levelSizes(h, w)));
    }

    private FcosDecoder decoder(double scoreThreshold) {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("score threshold must be in [0, 1), got "
                    + scoreThreshold);
        }
        return scoreThreshold == spec.scoreThreshold() ? defaultDecoder
                : BatchDetector.decoder(spec, scoreThreshold);
    }

    /**
     * Divides by the resize's per-axis scales and clamps to the image (float rounding may pass
     * its edge by an ulp); a box left empty is dropped, as the decoder drops them.
     */
    private static List<DetectedBox> toImagePixels(List<DetectedBox> found, DetectionInput in) {
        List<DetectedBox> out = new ArrayList<>(found.size());
        float w = in.imageWidth();
        float h = in.imageHeight();
        for (DetectedBox d : found) {
            float x1 = clamp((float) (d.x1() / in.scaleX()), w);
            float y1 = clamp((float) (d.y1() / in.scaleY()), h);
            float x2 = clamp((float) (d.x2() / in.scaleX()), w);
            float y2 = clamp((float) (d.y2() / in.scaleY()), h);
            if (x2 > x1 && y2 > y1) {
                out.add(new DetectedBox(d.classIndex(), d.score(), x1, y1, x2, y2));
            }
        }
        return out;
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
    public void close() {
        backend.close();
    }
}
