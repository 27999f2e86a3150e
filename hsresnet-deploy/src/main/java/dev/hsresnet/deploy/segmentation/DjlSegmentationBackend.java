package dev.hsresnet.deploy.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.vision.segmentation.SegmentationModel;

/**
 * The DJL path of segmentation: the network as trained, run by libtorch with its parameters frozen
 * and its BatchNorms folded into the convolutions ({@code SegmentationNet.prepareForInference()}).
 * The argmax runs in libtorch too, so the logits never leave native memory; each call works in
 * its own sub-manager of the model's manager, so nothing accumulates between calls.
 */
final class DjlSegmentationBackend implements SegmentationBackend {

    private final SegmentationModel model;
    private final int channels;

    /**
     * @param model the loaded model; the backend owns it, prepares it for inference (a training
     *     forward throws from then on) and closes it
     */
    DjlSegmentationBackend(SegmentationModel model) {
        this.model = model;
        model.block().prepareForInference();
        this.channels = model.spec().backbone().inChannels();
    }

    @Override
    public int[] labels(float[] input, int n, int height, int width) {
        Shape shape = SegmentationInputs.check(input, n, channels, height, width);
        try (NDManager call = model.manager().newSubManager()) {
            NDArray x = call.create(input, shape);
            NDArray logits = model.forward(x, false).head();
            return logits.argMax(1).toType(DataType.INT32, false).toIntArray();
        }
    }

    @Override
    public BackendKind kind() {
        return BackendKind.DJL;
    }

    @Override
    public void close() {
        model.close();
    }
}
