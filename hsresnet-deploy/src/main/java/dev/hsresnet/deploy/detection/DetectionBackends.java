package dev.hsresnet.deploy.detection;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.deploy.BackendChoice;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens a saved detection model on a backend, as {@code SegmentationBackends} does for
 * segmentation: a model directory on DJL, or on ONNX Runtime (after an in-memory export), or an
 * exported {@code .onnx} file on ONNX Runtime.
 *
 * <p><b>The one place the backends are chosen.</b> {@link #djl(DetectionModel)} and {@link
 * #onnx(Path, ModelConfig)} / {@link #onnxFile(Path)} are where the real implementations are
 * wired; everything else in this package ({@link Detector}, the server, the CLI) only sees the
 * {@link DetectionBackend} interface.
 */
public final class DetectionBackends {

    /**
     * A backend with the configuration it runs.
     *
     * @param config the model's configuration
     * @param backend the network
     */
    record Opened(ModelConfig config, DetectionBackend backend) {}

    private DetectionBackends() {}

    /**
     * The DJL path: the network as trained, run by libtorch with its parameters frozen and its
     * backbone's BatchNorms folded ({@code FcosNet.prepareForInference()}).
     *
     * @param model the loaded model; the backend owns it, prepares it for inference (a training
     *     forward throws from then on) and closes it
     * @return the backend
     */
    public static DetectionBackend djl(DetectionModel model) {
        // WIRE(det-onnx): replace with `new DjlDetectionBackend(model)` once that class lands;
        // this minimal version runs the same forward and copies the three outputs out.
        return new MinimalDjl(model);
    }

    /**
     * @param model a detection model directory, or an exported detection {@code .onnx} file
     * @param kind {@code djl}, {@code onnx}, or {@code auto}: the backend {@link
     *     BackendChoice#forced()} names, else ONNX Runtime for an {@code .onnx} file and DJL for a
     *     directory (detection does not measure the two)
     * @param log receives one line naming the backend {@code auto} chose and why
     * @return the opened backend and its configuration
     * @throws IOException naming the file when the model cannot be loaded or is not a detection
     *     model
     */
    static Opened open(Path model, BackendKind kind, Consumer<String> log) throws IOException {
        boolean onnxFile = Files.isRegularFile(model);
        BackendKind chosen = kind == BackendKind.AUTO ? auto(onnxFile, log) : kind;
        if (onnxFile && chosen != BackendKind.ONNX) {
            throw new IOException(model + " is a file; the djl backend needs a model directory "
                    + "(model.json + weights), an exported .onnx file needs --backend onnx");
        }
        if (onnxFile) {
            return onnxFile(model);
        }
        ModelConfig config = ModelDir.readConfig(model);
        requireDetection(config, model);
        return chosen == BackendKind.ONNX ? onnx(model, config) : openDjl(model);
    }

    /**
     * The ONNX Runtime path of a model directory: the detector exported in memory (heads raw),
     * run by ONNX Runtime.
     *
     * @param dir the model directory
     * @param config its configuration ({@code task: detection})
     * @return the backend and the configuration
     * @throws IOException naming the directory when it cannot be exported or run
     */
    static Opened onnx(Path dir, ModelConfig config) throws IOException {
        // WIRE(det-onnx): export with the detection ONNX exporter and wrap the session in
        // OrtDetectionBackend: `new Opened(config, new OrtDetectionBackend(...))`.
        throw new IOException(dir + ": the ONNX Runtime backend of detection models is not part "
                + "of this build yet; use --backend djl");
    }

    /**
     * The ONNX Runtime path of an exported {@code .onnx} file; its configuration comes from the
     * file's metadata.
     *
     * @param file the exported detector
     * @return the backend and the configuration
     * @throws IOException naming the file when it cannot be read or is not a detector
     */
    static Opened onnxFile(Path file) throws IOException {
        // WIRE(det-onnx): open the session, rebuild the ModelConfig (DetectionSpec, labels,
        // mean/std) from its metadata, and wrap it in OrtDetectionBackend.
        throw new IOException(file + ": the ONNX Runtime backend of detection models is not part "
                + "of this build yet; open the model directory with --backend djl");
    }

    private static BackendKind auto(boolean onnxFile, Consumer<String> log) {
        BackendKind forced = BackendChoice.forced();
        if (forced != null) {
            log.accept("backend " + forced.id() + " (forced by " + BackendChoice.forcedBy() + ")");
            return forced;
        }
        if (onnxFile) {
            log.accept("backend onnx (an exported .onnx file)");
            return BackendKind.ONNX;
        }
        log.accept("backend djl (detection models are not measured; --backend onnx runs ONNX "
                + "Runtime)");
        return BackendKind.DJL;
    }

    private static Opened openDjl(Path dir) throws IOException {
        NetworkModel loaded = ModelDir.loadAny(dir, LoadOptions.DEFAULT);
        if (!(loaded instanceof DetectionModel m)) {
            loaded.close();
            throw new IOException(dir + " holds a '" + loaded.config().taskName()
                    + "' model, not a detection model");
        }
        return new Opened(m.config(), djl(m));
    }

    /** @throws IOException naming the directory when it holds a model of another task */
    static void requireDetection(ModelConfig config, Path dir) throws IOException {
        if (!DetectionTask.NAME.equals(config.task())) {
            throw new IOException(dir + " holds a '" + config.taskName() + "' model, not a "
                    + DetectionTask.NAME + " model");
        }
    }

    /**
     * The checks every backend makes on its input.
     *
     * @return the shape {@code (n, channels, height, width)}
     * @throws IllegalArgumentException when a dimension is below 1 or {@code input} does not hold
     *     exactly that many floats
     */
    static Shape checkInput(float[] input, int n, int channels, int height, int width) {
        if (n < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("batch, height and width must be >= 1, got " + n
                    + ", " + height + ", " + width);
        }
        long expected = (long) n * channels * height * width;
        if (input.length != expected) {
            throw new IllegalArgumentException("input has " + input.length + " floats but " + n
                    + " images of " + channels + "x" + height + "x" + width + " need " + expected);
        }
        return new Shape(n, channels, height, width);
    }

    /**
     * The DJL forward, frozen and folded, each call in its own sub-manager of the model's so
     * that nothing accumulates between calls; stands in for the full {@code
     * DjlDetectionBackend}.
     */
    private static final class MinimalDjl implements DetectionBackend {

        private final DetectionModel model;
        private final int channels;

        MinimalDjl(DetectionModel model) {
            this.model = model;
            model.block().prepareForInference();
            this.channels = model.spec().backbone().inChannels();
        }

        @Override
        public RawOutputs run(float[] input, int n, int height, int width) {
            Shape shape = checkInput(input, n, channels, height, width);
            try (NDManager call = model.manager().newSubManager()) {
                NDList out = model.forward(call.create(input, shape), false);
                return new RawOutputs(out.get(0).toFloatArray(), out.get(1).toFloatArray(),
                        out.get(2).toFloatArray());
            }
        }

        @Override
        public BackendKind kind() {
            return BackendKind.DJL;
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
