package dev.hsresnet.core.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.nn.WeightInit;
import java.util.Map;
import java.util.Set;

/**
 * A network in memory with its configuration: the DJL {@link Model} that owns the parameters, the
 * {@link ResNet} block, and the {@link ModelConfig} saved beside the weights. Close it to free the
 * native memory.
 *
 * <pre>{@code
 * try (ResNetModel m = ResNetModel.create(ModelConfig.of("hs_resnet29_cifar", 10, 3), 42)) {
 *     NDArray logits = m.forward(images, false);     // images: (N, 3, 32, 32) float32
 *     ModelDir.save(m, Path.of("my-model"));
 * }
 * }</pre>
 */
public final class ResNetModel implements NetworkModel {

    private final ModelConfig config;
    private final Model model;
    private final ResNet network;
    private final Map<String, Parameter> parameters;

    private ResNetModel(ModelConfig config, ResNet network) {
        this.config = config;
        this.network = network;
        this.model = Model.newInstance(config.name());
        boolean ok = false;
        try {
            model.setBlock(network);
            int size = config.inputSize();
            network.initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(1, config.architecture().inChannels(), size, size));
            this.parameters = StateDict.of(network);
            ok = true;
        } finally {
            if (!ok) {
                model.close();
            }
        }
    }

    /**
     * Builds a classifier with fresh weights; the same seed gives the same weights.
     *
     * @param config the configuration
     * @param seed the initialization seed
     * @return the model
     */
    public static ResNetModel create(ModelConfig config, long seed) {
        ResNetModel m = new ResNetModel(config, ResNet.of(config.architecture()));
        WeightInit.apply(m.network, seed, config.architecture().zeroInitLastBn());
        return m;
    }

    /**
     * Builds the network of {@code config} without meaningful weights, for a loader to fill.
     *
     * @param config the configuration
     * @param outIndices feature levels to return, or none for the classifier
     * @return the model; its parameters hold DJL's default initialization
     */
    static ResNetModel allocate(ModelConfig config, int... outIndices) {
        ResNet.Builder builder = ResNet.builder().setSpec(config.architecture());
        if (outIndices.length > 0) {
            builder.optOutIndices(outIndices);
        }
        return new ResNetModel(config, builder.build());
    }

    /** @return the configuration ({@code model.json}) */
    @Override
    public ModelConfig config() {
        return config;
    }

    /** @return the DJL block */
    public ResNet network() {
        return network;
    }

    @Override
    public ResNet block() {
        return network;
    }

    /** @return the DJL model owning the parameters */
    @Override
    public Model djlModel() {
        return model;
    }

    /** @return the manager owning the parameters; create inputs in a sub-manager of it */
    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    /** @return PyTorch name to parameter, in PyTorch order */
    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /**
     * Runs the network. Intermediate arrays attach to the input's manager: create the input in a
     * sub-manager and close it after use, or memory grows.
     *
     * @param input {@code (N, inChannels, H, W)} float32
     * @param training true for batch statistics in BatchNorm (running statistics are updated)
     * @return logits {@code (N, numClasses)}, pooled features {@code (N, C)} without a
     *     classifier, or the selected levels in feature mode
     */
    @Override
    public NDList forward(NDArray input, boolean training) {
        ParameterStore store = new ParameterStore(input.getManager(), false);
        return network.forward(store, new NDList(input), training);
    }

    /**
     * Replaces the weights, all or nothing (see {@link Weights#load}). A network whose BatchNorms
     * were folded ({@link ResNet#foldBatchNorm()}) is unfolded first, so the new weights are the
     * ones that run; fold again for inference.
     *
     * @param tensors PyTorch name to tensor
     * @param sourceName the file they came from, for messages
     * @throws dev.hsresnet.core.io.WeightsMismatchException when they do not fit; nothing changed
     */
    @Override
    public void loadStateDict(Map<String, Tensor> tensors, String sourceName) {
        Set<String> ignored = network.isFeatureMode() || config.architecture().numClasses() == 0
                ? Set.of("fc.")
                : Set.of();
        network.unfoldBatchNorm();
        Weights.load(parameters, tensors, sourceName, "model '" + config.name() + "'", ignored);
    }

    @Override
    public void close() {
        model.close();
    }
}
