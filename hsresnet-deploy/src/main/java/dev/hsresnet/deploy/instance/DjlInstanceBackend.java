package dev.hsresnet.deploy.instance;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.DjlOutputs;
import dev.hsresnet.vision.instance.InstanceModel;

/**
 * The DJL path of instance segmentation: the network as trained, run by libtorch with its
 * parameters frozen and its backbone's BatchNorms folded into the convolutions ({@code
 * YolactNet.prepareForInference()}; the head's GroupNorms stay). Each call works in its own
 * sub-manager ({@link DjlOutputs}); the five outputs are copied to the Java heap.
 */
public final class DjlInstanceBackend implements InstanceBackend {

    private final InstanceModel model;
    private final int channels;

    /**
     * @param model the loaded model; the backend owns it, prepares it for inference (a training
     *     forward throws from then on) and closes it
     */
    public DjlInstanceBackend(InstanceModel model) {
        this.model = model;
        model.block().prepareForInference();
        this.channels = model.spec().backbone().inChannels();
    }

    /** @return the model it runs (prepared for inference) */
    public InstanceModel model() {
        return model;
    }

    @Override
    public RawOutputs run(float[] input, int n, int height, int width) {
        float[][] out = DjlOutputs.run(model, channels, input, n, height, width);
        return new RawOutputs(out[0], out[1], out[2], out[3], out[4]);
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
