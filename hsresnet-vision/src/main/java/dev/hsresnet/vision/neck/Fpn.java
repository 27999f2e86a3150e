package dev.hsresnet.vision.neck;

import ai.djl.ndarray.NDArray;
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
import dev.hsresnet.core.nn.ModuleList;
import dev.hsresnet.vision.nn.Resize;

/**
 * Feature Pyramid Network (Lin et al. 2017; mmdet's {@code FPN}): a 1x1 lateral convolution per
 * input level to {@code channels}, a top-down path adding each coarser level upsampled (nearest,
 * to the finer level's size) to the finer one, then a 3x3 output convolution per level.
 * Convolutions have biases and no normalization, as mmdet's default.
 *
 * <p>Optional extra levels, the FCOS/RetinaNet way (mmdet's {@code add_extra_convs='on_output'},
 * {@code relu_before_extra_convs=True}): the first is a 3x3 stride-2 convolution (with bias) of
 * the coarsest output, each further one a 3x3 stride-2 convolution of the ReLU of the level before
 * it. On C3-C5 with two extras this gives P3-P7 (P6 from P5's output, P7 from {@code relu(P6)});
 * a stride-2 3x3 convolution with padding 1 maps a size {@code n} to {@code ceil(n / 2)}.
 *
 * <p>Input: the backbone's levels, finest first, {@code (N, C_i, H_i, W_i)}; output: {@code
 * levels + extraLevels} levels, {@code (N, channels, H_i, W_i)}, finest first. PyTorch names
 * {@code lateral_convs.{i}.weight|bias} ({@code i < levels}), {@code fpn_convs.{i}.weight|bias}
 * ({@code i < levels + extraLevels}: the extra convolutions continue the numbering, as in mmdet).
 * Without extra levels the network is exactly the plain FPN.
 */
public final class Fpn extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int levels;
    private final int extraLevels;
    private final int channels;
    private final ModuleList lateralConvs;
    private final ModuleList fpnConvs;

    /**
     * An FPN without extra levels.
     *
     * @param levels number of input levels, at least 1
     * @param channels output channels of every level
     */
    public Fpn(int levels, int channels) {
        this(levels, channels, 0);
    }

    /**
     * @param levels number of input levels, at least 1
     * @param channels output channels of every level
     * @param extraLevels stride-2 levels added above the coarsest, 0 or more (2 for P6-P7 on
     *     C3-C5)
     */
    public Fpn(int levels, int channels, int extraLevels) {
        super(VERSION);
        if (levels < 1 || channels < 1 || extraLevels < 0) {
            throw new IllegalArgumentException("FPN needs levels >= 1, channels >= 1 and "
                    + "extraLevels >= 0, got " + levels + ", " + channels + ", " + extraLevels);
        }
        this.levels = levels;
        this.extraLevels = extraLevels;
        this.channels = channels;
        this.lateralConvs = addChildBlock("lateral_convs", new ModuleList());
        this.fpnConvs = addChildBlock("fpn_convs", new ModuleList());
        for (int i = 0; i < levels; i++) {
            lateralConvs.add(Layers.biasConv(channels, 1));
            fpnConvs.add(Layers.biasConv(channels, 3));
        }
        for (int i = 0; i < extraLevels; i++) {
            fpnConvs.add(new Conv(channels, 3, 2, 1, true));
        }
    }

    /** @return the number of input levels */
    public int inputLevels() {
        return levels;
    }

    /** @return the number of extra stride-2 levels above the coarsest input level */
    public int extraLevels() {
        return extraLevels;
    }

    /** @return the number of output levels, {@code inputLevels() + extraLevels()} */
    public int outputLevels() {
        return levels + extraLevels;
    }

    /** @return output channels per level */
    public int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        checkLevels(inputs.size());
        NDArray[] lateral = new NDArray[levels];
        for (int i = 0; i < levels; i++) {
            lateral[i] = lateralConvs.get(i).forward(ps, new NDList(inputs.get(i)), training)
                    .singletonOrThrow();
        }
        for (int i = levels - 1; i > 0; i--) {
            Shape finer = lateral[i - 1].getShape();
            lateral[i - 1] = lateral[i - 1].add(
                    Resize.nearest(lateral[i], finer.get(2), finer.get(3)));
        }
        NDList out = new NDList(levels + extraLevels);
        for (int i = 0; i < levels; i++) {
            out.add(fpnConvs.get(i).forward(ps, new NDList(lateral[i]), training)
                    .singletonOrThrow());
        }
        for (int i = levels; i < levels + extraLevels; i++) {
            NDArray previous = out.get(i - 1);
            NDArray in = i == levels ? previous : Activation.relu(previous);
            out.add(fpnConvs.get(i).forward(ps, new NDList(in), training).singletonOrThrow());
        }
        return out;
    }

    private void checkLevels(int given) {
        if (given != levels) {
            throw new IllegalArgumentException("FPN built for " + levels + " levels, got " + given);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkLevels(inputShapes.length);
        Shape[] out = new Shape[levels + extraLevels];
        for (int i = 0; i < levels; i++) {
            Shape s = inputShapes[i];
            out[i] = new Shape(s.get(0), channels, s.get(2), s.get(3));
        }
        for (int i = levels; i < out.length; i++) {
            out[i] = fpnConvs.get(i).getOutputShapes(new Shape[] {out[i - 1]})[0];
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkLevels(inputShapes.length);
        for (int i = 0; i < levels; i++) {
            lateralConvs.get(i).initialize(manager, dataType, inputShapes[i]);
            Shape s = inputShapes[i];
            fpnConvs.get(i).initialize(manager, dataType,
                    new Shape(s.get(0), channels, s.get(2), s.get(3)));
        }
        Shape[] out = getOutputShapes(inputShapes);
        for (int i = levels; i < out.length; i++) {
            fpnConvs.get(i).initialize(manager, dataType, out[i - 1]);
        }
    }
}
