package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.ConvPaths;
import dev.hsresnet.core.engine.Nnpack;

/**
 * A square 2D convolution without bias, padding {@code dilation * (kernel / 2)}: PyTorch's {@code
 * nn.Conv2d(in, out, kernel, stride, padding=dilation * (kernel // 2), dilation, bias=False)}, with
 * the same weight ({@code weight}, OIHW {@code (out, in, k, k)}) and the same output {@code (N,
 * out, H', W')}, {@code H' = floor((H - 1) / stride) + 1}.
 *
 * <p>How it computes depends on the process's {@link ConvPath} ({@link ConvPaths#current}, chosen
 * per machine by a self-test, see docs/engine.md). {@link ConvPath#STANDARD}: DJL's NCHW {@code
 * Conv2d} for every kernel, the output in the input's layout. {@link ConvPath#CHANNELS_LAST} (see
 * {@link ChannelsLast} for why): a {@code k > 1} convolution runs on channels-last input (a
 * 1-channel input gets a zero second channel); a 1x1 convolution is a matrix product of the
 * channels-last pixels {@code (N*H*W, in)} with the weight {@code (in, out)}, after subsampling
 * {@code x[:, :, ::s, ::s]} when strided; the output is channels-last. Both read the same OIHW
 * parameter and give the same values.
 *
 * <p>Folded for inference ({@link BatchNormFolding}), it holds its weight with the following
 * BatchNorm folded in and a bias, computes the same way plus that bias (the k x k convolution's
 * bias argument, the 1x1's {@code addmm}), and refuses to run in training mode. Its parameter is
 * left untouched, so the PyTorch names and the saved weights do not change. The folded weight is
 * laid out for the path in force when it was folded, and computes on that path.
 */
