package dev.hsresnet.deploy.onnx;

/**
 * Folds an inference-mode BatchNorm into the bias-free convolution before it:
 * {@code BN(conv(x, W)) = conv(x, W * a) + (beta - mean * a)} per output channel, with
 * {@code a = gamma / sqrt(running_var + eps)}. Computed in double, rounded once to float.
 */
final class BatchNormFolding {

    private BatchNormFolding() {}

    /**
     * The folded weight and bias.
     *
     * @param weight OIHW {@code (out, in, kh, kw)}, row-major
     * @param bias {@code (out)}
     */
    record Folded(float[] weight, float[] bias) {}

    /**
     * @param weight the conv weight, OIHW row-major, {@code out * inner} values
     * @param outChannels the conv's output channels (the BN's channels)
     * @param gamma BN weight, {@code out} values
     * @param beta BN bias
     * @param mean BN running mean
     * @param var BN running variance (non-negative)
     * @param eps BN epsilon
     * @return the folded conv parameters; the inputs are not modified
     * @throws IllegalArgumentException when the lengths disagree
     */
    static Folded fold(float[] weight, int outChannels, float[] gamma, float[] beta,
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
}
