package dev.hsresnet.vision.segmentation;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.nn.WeightInit;
import java.util.Map;
import java.util.Set;

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
public final class SegmentationModel implements NetworkModel {

    /** The spatial size the parameters are initialized at (any size runs afterwards). */
    private static final int INIT_SIZE = 64;

    private final ModelConfig config;
    private final SegmentationSpec spec;
    private final SegmentationNet network;
    private final Model model;
    private final Map<String, Parameter> parameters;

    private SegmentationModel(ModelConfig config) {
        this.config = config;
        this.spec = SegmentationTask.spec(config);
        this.network = new SegmentationNet(spec);
        this.model = Model.newInstance(config.name());
        boolean ok = false;
        try {
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(1, spec.backbone().inChannels(), INIT_SIZE, INIT_SIZE));
            this.parameters = StateDict.of(network);
            ok = true;
        } finally {
            if (!ok) {
                model.close();
            }
        }
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
        SegmentationModel m = new SegmentationModel(config);
        WeightInit.apply(m.network, seed, config.architecture().zeroInitLastBn());
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
        return new SegmentationModel(config);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    /** @return the network as a value */
    public SegmentationSpec spec() {
        return spec;
    }

    @Override
    public SegmentationNet block() {
        return network;
    }

    @Override
    public Model djlModel() {
        return model;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /**
     * Runs the network; intermediate arrays attach to the input's manager.
     *
     * @param input {@code (N, inChannels, H, W)} float32, normalized as the configuration says
     * @param training batch statistics in BatchNorm when true
     * @return logits {@code (N, numClasses, H, W)}
     */
    @Override
    public NDList forward(NDArray input, boolean training) {
        return network.forward(new ParameterStore(input.getManager(), false), new NDList(input),
                training);
    }

    @Override
    public void loadStateDict(Map<String, Tensor> tensors, String sourceName) {
        Weights.load(parameters, tensors, sourceName, "model '" + config.name() + "'", Set.of());
    }

    @Override
    public void close() {
        model.close();
    }
}
