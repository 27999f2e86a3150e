package dev.hsresnet.deploy.detection;

/**
 * An FCOS detector's network without its decoding: a batch of normalized, padded images in, the
 * head's raw outputs out; the DJL (libtorch) path or ONNX Runtime. Decoding (scores, top-k,
 * boxes, NMS) is {@link dev.hsresnet.vision.detection.FcosDecoder}'s, the same for both.
 * Implementations are safe to call from several threads at once.
 */
public interface DetectionBackend extends FcosBackend<DetectionBackend.RawOutputs> {

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
}
