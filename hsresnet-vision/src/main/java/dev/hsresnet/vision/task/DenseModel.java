package dev.hsresnet.vision.task;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
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
 * A dense-task network in memory with its configuration and spec: the DJL model holding the
 * block, its parameters under PyTorch names, the forward on the input's manager, strict weight
 * loading. Segmentation and detection models are such models. Close it to free the native memory.
 *
 * @param <S> the spec
 * @param <N> the network block
 */
public abstract class DenseModel<S, N extends Block> implements NetworkModel {

    private final ModelConfig config;
    private final S spec;
    private final N network;
    private final Model model;
    private final Map<String, Parameter> parameters;

    /**
     * Builds the block's parameters (DJL's default initialization) at a small input.
     *
     * @param config the configuration
     * @param spec the network as a value
     * @param network the block built from it
     * @param inChannels input channels
     * @param initSize the spatial size the parameters are initialized at (any size runs later)
     */
    protected DenseModel(ModelConfig config, S spec, N network, int inChannels, int initSize) {
        this.config = config;
        this.spec = spec;
        this.network = network;
        this.model = Model.newInstance(config.name());
        boolean ok = false;
        try {
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(1, inChannels, initSize, initSize));
            this.parameters = StateDict.of(network);
            ok = true;
        } finally {
            if (!ok) {
                model.close();
            }
        }
    }

    @Override
    public final ModelConfig config() {
        return config;
    }

    /** @return the network as a value */
    public final S spec() {
        return spec;
    }

    @Override
    public final N block() {
        return network;
    }

    @Override
    public final Model djlModel() {
        return model;
    }

    @Override
    public final Map<String, Parameter> parameters() {
        return parameters;
    }

    /**
     * Runs the network; intermediate arrays attach to the input's manager.
     *
     * @param input {@code (N, inChannels, H, W)} float32, normalized as the configuration says
     * @param training batch statistics in BatchNorm when true
     * @return the task's outputs
     */
    @Override
    public NDList forward(NDArray input, boolean training) {
        return network.forward(new ParameterStore(input.getManager(), false), new NDList(input),
                training);
    }

    @Override
    public final void loadStateDict(Map<String, Tensor> tensors, String sourceName) {
        Weights.load(parameters, tensors, sourceName, "model '" + config.name() + "'", Set.of());
    }

    @Override
    public final void close() {
        model.close();
    }
}
