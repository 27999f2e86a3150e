package dev.hsresnet.deploy.instance;

import dev.hsresnet.deploy.TaskBackends;
import dev.hsresnet.deploy.detection.FcosTask;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceTask;

/**
 * Opens a saved instance segmentation model on a backend, as {@code DetectionBackends} does for
 * detectors ({@link TaskBackends} makes the choice): a model directory on DJL, or on ONNX Runtime
 * (after an in-memory export), or an exported {@code .onnx} file on ONNX Runtime. The one place
 * the backends are chosen ({@link DjlInstanceBackend}, {@link OrtInstanceBackend}).
 */
public final class InstanceBackends {

    /**
     * How an instance model's backends are built, for {@link TaskBackends#open}: {@code djl}, {@code onnx}
     * (exported in memory), or {@code auto} (the backend {@code HSRESNET_BACKEND} forces, else
     * ONNX Runtime for an {@code .onnx} file and DJL for a directory: not measured).
     */
    static final FcosTask<InstanceModel, InstanceBackend> TASK = new FcosTask<>(
            InstanceTask.NAME, InstanceModel.class, InstanceBackends::djl,
            (config, weights) -> OnnxExporter.exportInstance(config, weights,
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
}
