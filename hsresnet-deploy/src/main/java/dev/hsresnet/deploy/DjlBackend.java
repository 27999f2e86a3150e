package dev.hsresnet.deploy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;

/**
 * The DJL path: the network as trained, run by libtorch in inference mode with its BatchNorms
 * folded into the convolutions ({@code ResNet.foldBatchNorm()}). Each call works in its own
 * sub-manager of the model's manager, so nothing accumulates between calls.
 */
public final class DjlBackend implements Backend {

    private final ResNetModel model;
    private final int channels;
    private final int size;

    /**
     * @param model the loaded model; the backend owns it, freezes its parameters (no gradients
     *     are recorded), folds its BatchNorms (inference only from then on) and closes it
     */
    public DjlBackend(ResNetModel model) {
        this.model = model;
        model.network().prepareForInference();
        ModelConfig config = model.config();
        this.channels = config.architecture().inChannels();
        this.size = config.inputSize();
    }

    @Override
    public float[][] logits(float[] input, int n) {
        Inputs.check(input, n, channels, size);
        try (NDManager batch = model.manager().newSubManager()) {
            NDArray x = batch.create(input, new Shape(n, channels, size, size));
            NDArray out = model.forward(x, false).head();
            float[] flat = out.toFloatArray();
            return Inputs.rows(flat, n);
        }
    }

    @Override
    public BackendKind kind() {
        return BackendKind.DJL;
    }

    /** @return the model this backend runs */
    public ResNetModel model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
