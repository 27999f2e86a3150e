package dev.hsresnet.deploy.detection;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.data.detection.ResizeKeepAspect;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.DetectionTask;
import dev.hsresnet.vision.detection.FcosDecoder;
import dev.hsresnet.vision.detection.FcosPoints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * <p><b>Batches and limits</b> are {@link FcosImageModel}'s: {@link #prepare} and {@link
 * #predict(List, double)} split the work for callers that batch (the server), and encoded images
 * are checked against an {@link dev.hsresnet.data.ImageGuard} on their header before decoding
 * ({@value #DEFAULT_MAX_PIXELS} pixels by default).
 */
public final class Detector
        extends FcosImageModel<DetectionBackend.RawOutputs, DetectionResult> {

    private final DetectionSpec spec;

    /**
     * Wraps a backend; the detector owns it and closes it.
     *
     * @param config the model's configuration ({@code task: detection})
     * @param backend the network
     * @throws IllegalArgumentException when the configuration is not a detection model's or the
     *     model does not take 1- or 3-channel images
     */
    public Detector(ModelConfig config, DetectionBackend backend) {
        super(config, DetectionTask.spec(config), backend); // checks the task
        this.spec = detectionSpec();
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
        return TaskBackends.open(model, kind, log, DetectionBackends.TASK, Detector::new);
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
        return TaskBackends.holds(model, DetectionTask.NAME);
    }

    /** @return the network and its inference settings */
    public DetectionSpec spec() {
        return spec;
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
        return detect(toImage(image));
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
        return predictOne(decoded, scoreThreshold);
    }

    @Override
    protected DetectionResult result(DetectionBackend.RawOutputs out, int image,
            DetectionInput in, FcosDecoder decoder, FcosPoints points) {
        List<DetectedBox> found = decoder.decode(out.clsLogits(), out.boxDistances(),
                out.centernessLogits(), image, points, in.validHeight(), in.validWidth(), 1f);
        List<DetectedBox> boxes = new ArrayList<>(found.size());
        for (DetectedBox d : found) {
            DetectedBox b = toImagePixels(d, in);
            if (b != null) {
                boxes.add(b);
            }
        }
        return new DetectionResult(config().name(), in.imageWidth(), in.imageHeight(), boxes,
                classes());
    }
}
