package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * Folds an inference-mode BatchNorm into the bias-free convolution before it: {@code
 * BN(conv(x, W)) = conv(x, W * a) + (beta - mean * a)} per output channel, with {@code a = gamma /
 * sqrt(running_var + eps)}. The arithmetic is {@link #fold}; {@link ResNet#foldBatchNorm()} applies
 * it to a whole network.
 *
 * <p>How a folded network is laid out: each {@link Conv} keeps its folded weight and bias beside
 * its (unchanged) parameter, and its parent skips the BatchNorm it absorbed. The BatchNorm blocks
 * stay where they are, untouched, so the block tree, the PyTorch names ({@link StateDict}) and DJL's
 * {@code .params} layout are those of the unfolded network. (DJL's {@code BatchNorm} cannot be
 * subclassed outside its package, and a wrapper block would change that tree.)
 */
public final class BatchNormFolding {

    /** The message of the {@link IllegalStateException} a folded network's training forward gets. */
    static final String TRAINING_REFUSED = "this network has its BatchNorms folded into the "
            + "convolutions, for inference only; a training-mode forward needs the unfolded "
            + "network (unfoldBatchNorm(), or load the weights again)";

    private BatchNormFolding() {}

    /**
     * The folded weight and bias of a convolution.
     *
     * @param weight OIHW {@code (out, in, kh, kw)}, row-major
     * @param bias {@code (out)}
     */
    public record Folded(float[] weight, float[] bias) {}

    /**
     * Computes in double precision and rounds once to float: {@code w' = w * a} and {@code b' =
     * beta - mean * a}, {@code a = gamma / sqrt(var + eps)}.
     *
     * @param weight the conv weight, OIHW row-major, {@code out * inner} values
     * @param outChannels the conv's output channels (the BatchNorm's channels)
     * @param gamma BatchNorm weight, {@code out} values
     * @param beta BatchNorm bias
     * @param mean BatchNorm running mean
     * @param var BatchNorm running variance (non-negative)
     * @param eps BatchNorm epsilon
     * @return the folded conv parameters; the inputs are not modified
     * @throws IllegalArgumentException when the lengths disagree
     */
    public static Folded fold(float[] weight, int outChannels, float[] gamma, float[] beta,
            float[] mean, float[] var, double eps) {
        if (outChannels < 1 || weight.length % outChannels != 0) {
            throw new IllegalArgumentException("conv weight of " + weight.length
                    + " values cannot have " + outChannels + " output channels");
        }
        for (float[] v : new float[][] {gamma, beta, mean, var}) {
            if (v.length != outChannels) {
                throw new IllegalArgumentException("BatchNorm has " + v.length
                        + " channels but the conv before it has " + outChannels);
            }
        }
        int inner = weight.length / outChannels;
        float[] w = new float[weight.length];
        float[] b = new float[outChannels];
        for (int o = 0; o < outChannels; o++) {
            double a = gamma[o] / Math.sqrt((double) var[o] + eps);
            for (int i = o * inner; i < (o + 1) * inner; i++) {
                w[i] = (float) (weight[i] * a);
            }
            b[o] = (float) (beta[o] - mean[o] * a);
        }
        return new Folded(w, b);
    }

    /**
     * Applies {@code bn} to the output of {@code conv}, unless it is folded into it. A training
     * forward on the channels-last path whose channel count is not a multiple of 8 computes the
     * same BatchNorm as wide-row elementwise operations ({@link RowBatchNorm}, faster there).
     *
     * @return {@code y}, or {@code bn(y)}
     */
    static NDList batchNorm(
            Conv conv, BatchNorm bn, ParameterStore ps, NDList y, boolean training) {
        if (conv.absorbed(bn)) {
            return y;
        }
        NDArray x = y.singletonOrThrow();
        return RowBatchNorm.ENABLED && RowBatchNorm.applies(x, training)
                ? new NDList(RowBatchNorm.forward(bn, ps, x))
                : bn.forward(ps, y, training);
    }

    /**
     * Runs a {@code SequentialBlock} of convolutions, BatchNorms and other blocks (a deep stem, a
     * projection shortcut), skipping each BatchNorm folded into the conv before it. Unfolded, it is
     * the block's own forward.
     */
    static NDList forward(SequentialBlock seq, ParameterStore ps, NDList x, boolean training) {
        if (!hasFoldedConv(seq)) {
            return seq.forward(ps, x, training);
        }
        NDList current = x;
        Block previous = null;
        for (Pair<String, Block> child : seq.getChildren()) {
            Block block = child.getValue();
            boolean skip = previous instanceof Conv conv && block instanceof BatchNorm bn
                    && conv.absorbed(bn);
            if (!skip) {
                current = block.forward(ps, current, training);
            }
            previous = block;
        }
        return current;
    }

    /** Folds every conv immediately followed by a BatchNorm in {@code seq}. */
    static void foldSequential(SequentialBlock seq) {
        Block previous = null;
        for (Pair<String, Block> child : seq.getChildren()) {
            Block block = child.getValue();
            if (previous instanceof Conv conv && block instanceof BatchNorm bn) {
                conv.fold(bn);
            }
            previous = block;
        }
    }

    /** @return the last child of {@code seq} when it is a {@link Conv}, else {@code null} */
    static Conv lastConv(SequentialBlock seq) {
        int n = seq.getChildren().size();
        return n > 0 && seq.getChildren().get(n - 1).getValue() instanceof Conv conv ? conv : null;
    }

    /** Drops every folded weight under {@code root}: each {@link Conv} computes as built. */
    static void unfoldAll(Block root) {
        if (root instanceof Conv conv) {
            conv.unfold();
        }
        for (Pair<String, Block> child : root.getChildren()) {
            unfoldAll(child.getValue());
        }
    }

    private static boolean hasFoldedConv(SequentialBlock seq) {
        for (Pair<String, Block> child : seq.getChildren()) {
            if (child.getValue() instanceof Conv conv && conv.isFolded()) {
                return true;
            }
        }
        return false;
    }
}
