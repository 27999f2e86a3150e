package dev.hsresnet.deploy.instance;

import dev.hsresnet.deploy.detection.DjlFcosBackend;
import dev.hsresnet.vision.instance.InstanceModel;

/**
 * The DJL path of instance segmentation: the network as trained, run by libtorch with its
 * parameters frozen and its backbone's BatchNorms folded into the convolutions ({@code
 * YolactNet.prepareForInference()}; the head's GroupNorms stay). Each call works in its own
 * sub-manager; the five outputs are copied to the Java heap.
 */
public final class DjlInstanceBackend
        extends DjlFcosBackend<InstanceModel, InstanceBackend.RawOutputs>
        implements InstanceBackend {

    /**
     * @param model the loaded model; the backend owns it, prepares it for inference (a training
     *     forward throws from then on) and closes it
     */
    public DjlInstanceBackend(InstanceModel model) {
        super(model, model.spec().backbone().inChannels());
        model.block().prepareForInference();
    }

    @Override
    protected RawOutputs outputs(float[][] out) {
        return new RawOutputs(out[0], out[1], out[2], out[3], out[4]);
    }
}
