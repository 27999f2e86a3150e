package dev.hsresnet.vision.neck;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.Layers;
import dev.hsresnet.core.nn.ModuleList;
import dev.hsresnet.vision.nn.Resize;

/**
 * Feature Pyramid Network (Lin et al. 2017; mmdet's {@code FPN} without extra levels): a 1x1
 * lateral convolution per input level to {@code channels}, a top-down path adding each coarser
 * level upsampled (nearest, to the finer level's size) to the finer one, then a 3x3 output
 * convolution per level. Convolutions have biases and no normalization, as mmdet's default.
 *
 * <p>Input: the backbone's levels, finest first, {@code (N, C_i, H_i, W_i)}; output: as many
 * levels, {@code (N, channels, H_i, W_i)}. PyTorch names {@code lateral_convs.{i}.weight|bias},
 * {@code fpn_convs.{i}.weight|bias}.
 */
public final class Fpn extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int levels;
    private final int channels;
    private final ModuleList lateralConvs;
    private final ModuleList fpnConvs;

    /**
     * @param levels number of input levels, at least 1
     * @param channels output channels of every level
     */
    public Fpn(int levels, int channels) {
        super(VERSION);
        if (levels < 1 || channels < 1) {
            throw new IllegalArgumentException("FPN needs levels >= 1 and channels >= 1, got "
                    + levels + ", " + channels);
        }
        this.levels = levels;
        this.channels = channels;
        this.lateralConvs = addChildBlock("lateral_convs", new ModuleList());
        this.fpnConvs = addChildBlock("fpn_convs", new ModuleList());
        for (int i = 0; i < levels; i++) {
            lateralConvs.add(Layers.biasConv(channels, 1));
            fpnConvs.add(Layers.biasConv(channels, 3));
        }
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
        NDList out = new NDList(levels);
        for (int i = 0; i < levels; i++) {
            out.add(fpnConvs.get(i).forward(ps, new NDList(lateral[i]), training)
                    .singletonOrThrow());
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
        Shape[] out = new Shape[levels];
        for (int i = 0; i < levels; i++) {
            Shape s = inputShapes[i];
            out[i] = new Shape(s.get(0), channels, s.get(2), s.get(3));
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
    }
}
