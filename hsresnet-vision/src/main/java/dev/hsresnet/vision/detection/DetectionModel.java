package dev.hsresnet.vision.detection;

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
import java.util.Map;
import java.util.Set;

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
public final class DetectionModel implements NetworkModel {

    /** The spatial size the parameters are initialized at (any size runs afterwards). */
    private static final int INIT_SIZE = 64;

    private final ModelConfig config;
    private final DetectionSpec spec;
    private final FcosNet network;
    private final Model model;
    private final Map<String, Parameter> parameters;

    private DetectionModel(ModelConfig config) {
        this.config = config;
        this.spec = DetectionTask.spec(config);
        this.network = new FcosNet(spec);
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
     * Builds the network with fresh weights ({@link DetectionInit}: the project's backbone and
     * FPN initialization, mmdet's FCOS head initialization with the prior-probability bias); the
     * same seed gives the same weights.
     *
     * @param config a configuration with {@code task: detection}
     * @param seed the initialization seed
     * @return the model
     */
    public static DetectionModel create(ModelConfig config, long seed) {
        DetectionModel m = new DetectionModel(config);
        boolean ok = false;
        try {
            DetectionInit.apply(m.network, seed, config.architecture().zeroInitLastBn());
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
        return new DetectionModel(config);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    /** @return the network as a value */
    public DetectionSpec spec() {
        return spec;
    }

    @Override
    public FcosNet block() {
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
     * @param training batch statistics in the backbone's BatchNorms when true
     * @return {@code [clsLogits (N, P, numClasses), boxDistances (N, P, 4), centernessLogits (N,
     *     P)]} as {@link FcosNet} describes them
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
