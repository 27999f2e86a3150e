package dev.hsresnet.deploy.segmentation;

import dev.hsresnet.deploy.BackendKind;

/**
 * A semantic-segmentation network that maps a batch of normalized images to the most likely class
 * of every pixel: the DJL (libtorch) path or ONNX Runtime. Implementations are safe to call from
 * several threads at once.
 */
public interface SegmentationBackend extends AutoCloseable {

    /**
     * Runs the network in inference mode and takes the argmax over the classes. The logits, {@code
     * n * numClasses * height * width} float32, exist only during the call.
     *
     * @param input {@code (n, channels, height, width)} float32 values, row-major (NCHW),
     *     normalized as the model's preprocessing says
     * @param n batch size, at least 1
     * @param height rows of every image, at least 1
     * @param width columns of every image, at least 1
     * @return {@code n * height * width} class indices, row-major {@code (n, height, width)};
     *     ties go to the lowest index
     * @throws IllegalArgumentException when {@code input.length} does not match the shape
     */
    int[] labels(float[] input, int n, int height, int width);

    /** @return {@code djl} or {@code onnx} */
    BackendKind kind();

    /** Frees the native memory; the backend cannot be used afterwards. */
    @Override
    void close();
}
