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

/**
 * DeepLabV3's decode head, as torchvision's {@code DeepLabHead}: {@link Aspp} of {@code channels}
 * (1x1, three dilated 3x3 and image pooling, then the 1x1 projection; no Dropout(0.5)), a 3x3 conv
 * + BN + ReLU of {@code channels}, and a 1x1 classifier with bias. It reads one level, the
 * backbone's last (C5), best dilated.
 *
 * <p>Input {@code (N, C, H, W)}, output {@code (N, numClasses, H, W)} at the input level's
 * resolution. PyTorch names: {@code aspp.*} (see {@link Aspp}), {@code bottleneck.conv.weight},
 * {@code bottleneck.bn.*}, {@code conv_seg.weight|bias} (torchvision's {@code classifier.0},
 * {@code classifier.1-3} and {@code classifier.4}).
 */
public final class AsppHead extends AbstractBlock implements FoldableHead {

    private static final byte VERSION = 1;

    private final int numClasses;
    private final Aspp aspp;
    private final ConvBnRelu bottleneck;
    private final Block convSeg;

    /**
     * @param rates the ASPP's dilation rates ({@link SegmentationSpec#asppRates()})
     * @param channels channels of the ASPP branches, its projection and the 3x3 conv
     * @param numClasses output classes
     */
    public AsppHead(int[] rates, int channels, int numClasses) {
        super(VERSION);
        if (numClasses < 1) {
            throw new IllegalArgumentException("ASPP head needs classes >= 1, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.aspp = addChildBlock("aspp", new Aspp(rates, channels));
        this.bottleneck = addChildBlock("bottleneck", new ConvBnRelu(channels, 3));
        this.convSeg = addChildBlock("conv_seg", Layers.biasConv(numClasses, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = aspp.forward(ps, new NDList(inputs.singletonOrThrow()), training);
        return convSeg.forward(ps, bottleneck.forward(ps, y, training), training);
    }

    @Override
    public void foldBatchNorm() {
        aspp.foldBatchNorm();
        bottleneck.foldBatchNorm();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), numClasses, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        aspp.initialize(manager, dataType, inputShapes);
        Shape[] features = aspp.getOutputShapes(inputShapes);
        bottleneck.initialize(manager, dataType, features);
        convSeg.initialize(manager, dataType, features);
    }
}
