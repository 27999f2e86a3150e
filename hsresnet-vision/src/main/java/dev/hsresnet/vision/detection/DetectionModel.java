package dev.hsresnet.vision.detection;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.vision.task.DenseModel;

/**
 * An FCOS detector in memory with its configuration ({@code model.json} with {@code task:
 * detection}); what {@link dev.hsresnet.core.model.ModelDir} saves and loads for this task. Close
 * it to free the native memory.
 *
 * <pre>{@code
 * ModelConfig config = DetectionModels.config("fcos_hs_resnet26_lite", List.of("raccoon"));
 * try (DetectionModel m = DetectionModel.create(config, 42)) {
 *     NDList out = m.forward(images, false);   // (N, 3, H, W) ->
 *     // [clsLogits (N, P, 1), boxDistances (N, P, 4) in pixels, centernessLogits (N, P)]
 *     ModelDir.save(m, Path.of("raccoon-model"));
 * }
 * }</pre>
 */
public final class DetectionModel extends DenseModel<DetectionSpec, FcosNet>
        implements FcosModel {

    /** The spatial size the parameters are initialized at (any size runs afterwards). */
    private static final int INIT_SIZE = 64;

    private DetectionModel(ModelConfig config, DetectionSpec spec) {
        super(config, spec, new FcosNet(spec), spec.backbone().inChannels(), INIT_SIZE);
    }

    /**
     * Builds the network with fresh weights ({@link DetectionInit}: the project's backbone and
     * FPN initialization, mmdet's FCOS head initialization with the prior-probability bias); the
     * same seed gives the same weights.
     *
     * @param config a configuration with {@code task: detection}
     * @param seed the initialization seed
     * @return the model
     */
    public static DetectionModel create(ModelConfig config, long seed) {
        DetectionModel m = new DetectionModel(config, DetectionTask.spec(config));
        boolean ok = false;
        try {
            DetectionInit.apply(m.block(), seed, config.architecture().zeroInitLastBn());
            ok = true;
            return m;
        } finally {
            if (!ok) {
                m.close();
            }
        }
    }

    /**
     * Builds the network without initializing its weights (for a loader to fill, or to read its
     * parameter shapes).
     *
     * @param config a configuration with {@code task: detection}
     * @return the model; its parameters hold DJL's default initialization
     */
    public static DetectionModel allocate(ModelConfig config) {
        return new DetectionModel(config, DetectionTask.spec(config));
    }

    @Override
    public DetectionSpec detectionSpec() {
        return spec();
    }
}
