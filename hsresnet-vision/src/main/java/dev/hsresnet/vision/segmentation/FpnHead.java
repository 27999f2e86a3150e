package dev.hsresnet.vision.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.ConvBnRelu;
import dev.hsresnet.core.nn.Layers;
import dev.hsresnet.core.nn.ModuleList;
import dev.hsresnet.vision.nn.Resize;
import dev.hsresnet.vision.nn.Upsample2x;

/**
 * The semantic FPN head (Kirillov et al. 2019, "Panoptic Feature Pyramid Networks"; mmseg's
 * {@code FPNHead}): level {@code i} of stride {@code s_i} goes through {@code max(1, log2(s_i /
 * s_0))} 3x3 conv + BN + ReLU units of {@code channels}, each followed by a 2x bilinear upsample
 * when {@code s_i > s_0}; the levels are summed at the finest level's size (bilinear resize of
 * the others, {@code align_corners=False}) and a 1x1 convolution with bias gives the class
 * logits.
 *
 * <p>Input: FPN levels finest first, strides {@code s_0 < s_1 < ...} (powers of two); output:
 * {@code (N, numClasses, H_0, W_0)}. PyTorch names: {@code scale_heads.{i}.{k}.conv.weight},
 * {@code scale_heads.{i}.{k}.bn.*} ({@code k} counts the upsamples too, as in an {@code
 * nn.Sequential}), {@code conv_seg.weight|bias}.
 */
public final class FpnHead extends AbstractBlock implements FoldableHead {

    private static final byte VERSION = 1;

    private final int[] strides;
    private final int numClasses;
    private final ModuleList scaleHeads;
    private final Block convSeg;

    /**
     * @param strides each level's stride, non-decreasing powers of two (4, 8, 16, 32; 4, 8, 8, 8 on a
     *     dilated backbone)
     * @param channels channels of the scale heads
     * @param numClasses output classes
     */
    public FpnHead(int[] strides, int channels, int numClasses) {
        super(VERSION);
        if (strides.length == 0 || channels < 1 || numClasses < 1) {
            throw new IllegalArgumentException("FPN head needs levels, channels >= 1 and classes "
                    + ">= 1");
        }
        this.strides = strides.clone();
        this.numClasses = numClasses;
        this.scaleHeads = addChildBlock("scale_heads", new ModuleList());
        for (int i = 0; i < strides.length; i++) {
            if (Integer.bitCount(strides[i]) != 1 || (i > 0 && strides[i] < strides[i - 1])) {
                throw new IllegalArgumentException("level strides must be non-decreasing powers of two, "
                        + "got " + java.util.Arrays.toString(strides));
            }
            int ups = Integer.numberOfTrailingZeros(strides[i])
                    - Integer.numberOfTrailingZeros(strides[0]);
            SequentialBlock head = new SequentialBlock();
            for (int k = 0; k < Math.max(1, ups); k++) {
                head.add(new ConvBnRelu(channels, 3));
                if (ups > 0) {
                    head.add(new Upsample2x());
                }
            }
            scaleHeads.add(head);
        }
        this.convSeg = addChildBlock("conv_seg", Layers.biasConv(numClasses, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        checkLevels(inputs.size());
        NDArray out = scaleHeads.get(0).forward(ps, new NDList(inputs.get(0)), training)
                .singletonOrThrow();
        long h = out.getShape().get(2);
        long w = out.getShape().get(3);
        for (int i = 1; i < strides.length; i++) {
            NDArray level = scaleHeads.get(i).forward(ps, new NDList(inputs.get(i)), training)
                    .singletonOrThrow();
            out = out.add(Resize.bilinear(level, h, w));
        }
        return convSeg.forward(ps, new NDList(out), training);
    }

    /** Folds every scale head's BatchNorms into their convolutions, for inference. */
    @Override
    public void foldBatchNorm() {
        for (int i = 0; i < scaleHeads.size(); i++) {
            for (var child : scaleHeads.get(i).getChildren()) {
                if (child.getValue() instanceof ConvBnRelu unit) {
                    unit.foldBatchNorm();
                }
            }
        }
    }

    private void checkLevels(int given) {
        if (given != strides.length) {
            throw new IllegalArgumentException("FPN head built for " + strides.length
                    + " levels, got " + given);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), numClasses, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkLevels(inputShapes.length);
        Shape finest = null;
        for (int i = 0; i < strides.length; i++) {
            scaleHeads.get(i).initialize(manager, dataType, inputShapes[i]);
            Shape out = scaleHeads.get(i).getOutputShapes(new Shape[] {inputShapes[i]})[0];
            finest = finest == null ? out : finest;
        }
        convSeg.initialize(manager, dataType, finest);
    }
}
