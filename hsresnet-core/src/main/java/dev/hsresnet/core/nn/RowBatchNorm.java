package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.ConvPaths;

/**
 * Training-mode BatchNorm of a channels-last array, computed as elementwise operations on wide rows
 * instead of libtorch's {@code native_batch_norm}: the same values, gradients and running
 * statistics as DJL's {@link BatchNorm} built by {@link Layers#batchNorm()} (PyTorch's {@code
 * nn.BatchNorm2d} in training mode, momentum 0.1, epsilon 1e-5).
 *
 * <p>Why: on NHWC memory, libtorch 2.7.1's CPU BatchNorm vectorizes over channels, and when the
 * channel count is not a multiple of 8 (one AVX2 register of floats) its training forward and
 * backward are several times slower than for the next multiple of 8: measured 2026-12-02 on this
 * project's AMD EPYC VM, {@code (128, 6, 32, 32)} forward+backward 32 ms against 11-17 ms for 16
 * channels. HS blocks are full of such groups (hs_resnet29_cifar: 6, 9, 10, 12, 18, 21 channels).
 * Here the {@code (N*H*W, C)} pixels are viewed as rows of {@code k*C} values, {@code k = 8 /
 * gcd(C, 8)} pixels per row, so every row is a whole number of registers; the statistics are
 * column sums of those rows folded back to {@code C}, and the normalization is one subtract,
 * multiply and add with the per-channel values tiled {@code k} times. Autograd differentiates
 * that, which is the exact BatchNorm gradient.
 *
 * <p>Where: {@link BatchNormFolding#batchNorm} sends a training forward here when {@link #applies}
 * (the {@link ConvPath#CHANNELS_LAST} path, a channel count that is not a multiple of 8, a row
 * count divisible by {@code k}); everything else stays on DJL's BatchNorm. On the standard NCHW
 * path libtorch's kernel reduces along contiguous {@code H*W} planes and is the faster one.
 *
 * <p>Running statistics are updated in place as PyTorch does: {@code running = (1 - 0.1) *
 * running + 0.1 * batch}, the batch variance unbiased ({@code * n / (n - 1)}, {@code n = N*H*W})
 * for {@code running_var}, the biased one for the normalization.
 */
final class RowBatchNorm {

    /**
     * On unless {@code -Dhsresnet.row.batchnorm=false}. (It was off while full training runs with it
     * diverged to NaN at random steps: its forward used DJL's {@code Number} overloads of div and
     * pow, whose scalar DJL frees before the backward reads it; see DjlScalarOverloadTest and
     * docs/engine.md. The forward now uses array operands and means only.)
     */
    static final boolean ENABLED =
            Boolean.parseBoolean(System.getProperty("hsresnet.row.batchnorm", "true"));

    /** Floats per vector register the row width is rounded to (AVX2). */
    static final int LANES = 8;

    private RowBatchNorm() {}

    /**
     * @param x the BatchNorm's input {@code (N, C, H, W)}
     * @param training whether this is a training forward
     * @return whether {@link #forward} is the one to use: training, on the channels-last path,
     *     with {@code C} not a multiple of {@value #LANES}
     */
    static boolean applies(NDArray x, boolean training) {
        if (!training || ConvPaths.current() != ConvPath.CHANNELS_LAST) {
            return false;
        }
        Shape s = x.getShape();
        return s.dimension() == 4 && fits(s);
    }

    /** @return whether the shape is NCHW-like with a channel count that gains from wide rows */
    static boolean fits(Shape s) {
        long c = s.get(1);
        long pixels = s.get(0) * s.get(2) * s.get(3);
        return c % LANES != 0 && pixels > 1 && pixels % pixelsPerRow(c) == 0;
    }

    /** @return {@code 8 / gcd(C, 8)}: pixels per row so that a row is a multiple of 8 floats */
    static int pixelsPerRow(long channels) {
        long g = channels;
        long b = LANES;
        while (b != 0) {
            long t = g % b;
            g = b;
            b = t;
        }
        return (int) (LANES / g);
    }

    /**
     * Training-mode BatchNorm over axis 1, the running statistics of {@code bn} updated in place.
     *
     * @param bn a BatchNorm from {@link Layers#batchNorm()} (its parameters are read, its epsilon
     *     and momentum are {@link Layers#BN_EPSILON} and {@link Layers#BN_MOMENTUM_DJL})
     * @param ps the parameter store of the forward
     * @param x {@code (N, C, H, W)} in any memory layout (NHWC memory costs no copy), {@code
     *     N*H*W > 1}
     * @return {@code (N, C, H, W)}, NHWC in memory; differentiable in {@code x}, gamma and beta
     */
    static NDArray forward(BatchNorm bn, ParameterStore ps, NDArray x) {
        Shape s = x.getShape();
        long c = s.get(1);
        long n = s.get(0) * s.get(2) * s.get(3);
        int k = pixelsPerRow(c);
        NDArray gamma = value(bn, "gamma", ps, x);
        NDArray beta = value(bn, "beta", ps, x);
        NDArray rows = ChannelsLast.nhwc(x).reshape(n / k, k * c);

        // no Number overloads of mul/div/pow here: DJL frees their scalar before backward
        NDArray mean = foldColumnMeans(rows.mean(new int[] {0}), k, c);
        NDArray centered = rows.sub(tiled(mean, k));
        NDArray var = foldColumnMeans(centered.square().mean(new int[] {0}), k, c);
        // gamma and beta live in the model's manager: what is made from them must not stay there
        // (one array per step)
        NDArray scale = gamma.div(var.add(Layers.BN_EPSILON).sqrt());
        scale.attach(x.getManager());
        NDArray betaRow = tiled(beta, k);
        betaRow.attach(x.getManager());
        NDArray y = centered.mul(tiled(scale, k)).add(betaRow);

        updateRunning(bn, ps, x, mean, var, n);
        return ChannelsLast.fromNhwc(y.reshape(s.get(0), s.get(2), s.get(3), c));
    }

    /**
     * @return {@code (k*C)} column means folded to {@code (C)}: every column holds the same number
     *     of pixels, so the mean of the {@code k} columns of a channel is that channel's mean
     */
    private static NDArray foldColumnMeans(NDArray columns, int k, long c) {
        return k == 1 ? columns : columns.reshape(k, c).mean(new int[] {0});
    }

    private static NDArray tiled(NDArray perChannel, int k) {
        return k == 1 ? perChannel : perChannel.tile(k);
    }

    private static void updateRunning(
            BatchNorm bn, ParameterStore ps, NDArray x, NDArray mean, NDArray var, long n) {
        float keep = Layers.BN_MOMENTUM_DJL;
        NDArray runningMean = value(bn, "runningMean", ps, x);
        NDArray runningVar = value(bn, "runningVar", ps, x);
        // detached views share the graph's storage: scale copies, never the views in place
        try (NDArray m = mean.stopGradient();
                NDArray v = var.stopGradient();
                NDArray newMean = m.mul(1 - keep);
                NDArray newVar = v.mul((float) ((1 - keep) * n / (double) (n - 1)))) {
            runningMean.muli(keep).addi(newMean);
            runningVar.muli(keep).addi(newVar);
        }
    }

    private static NDArray value(BatchNorm bn, String name, ParameterStore ps, NDArray x) {
        Parameter p = bn.getParameters().get(name);
        if (p == null) {
            throw new IllegalStateException("BatchNorm " + bn + " has no parameter '" + name + "'");
        }
        return ps.getValue(p, x.getDevice(), true);
    }
}
