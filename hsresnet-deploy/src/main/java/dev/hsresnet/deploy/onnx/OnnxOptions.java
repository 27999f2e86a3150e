package dev.hsresnet.deploy.onnx;

/**
 * How {@link OnnxExporter} writes a network.
 *
 * @param opset the ONNX operator set version, {@value #MIN_OPSET} to {@value #MAX_OPSET}
 *     (opset 17 = ONNX 1.12, IR version 8). The graph is the same in every one of them except
 *     Split, whose sizes are an attribute before opset 13 and an input from 13 on.
 * @param foldBn true to fold every BatchNorm into the convolution before it (the conv gets a
 *     bias; fewer nodes, same output up to float rounding); false to emit BatchNormalization nodes
 *     with the running statistics, the tensors unchanged under their PyTorch names
 */
public record OnnxOptions(int opset, boolean foldBn) {

    /** Oldest supported opset (ONNX 1.6, IR version 6); the tests run the oldest and newest. */
    public static final int MIN_OPSET = 11;

    /** Newest supported opset: the newest that ONNX 1.12's checker (Debian's python3-onnx) knows. */
    public static final int MAX_OPSET = 17;

    /** The default opset. */
    public static final int DEFAULT_OPSET = 17;

    /**
     * Validates the opset.
     *
     * @throws IllegalArgumentException naming the opset and the supported range
     */
    public OnnxOptions {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("ONNX opset " + opset + " is not supported (choose "
                    + MIN_OPSET + " to " + MAX_OPSET + ")");
        }
    }

    /** @return opset {@value #DEFAULT_OPSET} with BatchNorm folded */
    public static OnnxOptions defaults() {
        return new OnnxOptions(DEFAULT_OPSET, true);
    }

    /** @return a copy with another opset */
    public OnnxOptions withOpset(int newOpset) {
        return new OnnxOptions(newOpset, foldBn);
    }

    /** @return a copy with BatchNorm folding on or off */
    public OnnxOptions withFoldBn(boolean fold) {
        return new OnnxOptions(opset, fold);
    }
}
