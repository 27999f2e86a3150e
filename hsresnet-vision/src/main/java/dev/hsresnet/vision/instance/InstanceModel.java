package dev.hsresnet.vision.instance;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosModel;
import dev.hsresnet.vision.task.DenseModel;

/**
 * A YOLACT-on-FCOS instance segmenter in memory with its configuration ({@code model.json} with
 * {@code task: instance}); what {@link dev.hsresnet.core.model.ModelDir} saves and loads for this
 * task, its weights under the PyTorch names of {@link YolactNet} (the state dict of {@code
 * tools/reference/yolact_torch.py}). Close it to free the native memory.
 *
 * <pre>{@code
 * ModelConfig config = InstanceModels.config("yolact_hs_resnet26_lite", List.of("person"));
 * try (InstanceModel m = InstanceModel.create(config, 42)) {
 *     NDList out = m.forward(images, false);   // (N, 3, H, W) ->
 *     // [clsLogits (N, P, 1), boxDistances (N, P, 4), centernessLogits (N, P),
 *     //  coefficients (N, P, 16), prototypes (N, 16, H4, W4)]
 *     ModelDir.save(m, Path.of("pennfudan-model"));
 * }
 * }</pre>
 */
public final class InstanceModel extends DenseModel<InstanceSpec, YolactNet>
        implements FcosModel {

    /** The spatial size the parameters are initialized at (any size runs afterwards). */
    private static final int INIT_SIZE = 64;

    private InstanceModel(ModelConfig config, InstanceSpec spec) {
        super(config, spec, new YolactNet(spec), spec.backbone().inChannels(), INIT_SIZE);
    }

    /**
     * Builds the network with fresh weights, the same seed giving the same weights: the
     * detector's (the detector's initialization: the project's backbone and FPN initialization, mmdet's
     * FCOS head initialization, {@code conv_coeff} normal(0, 0.01) with zero bias, so the
     * coefficients start near 0) and mmdet's for the prototype branch (Xavier-uniform, zero
     * biases: {@link InstanceInit}).
     *
     * @param config a configuration with {@code task: instance}
     * @param seed the initialization seed
     * @return the model
     */
    public static InstanceModel create(ModelConfig config, long seed) {
        InstanceModel m = new InstanceModel(config, InstanceTask.spec(config));
        boolean ok = false;
        try {
            InstanceInit.apply(m.block(), seed, config.architecture().zeroInitLastBn());
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
     * @param config a configuration with {@code task: instance}
     * @return the model; its parameters hold DJL's default initialization
     */
    public static InstanceModel allocate(ModelConfig config) {
        return new InstanceModel(config, InstanceTask.spec(config));
    }

    @Override
    public DetectionSpec detectionSpec() {
        return spec().detection();
    }
}
