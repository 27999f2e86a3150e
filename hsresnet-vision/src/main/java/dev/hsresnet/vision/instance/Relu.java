package dev.hsresnet.vision.instance;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.ReLU()} as a block of a {@code SequentialBlock}: no parameters, but a
 * position in the {@code nn.Sequential} (and so in the state-dict names of the layers after it).
 * Any input shape; output the same shape.
 */
final class Relu extends AbstractBlock {

    private static final byte VERSION = 1;

    Relu() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Activation.relu(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
