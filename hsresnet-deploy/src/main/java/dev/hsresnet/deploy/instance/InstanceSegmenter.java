package dev.hsresnet.deploy.instance;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageBudgetException;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.deploy.detection.DetectionInput;
import dev.hsresnet.deploy.detection.FcosImageModel;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.FcosDecoder;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.instance.DetectedInstance;
import dev.hsresnet.vision.instance.InstanceDecoder;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceSpec;
import dev.hsresnet.vision.instance.InstanceTask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds object instances with a saved YOLACT-on-FCOS model ({@code model.json} with {@code task:
 * instance}): the detector's preprocessing and batching ({@link FcosImageModel}: resize with the
 * aspect kept to the spec's inference size, normalize, pad to a multiple of {@value
 * #SIZE_DIVISOR}), the network, then {@link InstanceDecoder}: the FCOS detections with the spec's
 * settings and, for each, its mask assembled from the coefficients and prototypes, cropped to the
 * box at stride 4, resized bilinearly to the image's size and thresholded at {@value
 * InstanceDecoder#MASK_THRESHOLD}. Boxes and masks come back in the image's own pixels.
 * Thread-safe.
 *
 * <pre>{@code
 * try (InstanceSegmenter s = InstanceSegmenter.open(Path.of("runs/pennfudan/best"))) {
 *     InstanceResult r = s.segment(Path.of("street.jpg"));       // the spec's threshold
 *     for (DetectedInstance d : r.instances()) {
 *         System.out.println(r.label(d) + " " + d.box().score() + " " + d.mask().area() + " px");
 *     }
 *     DetectedObjects djl = r.toDetectedObjects();              // DJL Masks, boxes in [0, 1]
 *     InstanceJson.write(r, Path.of("street.json"));            // masks as COCO RLE
 * }
 * }</pre>
 */
