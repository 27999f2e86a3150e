package dev.hsresnet.vision.segmentation;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.ConvBnRelu;
import dev.hsresnet.core.nn.Layers;
import dev.hsresnet.core.nn.ModuleList;

/**
 * The auxiliary FCN head, as torchvision's {@code FCNHead}: a 3x3 conv without bias to {@code
 * channels} (a quarter of its input's in torchvision), BN, ReLU, and a 1x1 classifier with bias.
 * torchvision's Dropout(0.1) before the classifier is left out: the training loop has no resumable
 * dropout generator yet. It adds a loss on the backbone's C4 during training only.
 *
 * <p>Input {@code (N, C, H, W)}, output {@code (N, numClasses, H, W)}. PyTorch names as mmseg's
 * {@code FCNHead} with one conv: {@code convs.0.conv.weight}, {@code convs.0.bn.*}, {@code
 * conv_seg.weight|bias}.
 */
public final class FcnHead extends AbstractBlock implements FoldableHead {

    private static final byte VERSION = 1;

    private final int numClasses;
    private final ModuleList convs;
    private final Block convSeg;

    /**
     * @param channels hidden channels ({@link SegmentationSpec#auxChannels()})
     * @param numClasses output classes
     */
    public FcnHead(int channels, int numClasses) {
        super(VERSION);
        if (channels < 1 || numClasses < 1) {
            throw new IllegalArgumentException("FCN head needs channels >= 1 and classes >= 1, got "
                    + channels + ", " + numClasses);
        }
        this.numClasses = numClasses;
        this.convs = addChildBlock("convs", new ModuleList().add(new ConvBnRelu(channels, 3)));
        this.convSeg = addChildBlock("conv_seg", Layers.biasConv(numClasses, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = convs.get(0).forward(ps, new NDList(inputs.singletonOrThrow()), training);
        return convSeg.forward(ps, y, training);
    }

    @Override
    public void foldBatchNorm() {
        ((ConvBnRelu) convs.get(0)).foldBatchNorm();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), numClasses, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        convs.get(0).initialize(manager, dataType, inputShapes);
        convSeg.initialize(manager, dataType, convs.get(0).getOutputShapes(inputShapes));
    }
}
