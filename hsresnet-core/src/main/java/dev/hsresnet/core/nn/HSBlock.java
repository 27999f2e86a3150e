package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.spec.BlockLayout;
import dev.hsresnet.core.spec.HsConfig;

/**
 * The Hierarchical-Split block of HS-ResNet: a drop-in replacement for a 3x3 conv with {@code s *
 * w} input and output channels. Input and output are NCHW float32.
 *
 * <p>Stride 1 (hierarchical form): the input is split into {@code s} groups of {@code w} channels.
 * Group 1 goes to the output unchanged; group 2 goes through {@code K_2}; every later group {@code
 * i} is concatenated with the carry of group {@code i-1} ({@code concat(x_i, carry)}, in that
 * order) and goes through {@code K_i}. Of each {@code y_i} but the last, the first {@code
 * ceil(c_i/2)} channels go to the output and the rest is the carry; the last goes whole. {@code K_i}
 * is a 3x3 conv (no bias) + BatchNorm + ReLU mapping {@code c_i -> c_i} channels ({@link
 * HsConfig#convChannels()}). Output {@code (N, s*w, H, W)}.
 *
 * <p>Stride 2 (stage form, first block of a downsampling stage): group 1 goes through a 3x3/2
 * average pool (padding 1, padding counted), every other group through its own 3x3/2 conv + BN +
 * ReLU ({@code w -> w}); the results are concatenated. Output {@code (N, s*w, ceil(H/2),
 * ceil(W/2))}.
 *
 * <p>Dilated ({@link BlockLayout}, in a backbone whose output stride is below its natural one):
 * every {@code K_i} is dilated (padding = dilation). The first block of a stage whose stride became
 * dilation keeps the stage form at stride 1 (3x3/1 pool, padding 1), so its weights have the shapes
 * of the undilated network's.
 *
 * <p>PyTorch state-dict names: {@code convs.{j}.weight} and {@code bns.{j}.weight|bias|
 * running_mean|running_var} for {@code j = 0 .. s-2} (group {@code j + 2}).
 *
 * <p>It is plug-and-play: any {@code SequentialBlock} can hold it. Example:
 *
 * <pre>{@code
 * SequentialBlock net = new SequentialBlock()
 *         .add(Layers.conv(40, 1, 1))
 *         .add(new HSBlock(5, 8, 1))   // convs of 8, 12, 14, 15 channels; 40 out
 *         .add(Pool.globalAvgPool2dBlock());
 * }</pre>
 */
