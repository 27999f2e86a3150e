package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A square convolution without bias, BatchNorm and ReLU: mmcv's {@code ConvModule} with a BN and
 * a ReLU, the unit of necks and heads. Input {@code (N, in, H, W)}, output {@code (N, out, H',
 * W')} as {@link Conv}. PyTorch names {@code conv.weight}, {@code bn.weight|bias|running_mean|
 * running_var}. The convolution runs on the engine path of {@link Conv} (correct on every CPU the
 * self-test has seen).
 */
public final class ConvBnRelu extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Conv conv;
    private final BatchNorm bn;

    /**
     * @param outChannels output channels
     * @param kernel odd kernel size (padding {@code kernel / 2})
     */
    public ConvBnRelu(int outChannels, int kernel) {
        this(outChannels, kernel, 1);
    }

    /**
     * @param outChannels output channels
     * @param kernel odd kernel size
     * @param dilation dilation in both directions (1: none; padding {@code dilation * (kernel /
     *     2)}, so the output keeps the input's size), e.g. an ASPP branch's rate
     */
    public ConvBnRelu(int outChannels, int kernel, int dilation) {
        super(VERSION);
        this.conv = addChildBlock("conv", Layers.conv(outChannels, kernel, 1, dilation));
        this.bn = addChildBlock("bn", Layers.batchNorm());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = conv.forward(ps, inputs, training);
        y = BatchNormFolding.batchNorm(conv, bn, ps, y, training);
        return new NDList(Activation.relu(y.singletonOrThrow()));
    }

    /**
     * Folds the BatchNorm into the convolution for inference ({@link BatchNormFolding}); a
     * training forward then throws. Calling it again does nothing.
     */
    public void foldBatchNorm() {
        if (!conv.absorbed(bn)) {
            conv.fold(bn);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
