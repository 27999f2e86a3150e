package dev.hsresnet.vision.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.nn.Conv;
import dev.hsresnet.core.nn.ModuleList;
import dev.hsresnet.vision.nn.Scale;
import dev.hsresnet.core.nn.Scalars;

/**
 * The FCOS head (Tian et al. 2019; mmdet's {@code FCOSHead} with {@code centerness_on_reg=True}
 * and GroupNorm towers), shared over the pyramid levels.
 *
 * <p>For each level {@code i} of stride {@code s_i}: a classification tower and a regression tower,
 * each {@code towerConvs} units of 3x3 conv (no bias) + GroupNorm + ReLU; on the classification
 * tower {@code conv_cls} (3x3, {@code numClasses} logits, one sigmoid per class); on the
 * regression tower {@code conv_reg} (3x3, 4 distances) and {@code conv_centerness} (3x3, 1 logit).
 * The distances are {@code exp(scale_i * conv_reg(x)) * s_i}: left, top, right, bottom from the
 * location to the box's sides, in input pixels, in training and in inference alike. The paper's
 * {@code exp}, in units of the stride: never zero, so the GIoU loss always has a gradient (with
 * mmdet's {@code norm_on_bbox} ReLU, a raccoon run's box regression died at epoch 12,
 * docs/detection.md).
 *
 * <p>Input: the FPN's levels, finest first, {@code (N, channels, H_i, W_i)}. Output: {@code
 * [clsLogits (N, P, numClasses), boxDistances (N, P, 4), centernessLogits (N, P)]}, {@code P =
 * sum H_i * W_i}, the levels concatenated finest first and each level flattened row-major (row
 * {@code y}, then column {@code x}: location {@code y * W_i + x} of the level).
 *
 * <p>PyTorch names: {@code cls_convs.{k}.conv.weight}, {@code cls_convs.{k}.gn.weight|bias},
 * {@code reg_convs.{k}...} likewise, {@code conv_cls.weight|bias}, {@code conv_reg.weight|bias},
 * {@code conv_centerness.weight|bias}, {@code scales.{i}.scale} (a scalar per level).
 *
 * <p>Optional mask coefficients (YOLACT on FCOS, {@code dev.hsresnet.vision.instance}): with
 * {@code coefficients} k above 0 the regression tower also feeds {@code conv_coeff} (3x3 with bias,
 * k outputs, PyTorch names {@code conv_coeff.weight|bias}, registered after the scales), and a
 * fourth output {@code coefficients (N, P, k)}, {@code tanh(conv_coeff(x))} in {@code [-1, 1]},
 * follows the three, in the same location order. With k = 0 (the detector) there is no such
 * layer and no fourth output.
 */
