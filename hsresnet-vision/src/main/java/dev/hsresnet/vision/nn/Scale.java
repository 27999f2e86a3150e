package dev.hsresnet.vision.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A learnable scalar multiplier, mmcv's {@code Scale}: {@code y = scale * x} for an input of any
 * shape. The parameter {@code scale} is a 0-dimensional tensor (PyTorch's {@code
 * nn.Parameter(torch.tensor(1.0))}, shape {@code []} in a state dict), 1.0 at first. FCOS gives
 * each pyramid level one, so that a regression head shared over levels can still output a
 * different range per level.
 */
public final class Scale extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Parameter scale;

    /** Creates the block; {@code scale} starts at 1. */
    public Scale() {
        super(VERSION);
        this.scale = addParameter(Parameter.builder().setName("scale")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape())
                .optInitializer(Initializer.ONES).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.mul(ps.getValue(scale, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
