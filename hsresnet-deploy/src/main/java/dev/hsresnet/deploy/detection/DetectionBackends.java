package dev.hsresnet.deploy.detection;

import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionTask;

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

    /**
     * How a detection model's backends are built, for {@link TaskBackends#open}: {@code djl}, {@code onnx}
     * (exported in memory), or {@code auto} (the backend {@code HSRESNET_BACKEND} forces, else
     * ONNX Runtime for an {@code .onnx} file and DJL for a directory: not measured).
     */
    static final FcosTask<DetectionModel, DetectionBackend> TASK = new FcosTask<>(
            DetectionTask.NAME, DetectionModel.class, DetectionBackends::djl,
            (config, weights) -> OnnxExporter.exportDetection(config, weights,
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
}
