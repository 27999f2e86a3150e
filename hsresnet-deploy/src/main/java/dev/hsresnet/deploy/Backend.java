package dev.hsresnet.deploy;

/**
 * A network that maps a batch of preprocessed images to logits: the DJL (libtorch) path or ONNX
 * Runtime. Implementations are safe to call from several threads at once.
 */
public interface Backend extends AutoCloseable {

    /**
     * Runs the network in inference mode (BatchNorm running statistics).
     *
     * @param input {@code (n, channels, size, size)} float32 values, row-major (NCHW), already
     *     normalized as the model's preprocessing says
     * @param n batch size, at least 1
     * @return logits, {@code n} rows of {@code numClasses} values
     * @throws IllegalArgumentException when {@code input.length} does not match {@code n} images
     */
    float[][] logits(float[] input, int n);

    /** @return {@code djl} or {@code onnx} */
    BackendKind kind();

    /** Frees the native memory; the backend cannot be used afterwards. */
    @Override
    void close();
}
