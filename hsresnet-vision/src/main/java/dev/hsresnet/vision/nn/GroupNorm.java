package dev.hsresnet.vision.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Group Normalization (Wu and He 2018), PyTorch's {@code nn.GroupNorm(numGroups, channels,
 * eps=1e-5, affine=True)}: the channels are split into {@code numGroups} groups of consecutive
 * channels; each sample's group is normalized by its own mean and biased variance over its
 * channels and every spatial position, then each channel is scaled and shifted by its {@code
 * weight} and {@code bias}. Unlike BatchNorm it has no running statistics and computes the same
 * in training and inference, whatever the batch size.
 *
 * <p>Input {@code (N, C, *)} with any number (0 or more) of spatial axes of any size; output the
 * same shape. PyTorch names {@code weight} (ones at first) and {@code bias} (zeros), each {@code
 * (C)}. DJL has no group norm: the input is reshaped to {@code (N, G, -1)} and each row goes
 * through libtorch's fused layer norm (no affine), then back to the input's shape and through the
 * per-channel affine. Against mean and variance written from NDArray operations (an uncommitted
 * micro-benchmark, 2026-12-03, 2-core Zen 5, forward and backward of 16 groups): about 40% less
 * time at the FCOS head's P3 size (2, 64, 48, 64), the same at (2, 64, 12, 16) and below; the
 * committed evidence is bench/det-step.sh before and after (docs/detection.md).
 */
public final class GroupNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    /** PyTorch's default epsilon. */
    public static final float EPSILON = 1e-5f;

    private final int numGroups;
    private final int channels;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param numGroups groups, at least 1, dividing {@code channels}
     * @param channels the input's channels (axis 1)
     */
    public GroupNorm(int numGroups, int channels) {
        this(numGroups, channels, EPSILON);
    }

    /**
     * @param numGroups groups, at least 1, dividing {@code channels}
     * @param channels the input's channels (axis 1)
     * @param eps added to the variance, positive
     */
    public GroupNorm(int numGroups, int channels, float eps) {
        super(VERSION);
        if (numGroups < 1 || channels < 1 || channels % numGroups != 0) {
            throw new IllegalArgumentException("group norm needs groups >= 1 dividing channels "
                    + ">= 1, got " + numGroups + " groups of " + channels + " channels");
        }
        if (!(eps > 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException("group norm eps must be positive, got " + eps);
        }
        this.numGroups = numGroups;
        this.channels = channels;
        this.eps = eps;
        this.weight = addParameter(Parameter.builder().setName("weight")
                .setType(Parameter.Type.GAMMA).optShape(new Shape(channels))
                .optInitializer(Initializer.ONES).build());
        this.bias = addParameter(Parameter.builder().setName("bias")
                .setType(Parameter.Type.BETA).optShape(new Shape(channels))
                .optInitializer(Initializer.ZEROS).build());
    }

    /** @return the number of groups */
    public int numGroups() {
        return numGroups;
    }

    /** @return the channels normalized */
    public int channels() {
        return channels;
    }

    /** @return the epsilon added to the variance */
    public float eps() {
        return eps;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        checkInput(s);
        long n = s.get(0);
        long perGroup = n == 0 ? 1 : s.size() / (n * numGroups);
        NDArray grouped = x.reshape(n, numGroups, perGroup);
        // libtorch's fused layer norm over each group's row: one kernel forward and backward
        // where mean, centring, variance and division were eight passes each way; unit scale,
        // zero shift (libtorch memory, not DJL's scalar buffers: docs/engine.md)
        Shape row = new Shape(perGroup);
        NDArray normalized = grouped.getNDArrayInternal().layerNorm(grouped, row,
                x.getManager().ones(row), x.getManager().zeros(row), eps).singletonOrThrow()
                .reshape(s);
        long[] perChannel = new long[s.dimension()];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = channels;
        Shape affine = new Shape(perChannel);
        NDArray w = perBatch(ps.getValue(weight, x.getDevice(), training).reshape(affine), x);
        NDArray b = perBatch(ps.getValue(bias, x.getDevice(), training).reshape(affine), x);
        return new NDList(normalized.mul(w).add(b));
    }

    /**
     * A reshape of a parameter belongs to the parameter's manager (the model's): moved to the
     * input's, closed with the batch, so such arrays do not pile up one per call.
     */
    private static NDArray perBatch(NDArray derived, NDArray input) {
        derived.attach(input.getManager());
        return derived;
    }

    private void checkInput(Shape s) {
        if (s.dimension() < 2 || s.get(1) != channels) {
            throw new IllegalArgumentException("group norm of " + channels + " channels expects "
                    + "(N, " + channels + ", ...), got shape " + s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInput(inputShapes[0]);
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "GroupNorm(" + numGroups + " groups, " + channels + " channels)";
    }
}
