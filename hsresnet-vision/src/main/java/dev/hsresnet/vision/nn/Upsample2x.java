package dev.hsresnet.vision.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False)}: {@code (N,
 * C, H, W) -> (N, C, 2H, 2W)}. No parameters (in a PyTorch {@code nn.Sequential} it still takes a
 * position, as here in a {@code SequentialBlock}).
 */
public final class Upsample2x extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates the block. */
    public Upsample2x() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Shape s = inputs.singletonOrThrow().getShape();
        return new NDList(Resize.bilinear(inputs.singletonOrThrow(), 2 * s.get(2), 2 * s.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3))};
    }
}
