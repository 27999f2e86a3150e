package dev.hsresnet.deploy.detection;

import dev.hsresnet.core.io.SafetensorsFile;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.deploy.BackendChoice;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtDetector;
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
 * <p>The one place the backends are chosen ({@link DjlDetectionBackend}, {@link
 * OrtDetectionBackend}); everything else in this package ({@link Detector}, the server, the CLI)
 * only sees the {@link DetectionBackend} interface.
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
        return new DjlDetectionBackend(model);
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
        SafetensorsFile weights = ModelDir.readWeights(dir, config);
        byte[] onnx = OnnxExporter.exportDetection(DetectionTask.spec(config), weights.tensors(),
                config.name(), config.preprocessing(), config.labels(), OnnxOptions.defaults());
        OrtDetector ort = OrtDetector.open(onnx, dir.resolve(ModelDir.CONFIG_FILE)
                + " (exported in memory)", 0);
        return new Opened(config, new OrtDetectionBackend(ort));
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
        OrtDetectionBackend backend = OrtDetectionBackend.open(file, 0);
        try {
            return new Opened(backend.detector().metadata().detectionConfig(file.toString()),
                    backend);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
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
}