public final class HSBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final HsConfig config;
    private final int stride;
    private final int dilation;
    private final boolean stageForm;
    private final int[] convWidths;
    private final ModuleList convs;
    private final ModuleList bns;

    /**
     * Creates an HS block.
     *
     * @param s number of groups, at least 2
     * @param w channels per group, at least 1
     * @param stride 1 (hierarchical form) or 2 (stage form)
     * @throws IllegalArgumentException naming the bad value
     */
    public HSBlock(int s, int w, int stride) {
        this(new HsConfig(s, w), stride);
    }

    /**
     * Creates an HS block.
     *
     * @param config s and w
     * @param stride 1 (hierarchical form) or 2 (stage form)
     * @throws IllegalArgumentException naming the bad value
     */
    public HSBlock(HsConfig config, int stride) {
        this(config, BlockLayout.undilated(stride));
    }

    /**
     * Creates an HS block for a place in a (possibly dilated) network.
     *
     * @param config s and w
     * @param layout stride 1 or 2 (2 only in the stage form), dilation, form
     * @throws IllegalArgumentException naming the bad value
     */
    public HSBlock(HsConfig config, BlockLayout layout) {
        super(VERSION);
        int stride = layout.stride();
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("HS block stride must be 1 or 2, got " + stride);
        }
        if (stride == 2 && !layout.stageForm()) {
            throw new IllegalArgumentException("an HS block of stride 2 takes the stage form");
        }
        if (layout.dilation() < 1) {
            throw new IllegalArgumentException("HS block dilation must be at least 1, got "
                    + layout.dilation());
        }
        this.config = config;
        this.stride = stride;
        this.dilation = layout.dilation();
        this.stageForm = layout.stageForm();
        this.convs = addChildBlock("convs", new ModuleList());
        this.bns = addChildBlock("bns", new ModuleList());
        this.convWidths =
                stageForm ? filled(config.s() - 1, config.w()) : config.convChannels();
        for (int width : convWidths) {
            convs.add(Layers.conv(width, 3, stride, dilation));
            bns.add(Layers.batchNorm());
        }
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** @return s and w */
    public HsConfig config() {
        return config;
    }

    /** @return 1 or 2 */
    public int stride() {
        return stride;
    }

    /** @return the dilation of every {@code K_i} */
    public int dilation() {
        return dilation;
    }

    /** @return whether the block has the stage form (pool and parallel convs) */
    public boolean isStageForm() {
        return stageForm;
    }

    /** @return channels in and out, {@code s * w} */
    public int channels() {
        return config.channels();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkChannels(x.getShape());
        NDList groups = x.split(splitPoints(), 1);
        return new NDList(
                stageForm
                        ? stageForm(ps, groups, training)
                        : hierarchical(ps, groups, training));
    }

    private NDArray hierarchical(ParameterStore ps, NDList groups, boolean training) {
        int[] conv = config.convChannels();
        int[] kept = config.keptChannels();
        NDList outputs = new NDList(config.s());
        outputs.add(groups.get(0));
        NDArray carry = null;
        for (int j = 0; j < kept.length; j++) {
            NDArray in = carry == null
                    ? groups.get(j + 1)
                    : NDArrays.concat(new NDList(groups.get(j + 1), carry), 1);
            NDArray y = convBnRelu(ps, j, in, training);
            if (kept[j] == conv[j]) {
                // the last group, or a 1-channel group (w = 1) whose carry would be empty:
                // zero-width arrays in split/concat get wrong gradients in libtorch, so none is made
                outputs.add(y);
                carry = null;
            } else {
                NDList parts = y.split(new long[] {kept[j]}, 1);
                outputs.add(parts.get(0));
                carry = parts.get(1);
            }
        }
        return NDArrays.concat(outputs, 1);
    }

    private NDArray stageForm(ParameterStore ps, NDList groups, boolean training) {
        NDList outputs = new NDList(config.s());
        outputs.add(
                Pool.avgPool2d(
                        groups.get(0),
                        new Shape(3, 3),
                        new Shape(stride, stride),
                        new Shape(1, 1),
                        false,
                        true));
        for (int j = 0; j < config.s() - 1; j++) {
            outputs.add(convBnRelu(ps, j, groups.get(j + 1), training));
        }
        return NDArrays.concat(outputs, 1);
    }

    private NDArray convBnRelu(ParameterStore ps, int j, NDArray in, boolean training) {
        Conv conv = (Conv) convs.get(j);
        NDList y = conv.forward(ps, new NDList(in), training);
        y = BatchNormFolding.batchNorm(conv, (BatchNorm) bns.get(j), ps, y, training);
        return Activation.relu(y.singletonOrThrow());
    }

    /** Folds each {@code bns.j} into {@code convs.j} ({@link BatchNormFolding}). */
    void foldBatchNorm() {
        for (int j = 0; j < convs.size(); j++) {
            ((Conv) convs.get(j)).fold((BatchNorm) bns.get(j));
        }
    }

    private long[] splitPoints() {
        long[] points = new long[config.s() - 1];
        for (int i = 0; i < points.length; i++) {
            points[i] = (long) (i + 1) * config.w();
        }
        return points;
    }

    private void checkChannels(Shape input) {
        if (input.dimension() != 4 || input.get(1) != channels()) {
            throw new IllegalArgumentException(
                    "HS block (s=" + config.s() + ", w=" + config.w() + ") expects NCHW input with "
                            + channels() + " channels, got shape " + input);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        checkChannels(in);
        return new Shape[] {Layers.nchw(in, channels(), outSize(in.get(2)), outSize(in.get(3)))};
    }

    private long outSize(long n) {
        return stride == 1 ? n : Layers.outSize(n, 3, 2, 1);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        checkChannels(in);
        long h = outSize(in.get(2));
        long w = outSize(in.get(3));
        for (int j = 0; j < convWidths.length; j++) {
            Shape convIn = Layers.nchw(in, convWidths[j], in.get(2), in.get(3));
            convs.get(j).initialize(manager, dataType, convIn);
            bns.get(j).initialize(manager, dataType, Layers.nchw(in, convWidths[j], h, w));
        }
    }

    @Override
    public String toString() {
        return "HSBlock(s=" + config.s() + ", w=" + config.w() + ", stride=" + stride
                + (dilation > 1 ? ", dilation=" + dilation : "")
                + (stageForm && stride == 1 ? ", stage form" : "") + ")";
    }
}
