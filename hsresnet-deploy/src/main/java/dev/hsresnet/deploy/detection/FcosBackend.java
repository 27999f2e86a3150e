package dev.hsresnet.deploy.detection;

import dev.hsresnet.deploy.BackendKind;

/**
 * A network of the FCOS family without its decoding (the detector, the instance segmenter built
 * on it): a batch of normalized, padded images in, the heads' raw outputs out; the DJL
 * (libtorch) path or ONNX Runtime. Decoding stays in Java, the same for both. Implementations are
 * safe to call from several threads at once.
 *
 * @param <O> the raw outputs of a batch
 */
public interface FcosBackend<O> extends AutoCloseable {

    /**
     * Runs the network in inference mode.
     *
     * @param input {@code (n, channels, height, width)} float32 values, row-major (NCHW),
     *     normalized as the model's preprocessing says ({@link FcosImageModel} pads to multiples
     *     of 32; the backends take any size)
     * @param n batch size, at least 1
     * @param height rows of every image, at least 1
     * @param width columns of every image, at least 1
     * @return the raw outputs
     * @throws IllegalArgumentException when {@code input.length} does not match the shape
     */
    O run(float[] input, int n, int height, int width);

    /** @return {@code djl} or {@code onnx} */
    BackendKind kind();

    /** Frees the native memory; the backend cannot be used afterwards. */
    @Override
    void close();
}