public final class InstanceSegmenter
        extends FcosImageModel<InstanceBackend.RawOutputs, InstanceResult> {

    private final InstanceSpec spec;

    /**
     * Wraps a backend; the segmenter owns it and closes it.
     *
     * @param config the model's configuration ({@code task: instance})
     * @param backend the network
     * @throws IllegalArgumentException when the configuration is not an instance model's or the
     *     model does not take 1- or 3-channel images
     */
    public InstanceSegmenter(ModelConfig config, InstanceBackend backend) {
        super(config, InstanceTask.spec(config).detection(), backend); // checks the task
        this.spec = InstanceTask.spec(config);
    }

    /**
     * Loads an instance model directory on the DJL backend (BatchNorm folded).
     *
     * @param modelDir a directory with {@code model.json} ({@code task: instance}) and its weights
     * @return the segmenter
     * @throws IOException naming the file when the directory cannot be loaded or holds another
     *     task
     */
    public static InstanceSegmenter open(Path modelDir) throws IOException {
        return open(modelDir, BackendKind.DJL, line -> { });
    }

    /**
     * Loads an instance model on the given backend.
     *
     * @param model a model directory, or an exported instance {@code .onnx} file (ONNX backend
     *     only)
     * @param kind {@code djl}; {@code onnx}; or {@code auto}: the backend {@code
     *     HSRESNET_BACKEND} or {@code -Dhsresnet.backend} forces, else ONNX Runtime for a file
     *     and DJL for a directory
     * @return the segmenter
     * @throws IOException naming the file when the model cannot be loaded or is not an instance
     *     model
     */
    public static InstanceSegmenter open(Path model, BackendKind kind) throws IOException {
        return open(model, kind, line -> { });
    }

    /**
     * Like {@link #open(Path, BackendKind)}, saying which backend {@code auto} chose.
     *
     * @param model a model directory or an exported instance {@code .onnx} file
     * @param kind the backend
     * @param log receives one line naming the backend {@code auto} chose and why
     * @return the segmenter
     * @throws IOException naming the file when the model cannot be loaded
     */
    public static InstanceSegmenter open(Path model, BackendKind kind, Consumer<String> log)
            throws IOException {
        return TaskBackends.open(model, kind, log, InstanceBackends.TASK,
                InstanceSegmenter::new);
    }

    /**
     * Serves a model already in memory on DJL. The segmenter owns it: it freezes its parameters,
     * folds its BatchNorms (no training forward afterwards) and closes it.
     *
     * @param model an instance model
     * @return the segmenter
     */
    public static InstanceSegmenter of(InstanceModel model) {
        return new InstanceSegmenter(model.config(), InstanceBackends.djl(model));
    }

    /**
     * @param model a model directory or an {@code .onnx} file
     * @return whether it holds an instance model ({@code task: instance} in its {@code
     *     model.json}, or in the file's metadata)
     * @throws IOException naming the file when it is neither a readable model directory nor an
     *     ONNX file
     */
    public static boolean isInstanceModel(Path model) throws IOException {
        return TaskBackends.holds(model, InstanceTask.NAME);
    }

    /** @return the network, its prototypes and its inference settings */
    public InstanceSpec spec() {
        return spec;
    }

    /**
     * Segments a decoded image (colour is converted to the model's channels) with the spec's
     * score threshold.
     *
     * @param image any image within the limits
     * @return its instances, in its pixels
     * @throws ImageBudgetException when it has more pixels than {@link #maxPixels()}, or is too
     *     elongated
     */
    public InstanceResult segment(BufferedImage image) {
        return segment(image, scoreThreshold());
    }

    /**
     * As {@link #segment(BufferedImage)} with another score threshold, in [0, 1).
     *
     * @throws IllegalArgumentException when the threshold is outside [0, 1)
     */
    public InstanceResult segment(BufferedImage image, double scoreThreshold) {
        return segment(toImage(image), scoreThreshold);
    }

    /**
     * Segments an image file with the spec's score threshold.
     *
     * @throws IOException naming the file when it cannot be read or decoded, or is refused for
     *     its size or aspect ratio (from its header, before decoding)
     */
    public InstanceResult segment(Path imageFile) throws IOException {
        return segment(imageFile, scoreThreshold());
    }

    /** As {@link #segment(Path)} with another score threshold, in [0, 1). */
    public InstanceResult segment(Path imageFile, double scoreThreshold) throws IOException {
        return segment(decode(imageFile), scoreThreshold);
    }

    /**
     * Segments an encoded image (JPEG or PNG) held in memory with the spec's score threshold.
     *
     * @throws IOException when the bytes are not a readable image or are refused for their size
     */
    public InstanceResult segment(byte[] encoded) throws IOException {
        return segment(encoded, scoreThreshold());
    }

    /** As {@link #segment(byte[])} with another score threshold, in [0, 1). */
    public InstanceResult segment(byte[] encoded, double scoreThreshold) throws IOException {
        return segment(decode(encoded, "encoded image"), scoreThreshold);
    }

    /**
     * Segments an image already decoded (e.g. by {@link #decode(Path)}, to draw on it after),
     * with the spec's score threshold.
     *
     * @param decoded values in [0, 1], the model's channels
     * @return the result
     */
    public InstanceResult segment(Image decoded) {
        return segment(decoded, scoreThreshold());
    }

    /**
     * Segments with another score threshold.
     *
     * @param decoded values in [0, 1], the model's channels
     * @param scoreThreshold detections scoring at or below it are dropped before NMS, in [0, 1)
     * @return the result
     * @throws IllegalArgumentException when the threshold is outside [0, 1) or the image does
     *     not suit the model
     */
    public InstanceResult segment(Image decoded, double scoreThreshold) {
        return predictOne(decoded, scoreThreshold);
    }

    /**
     * Decodes one image: the detections in input pixels (scale 1), their masks cropped to those
     * boxes and resized from the valid input to the image, then the boxes mapped to the image's
     * pixels per axis.
     */
    @Override
    protected InstanceResult result(InstanceBackend.RawOutputs out, int image,
            DetectionInput in, FcosDecoder decoder, FcosPoints points) {
        List<DetectedInstance> found = new InstanceDecoder(decoder, spec.prototypes()).decode(
                out.clsLogits(), out.boxDistances(), out.centernessLogits(), out.coefficients(),
                out.prototypes(), image, points, new InstanceDecoder.Frame(in.validHeight(),
                        in.validWidth(), 1f, in.imageHeight(), in.imageWidth()));
        List<DetectedInstance> instances = new ArrayList<>(found.size());
        for (DetectedInstance d : found) {
            DetectedBox b = toImagePixels(d.box(), in);
            if (b != null) {
                instances.add(new DetectedInstance(b, d.mask()));
            }
        }
        return new InstanceResult(config().name(), in.imageWidth(), in.imageHeight(), instances,
                classes());
    }
}
