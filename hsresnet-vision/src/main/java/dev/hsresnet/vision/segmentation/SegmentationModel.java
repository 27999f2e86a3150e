package dev.hsresnet.vision.segmentation;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.vision.task.DenseModel;
import dev.hsresnet.core.nn.WeightInit;

/**
 * A semantic-segmentation network in memory with its configuration ({@code model.json} with
 * {@code task: segmentation}); what {@link dev.hsresnet.core.model.ModelDir} saves and loads for
 * this task. Close it to free the native memory.
 *
 * <pre>{@code
 * ModelConfig config = SegmentationModels.config("fpn_hs_resnet26_lite", SegmentationDataset.CAMVID_CLASSES);
 * try (SegmentationModel m = SegmentationModel.create(config, 42)) {
 *     NDArray logits = m.forward(images, false).head();   // (N, 3, H, W) -> (N, 11, H, W)
 *     ModelDir.save(m, Path.of("camvid-model"));
 * }
 * }</pre>
 */
public final class SegmentationModel extends DenseModel<SegmentationSpec, SegmentationNet> {

    /** The spatial size the parameters are initialized at (any size runs afterwards). */
    private static final int INIT_SIZE = 64;

    private SegmentationModel(ModelConfig config, SegmentationSpec spec) {
        super(config, spec, new SegmentationNet(spec), spec.backbone().inChannels(), INIT_SIZE);
    }

    /**
     * Builds the network with fresh weights (He-normal convolutions, unit BN scales, zero
     * biases); the same seed gives the same weights.
     *
     * @param config a configuration with {@code task: segmentation}
     * @param seed the initialization seed
     * @return the model
     */
    public static SegmentationModel create(ModelConfig config, long seed) {
        SegmentationModel m = new SegmentationModel(config, SegmentationTask.spec(config));
        WeightInit.apply(m.block(), seed, config.architecture().zeroInitLastBn());
        return m;
    }

    /**
     * Builds the network without initializing its weights (for a loader to fill, or to read its
     * parameter shapes).
     *
     * @param config a configuration with {@code task: segmentation}
     * @return the model; its parameters hold DJL's default initialization
     */
    public static SegmentationModel allocate(ModelConfig config) {
        return new SegmentationModel(config, SegmentationTask.spec(config));
    }
}