public final class Conv extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int dilation;
    private final NDIndex subsample;
    private final Parameter weight;
    private final Parameter bias;
    private Folded folded;

    /**
     * @param outChannels output channels
     * @param kernel kernel size, odd
     * @param stride stride in both directions
     */
    public Conv(int outChannels, int kernel, int stride) {
        this(outChannels, kernel, stride, 1);
    }

    /**
     * @param outChannels output channels
     * @param kernel kernel size, odd
     * @param stride stride in both directions
     * @param dilation dilation in both directions (1: none); the padding grows with it
     */
    public Conv(int outChannels, int kernel, int stride, int dilation) {
        this(outChannels, kernel, stride, dilation, false);
    }

    /**
     * @param outChannels output channels
     * @param kernel kernel size, odd
     * @param stride stride in both directions
     * @param dilation dilation in both directions (1: none); the padding grows with it
     * @param withBias whether the convolution has a learned bias ({@code bias}, shape {@code
     *     (out)}, PyTorch's {@code bias=True}): for convolutions not followed by a BatchNorm, such
     *     as an FPN's or a head's classifier; such a convolution cannot have a BatchNorm folded in
     */
    public Conv(int outChannels, int kernel, int stride, int dilation, boolean withBias) {
        super(VERSION);
        if (outChannels < 1 || kernel < 1 || kernel % 2 == 0 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException("conv needs outChannels >= 1, an odd kernel, "
                    + "stride >= 1 and dilation >= 1, got " + outChannels + ", " + kernel + ", "
                    + stride + ", " + dilation);
        }
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.dilation = kernel == 1 ? 1 : dilation;
        this.subsample = kernel == 1 && stride > 1
                ? new NDIndex(":, :, ::{}, ::{}", stride, stride)
                : null;
        this.weight = addParameter(
                Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = withBias
                ? addParameter(
                        Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build())
                : null;
    }

    /** @return output channels */
    public int outChannels() {
        return outChannels;
    }

    /** @return kernel size */
    public int kernel() {
        return kernel;
    }

    /** @return stride */
    public int stride() {
        return stride;
    }

    /** @return dilation (1 for a 1x1 convolution, where it changes nothing) */
    public int dilation() {
        return dilation;
    }

    /** @return the padding on every side: {@code dilation * (kernel / 2)} */
    public int padding() {
        return dilation * (kernel / 2);
    }

    /** @return whether the convolution has a learned bias */
    public boolean hasBias() {
        return bias != null;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(outChannels, inputShapes[0].get(1), kernel, kernel));
        if (bias != null) {
            bias.setShape(new Shape(outChannels));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (folded != null) {
            if (training) {
                throw new IllegalStateException(BatchNormFolding.TRAINING_REFUSED);
            }
            return new NDList(compute(folded.path(), x, folded.weight(), folded.bias()));
        }
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray y = compute(ConvPaths.current(), x, w, null);
        if (bias != null) {
            NDArray b = perBatch(ps.getValue(bias, x.getDevice(), training)
                    .reshape(1, outChannels, 1, 1), x);
            y = y.add(b);
        }
        return new NDList(y);
    }

    private NDArray compute(ConvPath path, NDArray x, NDArray w, NDArray bias) {
        Nnpack.disable(); // once per process: no NNPACK warning per small convolution
        if (path == ConvPath.STANDARD) {
            return conv2d(x, w, bias);
        }
        return kernel == 1 ? pointwise(x, w, bias) : spatial(x, w, bias);
    }

    /**
     * @param w OIHW; a 1-channel parameter gets its zero second channel here, a folded weight
     *     has it already
     * @param bias {@code (out)}, or null
     */
    private NDArray spatial(NDArray x, NDArray w, NDArray bias) {
        if (x.getShape().get(1) == 1) {
            // a zero second channel: libtorch's gradient for a 1-channel input is wrong
            x = NDArrays.concat(new NDList(x, x.zerosLike()), 1);
            if (w.getShape().get(1) == 1) {
                w = perBatch(NDArrays.concat(new NDList(w, perBatch(w.zerosLike(), x)), 1), x);
            }
        }
        return conv2d(ChannelsLast.of(x), w, bias);
    }

    private NDArray conv2d(NDArray x, NDArray w, NDArray bias) {
        int pad = padding();
        return Conv2d.conv2d(x, w, bias, new Shape(stride, stride), new Shape(pad, pad),
                new Shape(dilation, dilation)).singletonOrThrow();
    }

    /**
     * @param w the parameter (OIHW), multiplied as {@code (in, out)}; or, with a bias, a folded
     *     {@code (out, in)} weight for {@code addmm}
     * @param bias {@code (out)}, or null
     */
    private NDArray pointwise(NDArray x, NDArray w, NDArray bias) {
        NDArray in = subsample == null ? x : x.get(subsample);
        NDArray pixels = ChannelsLast.nhwc(in);
        Shape s = pixels.getShape();
        long inChannels = s.get(3);
        NDArray flat = pixels.reshape(-1, inChannels);
        NDArray out = bias == null
                ? flat.matMul(perBatch(perBatch(w.reshape(outChannels, inChannels), x)
                        .transpose(), x))
                : Linear.linear(flat, w, bias).singletonOrThrow();
        return ChannelsLast.fromNhwc(out.reshape(s.get(0), s.get(1), s.get(2), outChannels));
    }

    /**
     * Arrays derived from a parameter belong to the parameter's manager, which lives as long as
     * the model: without this they would pile up there, one per call (with their autograd graph).
     * Moves {@code derived} to the input's manager, closed with the batch.
     */
    private static NDArray perBatch(NDArray derived, NDArray input) {
        derived.attach(input.getManager());
        return derived;
    }

    /** @return whether a BatchNorm is folded into this convolution */
    boolean isFolded() {
        return folded != null;
    }

    /** @return whether {@code bn} is the BatchNorm folded into this convolution */
    boolean absorbed(BatchNorm bn) {
        return folded != null && folded.bn() == bn;
    }

    /**
     * Folds {@code bn}, the BatchNorm applied to this convolution's output, into a weight and
     * bias of its own ({@link BatchNormFolding#fold}, in double precision). The new arrays belong
     * to the weight's manager (the model's) until {@link #unfold}.
     *
     * @throws IllegalStateException when a BatchNorm is already folded in
     */
    void fold(BatchNorm bn) {
        if (bias != null) {
            throw new IllegalStateException(this + " has a bias of its own: no BatchNorm folds in");
        }
        if (folded != null) {
            throw new IllegalStateException(this + " already has a BatchNorm folded in");
        }
        NDArray w = weight.getArray();
        Shape shape = w.getShape();
        BatchNormFolding.Folded f = BatchNormFolding.fold(w.toFloatArray(), outChannels,
                values(bn, "gamma"), values(bn, "beta"), values(bn, "runningMean"),
                values(bn, "runningVar"), Layers.BN_EPSILON);
        long inChannels = shape.get(1);
        float[] foldedWeight = f.weight();
        ConvPath path = ConvPaths.current();
        if (path == ConvPath.STANDARD) {
            NDArray fw = w.getManager().create(foldedWeight, shape);
            NDArray fb = w.getManager().create(f.bias(), new Shape(outChannels));
            folded = new Folded(bn, fw, fb, path);
            return;
        }
        if (kernel > 1 && inChannels == 1) {
            // the zero second channel spatial() adds to a 1-channel input, made once here
            foldedWeight = withZeroChannel(foldedWeight, kernel * kernel);
            inChannels = 2;
        }
        Shape weightShape = kernel == 1
                ? new Shape(outChannels, inChannels)
                : new Shape(outChannels, inChannels, kernel, kernel);
        NDArray fw = w.getManager().create(foldedWeight, weightShape);
        NDArray fb = w.getManager().create(f.bias(), new Shape(outChannels));
        folded = new Folded(bn, fw, fb, path);
    }

    /** Drops the folded weight and bias (closing them): the convolution computes as built. */
    void unfold() {
        if (folded != null) {
            folded.weight().close();
            folded.bias().close();
            folded = null;
        }
    }

    private static float[] values(BatchNorm bn, String name) {
        return bn.getParameters().get(name).getArray().toFloatArray();
    }

    /** @return OIHW values with a zero input channel after the single one */
    private static float[] withZeroChannel(float[] oneChannel, int window) {
        int out = oneChannel.length / window;
        float[] two = new float[oneChannel.length * 2];
        for (int o = 0; o < out; o++) {
            System.arraycopy(oneChannel, o * window, two, o * 2 * window, window);
        }
        return two;
    }

    /**
     * The weight with a BatchNorm folded in, in the layout {@code path} wants (standard: OIHW;
     * channels-last: {@code (out, in)} for a 1x1, OIHW otherwise, with the zero channel of a
     * 1-channel input), and its bias.
     *
     * @param bn the BatchNorm folded in
     * @param path the path it was folded for
     */
    private record Folded(BatchNorm bn, NDArray weight, NDArray bias, ConvPath path) {}

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int pad = padding();
        int span = dilation * (kernel - 1) + 1;
        return new Shape[] {
            Layers.nchw(in, outChannels, Layers.outSize(in.get(2), span, stride, pad),
                    Layers.outSize(in.get(3), span, stride, pad))
        };
    }

    @Override
    public String toString() {
        return "Conv(" + kernel + "x" + kernel + ", out=" + outChannels + ", stride=" + stride
                + (dilation > 1 ? ", dilation=" + dilation : "") + ")";
    }
}
