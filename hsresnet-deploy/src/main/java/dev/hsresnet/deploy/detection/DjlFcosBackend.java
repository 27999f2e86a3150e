package dev.hsresnet.deploy.detection;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.DjlOutputs;
import dev.hsresnet.vision.task.DenseModel;

/**
 * The DJL path of a network of the FCOS family: the model run by libtorch in inference mode, each
 * call in its own sub-manager ({@link DjlOutputs}), the outputs copied to the Java heap. The
 * subclass prepares the model for inference (parameters frozen, the backbone's BatchNorms folded)
 * and names the outputs.
 *
 * @param <M> the model type
 * @param <O> the raw outputs of a batch
 */
public abstract class DjlFcosBackend<M extends DenseModel<?, ?>, O> implements FcosBackend<O> {

    private final M model;
    private final int channels;

    /**
     * @param model the loaded model; the backend owns it and closes it
     * @param channels its input channels
     */
    protected DjlFcosBackend(M model, int channels) {
        this.model = model;
        this.channels = channels;
    }

    /** @return the model it runs (prepared for inference) */
    public final M model() {
        return model;
    }

    @Override
    public final O run(float[] input, int n, int height, int width) {
        return outputs(DjlOutputs.run(model, channels, input, n, height, width));
    }

    /**
     * @param out the network's outputs, in order, row-major
     * @return them as this task's raw outputs
     */
    protected abstract O outputs(float[][] out);

    @Override
    public final BackendKind kind() {
        return BackendKind.DJL;
    }

    @Override
    public final void close() {
        model.close();
    }
}
