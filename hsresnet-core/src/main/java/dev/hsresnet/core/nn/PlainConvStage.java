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
 * The baseline ResNet's 3x3 stage: 3x3 conv (stride 1 or 2, dilation d with padding d, no bias) +
 * BN + ReLU, {@code C -> C} channels, NCHW. Its children are PyTorch's {@code conv2} and {@code bn2} of the bottleneck.
 */
public final class PlainConvStage extends AbstractBlock implements InlineChildren {

    private static final byte VERSION = 1;

    private final int channels;
    private final int stride;
    private final int dilation;
    private final Conv conv2;
    private final BatchNorm bn2;

    /**
     * @param channels channels in and out
     * @param stride 1 or 2
     */
    public PlainConvStage(int channels, int stride) {
        this(channels, stride, 1);
    }

    /**
     * @param channels channels in and out
     * @param stride 1 or 2
     * @param dilation of the 3x3 conv, at least 1
     */
    public PlainConvStage(int channels, int stride, int dilation) {
        super(VERSION);
        if (channels < 1 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException(
                    "plain 3x3 stage needs channels >= 1, stride >= 1 and dilation >= 1, got "
                            + "channels=" + channels + ", stride=" + stride + ", dilation="
                            + dilation);
        }
        this.channels = channels;
        this.stride = stride;
        this.dilation = dilation;
        this.conv2 = addChildBlock("conv2", Layers.conv(channels, 3, stride, dilation));
        this.bn2 = addChildBlock("bn2", Layers.batchNorm());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = conv2.forward(ps, inputs, training);
        y = BatchNormFolding.batchNorm(conv2, bn2, ps, y, training);
        return new NDList(Activation.relu(y.singletonOrThrow()));
    }

    /** Folds {@code bn2} into {@code conv2} ({@link BatchNormFolding}). */
    void foldBatchNorm() {
        conv2.fold(bn2);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv2.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        conv2.initialize(manager, dataType, inputShapes);
        bn2.initialize(manager, dataType, conv2.getOutputShapes(inputShapes));
    }

    @Override
    public String toString() {
        return "PlainConvStage(channels=" + channels + ", stride=" + stride
                + (dilation > 1 ? ", dilation=" + dilation : "") + ")";
    }
}
