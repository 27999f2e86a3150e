package dev.hsresnet.core.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;

/** Factories for the few layer shapes every block here uses (all convs have no bias). */
public final class Layers {

    /** BatchNorm epsilon, PyTorch's default. */
    public static final float BN_EPSILON = 1e-5f;

    /** DJL momentum 0.9 is PyTorch momentum 0.1 (DJL keeps 0.9 of the running value). */
    public static final float BN_MOMENTUM_DJL = 0.9f;

    private Layers() {}

    /**
     * A square convolution without bias and with "same"-style padding {@code kernel / 2}.
     *
     * @param outChannels filters
     * @param kernel kernel size (1, 3 or 7 here)
     * @param stride stride in both directions
     * @return the conv block; its weight is OIHW {@code (out, in, k, k)} once initialized
     */
    public static Conv conv(int outChannels, int kernel, int stride) {
        return new Conv(outChannels, kernel, stride);
    }

    /**
     * A square convolution without bias, padding {@code dilation * (kernel / 2)}.
     *
     * @param outChannels filters
     * @param kernel kernel size
     * @param stride stride in both directions
     * @param dilation dilation in both directions
     * @return the conv block
     */
    public static Conv conv(int outChannels, int kernel, int stride, int dilation) {
        return new Conv(outChannels, kernel, stride, dilation);
    }

    /**
     * A square convolution with a learned bias ({@code weight}, {@code bias}), stride 1, padding
     * {@code kernel / 2}: for convolutions not followed by a BatchNorm.
     *
     * @param outChannels filters
     * @param kernel kernel size
     * @return the conv block
     */
    public static Conv biasConv(int outChannels, int kernel) {
        return new Conv(outChannels, kernel, 1, 1, true);
    }

    /** @return a BatchNorm over axis 1 (NCHW channels) with PyTorch's epsilon and momentum */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder()
                .optAxis(1)
                .optEpsilon(BN_EPSILON)
                .optMomentum(BN_MOMENTUM_DJL)
                .build();
    }

    /** Output size of a convolution or pool along one axis: {@code floor((n + 2p - k) / s) + 1}. */
    public static long outSize(long n, int kernel, int stride, int pad) {
        return (n + 2L * pad - kernel) / stride + 1;
    }

    /** Output size with {@code ceil_mode}: {@code ceil((n + 2p - k) / s) + 1}, PyTorch's rule. */
    public static long outSizeCeil(long n, int kernel, int stride, int pad) {
        long out = Math.floorDiv(n + 2L * pad - kernel + stride - 1, stride) + 1;
        // PyTorch: the last window must start inside the input or left padding
        if ((out - 1) * stride >= n + pad) {
            out--;
        }
        return out;
    }

    /** @return {@code shape} with channels (axis 1) and the spatial axes replaced */
    public static Shape nchw(Shape shape, long channels, long height, long width) {
        return new Shape(shape.get(0), channels, height, width);
    }
}
