package dev.hsresnet.deploy.detection;

import dev.hsresnet.vision.detection.DetectionModel;

/**
 * The DJL path of detection: the network as trained, run by libtorch with its parameters frozen
 * and its backbone's BatchNorms folded into the convolutions ({@code
 * FcosNet.prepareForInference()}; the head's GroupNorms stay). Each call works in its own
 * sub-manager of the model's manager, so nothing accumulates between calls; the three outputs are
 * copied to the Java heap.
 *
 * <pre>{@code
 * try (DetectionBackend djl = new DjlDetectionBackend((DetectionModel) ModelDir.loadAny(dir,
 *         LoadOptions.DEFAULT))) {
 *     DetectionBackend.RawOutputs out = djl.run(images, 2, 384, 512);
 * }
 * }</pre>
 */
public final class DjlDetectionBackend
        extends DjlFcosBackend<DetectionModel, DetectionBackend.RawOutputs>
        implements DetectionBackend {

    /**
     * @param model the loaded model; the backend owns it, prepares it for inference (a training
     *     forward throws from then on) and closes it
     */
    public DjlDetectionBackend(DetectionModel model) {
        super(model, model.spec().backbone().inChannels());
        model.block().prepareForInference();
    }

    @Override
    protected RawOutputs outputs(float[][] out) {
        return new RawOutputs(out[0], out[1], out[2]);
    }
}
