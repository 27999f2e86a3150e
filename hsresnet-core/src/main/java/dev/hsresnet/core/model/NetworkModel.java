package dev.hsresnet.core.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import java.util.Map;

/**
 * A network of any task in memory with its configuration ({@code model.json}): a classifier
 * ({@link ResNetModel}) or a dense-task model (e.g. hsresnet-vision's segmentation model). What
 * {@link ModelDir} saves and loads, and what a training loop optimizes. Close it to free the
 * native memory.
 */
public interface NetworkModel extends AutoCloseable {

    /** @return the configuration ({@code model.json}) */
    ModelConfig config();

    /** @return the DJL block (its parameters carry the PyTorch names of {@link #parameters()}) */
    Block block();

    /** @return the DJL model owning the parameters */
    Model djlModel();

    /** @return the manager owning the parameters; create inputs in a sub-manager of it */
    default NDManager manager() {
        return djlModel().getNDManager();
    }

    /** @return PyTorch name to parameter (BN running statistics included), in PyTorch order */
    Map<String, Parameter> parameters();

    /**
     * Runs the network. Intermediate arrays attach to the input's manager.
     *
     * @param input {@code (N, inChannels, H, W)} float32
     * @param training true for batch statistics in BatchNorm (running statistics updated)
     * @return the task's outputs (a classifier's logits {@code (N, classes)}; a segmenter's
     *     logits {@code (N, classes, H, W)}, with auxiliary outputs after them when training)
     */
    NDList forward(NDArray input, boolean training);

    /**
     * Replaces the weights, all or nothing.
     *
     * @param tensors PyTorch name to tensor
     * @param sourceName the file they came from, for messages
     * @throws dev.hsresnet.core.io.WeightsMismatchException when they do not fit; nothing changed
     */
    void loadStateDict(Map<String, Tensor> tensors, String sourceName);

    /** @return every parameter copied to the host as F32, by PyTorch name */
    default Map<String, Tensor> stateDict() {
        return Weights.export(parameters());
    }

    /** @return the number of learnable values (BN running statistics excluded) */
    default long parameterCount() {
        return parameters().entrySet().stream()
                .filter(e -> !e.getKey().endsWith("running_mean")
                        && !e.getKey().endsWith("running_var"))
                .mapToLong(e -> e.getValue().getArray().size())
                .sum();
    }

    @Override
    void close();
}
