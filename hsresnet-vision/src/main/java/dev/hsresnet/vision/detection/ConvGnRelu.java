package dev.hsresnet.vision.detection;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.Conv;
import dev.hsresnet.core.nn.Layers;
import dev.hsresnet.vision.nn.GroupNorm;

/**
 * A 3x3 convolution without bias, GroupNorm and ReLU: mmcv's {@code ConvModule} with {@code
 * norm_cfg=dict(type='GN')}, the unit of the FCOS towers. Input {@code (N, channels, H, W)},
 * output the same shape. PyTorch names {@code conv.weight}, {@code gn.weight|bias}.
 */
final class ConvGnRelu extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Conv conv;
    private final GroupNorm gn;

    /**
     * @param channels input and output channels
     * @param groups GroupNorm groups, dividing {@code channels}
     */
    ConvGnRelu(int channels, int groups) {
        super(VERSION);
        this.conv = addChildBlock("conv", Layers.conv(channels, 3, 1));
        this.gn = addChildBlock("gn", new GroupNorm(groups, channels));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = gn.forward(ps, conv.forward(ps, inputs, training), training);
        return new NDList(Activation.relu(y.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        gn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
