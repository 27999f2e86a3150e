package dev.hsresnet.deploy.segmentation;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.onnx.OrtSegmenter;

/**
 * The ONNX Runtime path of segmentation: an exported network ({@link OrtSegmenter}), BatchNorm
 * folded by the export. The argmax reads ONNX Runtime's output buffer ({@link
 * OrtSegmenter#argmax}).
 */
final class OrtSegmentationBackend implements SegmentationBackend {

    private final OrtSegmenter ort;

    /** @param ort the opened network; the backend owns it and closes it */
    OrtSegmentationBackend(OrtSegmenter ort) {
        this.ort = ort;
    }

    @Override
    public int[] labels(float[] input, int n, int height, int width) {
        SegmentationInputs.check(input, n, ort.inChannels(), height, width);
        return ort.argmax(input, new long[] {n, ort.inChannels(), height, width});
    }

    @Override
    public BackendKind kind() {
        return BackendKind.ONNX;
    }

    @Override
    public void close() {
        ort.close();
    }
}
