package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.spec.BlockLayout;
import dev.hsresnet.core.spec.Shortcut;

/**
 * The residual bottleneck, with its 3x3 stage as a parameter (an {@link HSBlock} or a plain conv):
 *
 * <pre>
 * out = ReLU(BN1(Conv1x1(x -&gt; mid)))
 * out = stage(out)                      mid -&gt; mid, with the block's stride
 * out = BN3(Conv1x1(mid -&gt; out))
 * y   = ReLU(out + shortcut(x))         identity, or the projection when the shape changes
 * </pre>
 *
 * Input {@code (N, in, H, W)}, output {@code (N, out, H/stride, W/stride)}. The projection exists
 * when the channels change or the block is the first of a later stage ({@link
 * BlockLayout#stageForm()}, also when dilation made its stride 1: the weights stay those of the
 * undilated network). PyTorch names: {@code
 * conv1, bn1, hs | conv2 bn2, conv3, bn3, downsample}.
 */
public final class Bottleneck extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final int stride;
    private final Conv conv1;
    private final BatchNorm bn1;
    private final Block stage;
    private final Conv conv3;
    private final BatchNorm bn3;
    private final SequentialBlock downsample;

    /**
     * @param inChannels input channels
     * @param midChannels channels of the 3x3 stage
     * @param outChannels output channels
     * @param stride 1 or 2 (applied by the 3x3 stage and the shortcut)
     * @param spatial the 3x3 stage
     * @param shortcut the projection type used when {@code stride > 1} or channels change
     */
    public Bottleneck(
            int inChannels,
            int midChannels,
            int outChannels,
            int stride,
            SpatialStage spatial,
            Shortcut shortcut) {
        this(inChannels, midChannels, outChannels, BlockLayout.undilated(stride), spatial,
                shortcut);
    }

    /**
     * @param inChannels input channels
     * @param midChannels channels of the 3x3 stage
     * @param outChannels output channels
     * @param layout stride (of the 3x3 stage and the shortcut), dilation and form of the 3x3
     *     stage
     * @param spatial the 3x3 stage
     * @param shortcut the projection type used when the stride is 2 or channels change
     */
    public Bottleneck(
            int inChannels,
            int midChannels,
            int outChannels,
            BlockLayout layout,
            SpatialStage spatial,
            Shortcut shortcut) {
        super(VERSION);
        int stride = layout.stride();
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        this.conv1 = addChildBlock("conv1", Layers.conv(midChannels, 1, 1));
        this.bn1 = addChildBlock("bn1", Layers.batchNorm());
        this.stage = addChildBlock(spatial.childName(), spatial.create(midChannels, layout));
        this.conv3 = addChildBlock("conv3", Layers.conv(outChannels, 1, 1));
        this.bn3 = addChildBlock("bn3", Layers.batchNorm());
        this.downsample =
                layout.stageForm() || stride != 1 || inChannels != outChannels
                        ? addChildBlock(
                                "downsample",
                                Shortcuts.projection(shortcut, outChannels, stride))
                        : null;
    }

    /** @return the 3x3 stage block ({@link HSBlock} or {@link PlainConvStage}) */
    public Block stage() {
        return stage;
    }

    /** @return the last BatchNorm, whose gamma zero-init targets */
    public BatchNorm lastBatchNorm() {
        return bn3;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = conv1.forward(ps, inputs, training);
        out = BatchNormFolding.batchNorm(conv1, bn1, ps, out, training);
        out = new NDList(Activation.relu(out.singletonOrThrow()));
        out = stage.forward(ps, out, training);
        out = conv3.forward(ps, out, training);
        out = BatchNormFolding.batchNorm(conv3, bn3, ps, out, training);
        NDArray shortcut =
                downsample == null
                        ? inputs.singletonOrThrow()
                        : BatchNormFolding.forward(downsample, ps, inputs, training)
                                .singletonOrThrow();
        return new NDList(Activation.relu(out.singletonOrThrow().add(shortcut)));
    }

    /**
     * Folds {@code bn1} into {@code conv1}, {@code bn3} into {@code conv3}, the 3x3 stage's and
     * the projection shortcut's BatchNorms into their convs ({@link BatchNormFolding}).
     */
    void foldBatchNorm() {
        conv1.fold(bn1);
        if (stage instanceof HSBlock hs) {
            hs.foldBatchNorm();
        } else if (stage instanceof PlainConvStage plain) {
            plain.foldBatchNorm();
        }
        conv3.fold(bn3);
        if (downsample != null) {
            BatchNormFolding.foldSequential(downsample);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape mid = stage.getOutputShapes(conv1.getOutputShapes(inputShapes))[0];
        return new Shape[] {Layers.nchw(mid, outChannels, mid.get(2), mid.get(3))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes[0].get(1) != inChannels) {
            throw new IllegalArgumentException(
                    "bottleneck expects " + inChannels + " input channels, got shape "
                            + inputShapes[0]);
        }
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] mid = conv1.getOutputShapes(inputShapes);
        bn1.initialize(manager, dataType, mid);
        stage.initialize(manager, dataType, mid);
        Shape[] staged = stage.getOutputShapes(mid);
        conv3.initialize(manager, dataType, staged);
        bn3.initialize(manager, dataType, conv3.getOutputShapes(staged));
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public String toString() {
        return "Bottleneck(" + inChannels + " -> " + outChannels + ", stride=" + stride
                + ", " + stage + ")";
    }
}
