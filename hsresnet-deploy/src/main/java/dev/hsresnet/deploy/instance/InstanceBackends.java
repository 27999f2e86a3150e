package dev.hsresnet.deploy.instance;

import dev.hsresnet.deploy.BackendChoice;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.deploy.detection.FcosTask;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens a saved instance segmentation model on a backend, as {@code DetectionBackends} does for
 * detectors ({@link TaskBackends} makes the choice): a model directory on DJL, or on ONNX Runtime
 * (after an in-memory export), or an exported {@code .onnx} file on ONNX Runtime. The one place
 * the backends are chosen ({@link DjlInstanceBackend}, {@link OrtInstanceBackend}).
 */
public final class InstanceBackends {

    /** How an instance model's backends are built. */
    private static final FcosTask<InstanceModel, InstanceBackend> TASK = new FcosTask<>(
            InstanceTask.NAME, InstanceModel.class, InstanceBackends::djl,
            (config, weights) -> OnnxExporter.exportInstance(InstanceTask.spec(config), weights,
                    config.name(), config.preprocessing(), config.labels(),
                    OnnxOptions.defaults()),
            OrtInstanceBackend::new, OnnxMetadata::instanceConfig);

    private InstanceBackends() {}

    /**
     * The DJL path: the network run by libtorch with its parameters frozen and its backbone's
     * BatchNorms folded ({@code YolactNet.prepareForInference()}).
     *
     * @param model the loaded model; the backend owns it, prepares it for inference and closes it
     * @return the backend
     */
    public static InstanceBackend djl(InstanceModel model) {
        return new DjlInstanceBackend(model);
    }

    /**
     * @param model an instance model directory, or an exported instance {@code .onnx} file
     * @param kind {@code djl}, {@code onnx}, or {@code auto}: the backend {@link
     *     BackendChoice#forced()} names, else ONNX Runtime for an {@code .onnx} file and DJL for a
     *     directory (instance models are not measured)
     * @param log receives one line naming the backend {@code auto} chose and why
     * @return the opened backend and its configuration
     * @throws IOException naming the file when the model cannot be loaded or is not an instance
     *     model
     */
    static TaskBackends.Opened<InstanceBackend> open(Path model, BackendKind kind,
            Consumer<String> log) throws IOException {
        return TaskBackends.open(model, kind, log, TASK);
    }
}
