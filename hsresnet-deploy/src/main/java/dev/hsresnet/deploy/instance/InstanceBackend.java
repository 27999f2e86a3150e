package dev.hsresnet.deploy.instance;

import dev.hsresnet.deploy.detection.FcosBackend;

/**
 * A YOLACT-on-FCOS instance segmenter's network without its decoding: a batch of normalized,
 * padded images in, the five raw outputs out; the DJL (libtorch) path or ONNX Runtime. Decoding
 * and mask assembly ({@link dev.hsresnet.vision.instance.InstanceDecoder}) stay in Java, the same
 * for both. Implementations are safe to call from several threads at once.
 */
public interface InstanceBackend extends FcosBackend<InstanceBackend.RawOutputs> {

    /**
     * The network's outputs for a batch, float32, row-major, as {@link
     * dev.hsresnet.vision.instance.YolactNet} returns them: {@code P} locations per image (levels
     * finest first, each row-major), and the prototypes at stride 4.
     *
     * @param clsLogits {@code n * P * numClasses} classification logits
     * @param boxDistances {@code n * P * 4} distances {@code l, t, r, b} in input pixels
     * @param centernessLogits {@code n * P} centerness logits
     * @param coefficients {@code n * P * k} mask coefficients, in [-1, 1]
     * @param prototypes {@code n * k * H4 * W4} prototypes, {@code >= 0}, {@code H4 x W4} twice
     *     P3's size
     */
    record RawOutputs(float[] clsLogits, float[] boxDistances, float[] centernessLogits,
            float[] coefficients, float[] prototypes) {}
}
