package dev.hsresnet.deploy.detection;

import dev.hsresnet.deploy.BackendKind;

/**
 * An FCOS detector's network without its decoding: a batch of normalized, padded images in, the
 * head's raw outputs out; the DJL (libtorch) path or ONNX Runtime. Decoding (scores, top-k,
 * boxes, NMS) is {@link dev.hsresnet.vision.detection.FcosDecoder}'s, the same for both.
 * Implementations are safe to call from several threads at once.
 */
public interface DetectionBackend extends AutoCloseable {

    /**
     * The head's outputs for a batch, float32, row-major, {@code P} locations per image (levels
     * finest first, each row-major), as {@link dev.hsresnet.vision.detection.FcosNet} returns
     * them.
     *
     * @param clsLogits {@code n * P * numClasses} classification logits
     * @param boxDistances {@code n * P * 4} distances {@code l, t, r, b} in input pixels
     * @param centernessLogits {@code n * P} centerness logits
     */
    record RawOutputs(float[] clsLogits, float[] boxDistances, float[] centernessLogits) {}

    /**
     * Runs the network in inference mode.
     *
     * @param input {@code (n, channels, height, width)} float32 values, row-major (NCHW),
     *     normalized as the model's preprocessing says ({@link Detector} pads to multiples of
     *     32; the backends take any size)
     * @param n batch size, at least 1
     * @param height rows of every image, at least 1
     * @param width columns of every image, at least 1
     * @return the raw outputs
     * @throws IllegalArgumentException when {@code input.length} does not match the shape
     */
    RawOutputs run(float[] input, int n, int height, int width);

    /** @return {@code djl} or {@code onnx} */
    BackendKind kind();

    /** Frees the native memory; the backend cannot be used afterwards. */
    @Override
    void close();
}
