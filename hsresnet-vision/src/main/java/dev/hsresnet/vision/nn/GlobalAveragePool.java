package dev.hsresnet.vision.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.AdaptiveAvgPool2d(1)}: the mean over height and width, {@code (N, C, H, W)
 * -> (N, C, 1, 1)}. No parameters (in a PyTorch {@code nn.Sequential} it still takes a position,
 * as here in a {@code SequentialBlock}).
 */
public final class GlobalAveragePool extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates the block. */
    public GlobalAveragePool() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        // one reduction over H*W: DJL's PyTorch engine reduces one axis per mean
        return new NDList(x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}, true)
                .reshape(s.get(0), s.get(1), 1, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), 1, 1)};
    }
}
