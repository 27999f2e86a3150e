package dev.hsresnet.deploy.detection;

import dev.hsresnet.deploy.BackendChoice;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens a saved detection model on a backend ({@link TaskBackends} makes the choice): a model
 * directory on DJL, or on ONNX Runtime (after an in-memory export), or an exported {@code .onnx}
 * file on ONNX Runtime.
 *
 * <p>The one place the backends are chosen ({@link DjlDetectionBackend}, {@link
 * OrtDetectionBackend}); everything else in this package ({@link Detector}, the server, the CLI)
 * only sees the {@link DetectionBackend} interface.
 */
public final class DetectionBackends {

    /** How a detection model's backends are built. */
    private static final FcosTask<DetectionModel, DetectionBackend> TASK = new FcosTask<>(
            DetectionTask.NAME, DetectionModel.class, DetectionBackends::djl,
            (config, weights) -> OnnxExporter.exportDetection(DetectionTask.spec(config),
                    weights, config.name(), config.preprocessing(), config.labels(),
                    OnnxOptions.defaults()),
            OrtDetectionBackend::new, OnnxMetadata::detectionConfig);

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
    static TaskBackends.Opened<DetectionBackend> open(Path model, BackendKind kind,
            Consumer<String> log) throws IOException {
        return TaskBackends.open(model, kind, log, TASK);
    }
}