public final class FcosHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int[] strides;
    private final int numClasses;
    private final int coefficients;
    private final ModuleList clsConvs;
    private final ModuleList regConvs;
    private final Block convCls;
    private final Block convReg;
    private final Block convCenterness;
    private final ModuleList scales;
    private final Block convCoeff;

    /**
     * The FCOS detector's head, without mask coefficients.
     *
     * @param strides each level's stride in input pixels, finest first (8, 16, 32, 64, 128)
     * @param channels channels of the input levels and of the towers
     * @param numClasses object classes
     * @param towerConvs units per tower, 0 or more
     * @param groups GroupNorm groups, dividing {@code channels}
     */
    public FcosHead(int[] strides, int channels, int numClasses, int towerConvs, int groups) {
        this(strides, channels, numClasses, towerConvs, groups, 0);
    }

    /**
     * @param strides each level's stride in input pixels, finest first (8, 16, 32, 64, 128)
     * @param channels channels of the input levels and of the towers
     * @param numClasses object classes
     * @param towerConvs units per tower, 0 or more
     * @param groups GroupNorm groups, dividing {@code channels}
     * @param coefficients mask coefficients per location, 0 (none: the detector) or more
     */
    public FcosHead(int[] strides, int channels, int numClasses, int towerConvs, int groups,
            int coefficients) {
        super(VERSION);
        if (strides.length == 0 || channels < 1 || numClasses < 1 || towerConvs < 0
                || coefficients < 0) {
            throw new IllegalArgumentException("FCOS head needs levels, channels >= 1, classes "
                    + ">= 1, towerConvs >= 0 and coefficients >= 0, got " + strides.length
                    + " levels, " + channels + ", " + numClasses + ", " + towerConvs + ", "
                    + coefficients);
        }
        for (int s : strides) {
            if (s < 1) {
                throw new IllegalArgumentException("strides must be positive, got "
                        + java.util.Arrays.toString(strides));
            }
        }
        this.strides = strides.clone();
        this.numClasses = numClasses;
        this.coefficients = coefficients;
        this.clsConvs = addChildBlock("cls_convs", new ModuleList());
        this.regConvs = addChildBlock("reg_convs", new ModuleList());
        for (int k = 0; k < towerConvs; k++) {
            clsConvs.add(new ConvGnRelu(channels, groups));
            regConvs.add(new ConvGnRelu(channels, groups));
        }
        this.convCls = addChildBlock("conv_cls", biasConv3x3(numClasses));
        this.convReg = addChildBlock("conv_reg", biasConv3x3(4));
        this.convCenterness = addChildBlock("conv_centerness", biasConv3x3(1));
        this.scales = addChildBlock("scales", new ModuleList());
        for (int i = 0; i < strides.length; i++) {
            scales.add(new Scale());
        }
        this.convCoeff = coefficients > 0 ? addChildBlock("conv_coeff", biasConv3x3(coefficients))
                : null;
    }

    private static Conv biasConv3x3(int out) {
        return new Conv(out, 3, 1, 1, true);
    }

    /** @return each level's stride, finest first */
    public int[] strides() {
        return strides.clone();
    }

    /** @return the object classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return the mask coefficients per location, 0 when the head has none */
    public int coefficients() {
        return coefficients;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        checkLevels(inputs.size());
        NDList cls = new NDList(strides.length);
        NDList box = new NDList(strides.length);
        NDList ctr = new NDList(strides.length);
        NDList coeff = new NDList(strides.length);
        for (int i = 0; i < strides.length; i++) {
            NDArray x = inputs.get(i);
            NDArray clsFeat = tower(clsConvs, ps, x, training);
            NDArray regFeat = tower(regConvs, ps, x, training);
            cls.add(flatten(one(convCls, ps, clsFeat, training)));
            NDArray reg = one(scales.get(i), ps, one(convReg, ps, regFeat, training), training);
            box.add(flatten(Scalars.times(reg.exp(), strides[i])));
            ctr.add(flatten(one(convCenterness, ps, regFeat, training)));
            if (convCoeff != null) {
                coeff.add(flatten(one(convCoeff, ps, regFeat, training).tanh()));
            }
        }
        NDArray centerness = concat(ctr);
        Shape c = centerness.getShape();
        NDList out = new NDList(concat(cls), concat(box), centerness.reshape(c.get(0), c.get(1)));
        if (convCoeff != null) {
            out.add(concat(coeff));
        }
        return out;
    }

    private static NDArray tower(ModuleList convs, ParameterStore ps, NDArray x, boolean training) {
        NDArray y = x;
        for (int k = 0; k < convs.size(); k++) {
            y = one(convs.get(k), ps, y, training);
        }
        return y;
    }

    private static NDArray one(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** @return {@code (N, K, H, W)} as {@code (N, H * W, K)}, row-major over the locations */
    private static NDArray flatten(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).reshape(s.get(0), s.get(2) * s.get(3), s.get(1));
    }

    private static NDArray concat(NDList levels) {
        return levels.size() == 1 ? levels.get(0) : NDArrays.concat(levels, 1);
    }

    private void checkLevels(int given) {
        if (given != strides.length) {
            throw new IllegalArgumentException("FCOS head built for " + strides.length
                    + " levels, got " + given);
        }
    }

    /**
     * @return {@code [(N, P, numClasses), (N, P, 4), (N, P)]} for the levels' shapes, and {@code
     *     (N, P, coefficients)} after them when the head has coefficients
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkLevels(inputShapes.length);
        long locations = 0;
        for (Shape s : inputShapes) {
            locations += s.get(2) * s.get(3);
        }
        long n = inputShapes[0].get(0);
        Shape[] detection = {new Shape(n, locations, numClasses), new Shape(n, locations, 4),
            new Shape(n, locations)};
        if (coefficients == 0) {
            return detection;
        }
        Shape[] out = java.util.Arrays.copyOf(detection, 4);
        out[3] = new Shape(n, locations, coefficients);
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkLevels(inputShapes.length);
        // the layers are shared over the levels: their shapes do not depend on the level's size
        Shape x = inputShapes[0];
        for (int k = 0; k < clsConvs.size(); k++) {
            clsConvs.get(k).initialize(manager, dataType, x);
            regConvs.get(k).initialize(manager, dataType, x);
        }
        convCls.initialize(manager, dataType, x);
        convReg.initialize(manager, dataType, x);
        convCenterness.initialize(manager, dataType, x);
        for (int i = 0; i < scales.size(); i++) {
            scales.get(i).initialize(manager, dataType, x);
        }
        if (convCoeff != null) {
            convCoeff.initialize(manager, dataType, x);
        }
    }
}
