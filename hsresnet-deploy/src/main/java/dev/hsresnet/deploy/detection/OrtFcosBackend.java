package dev.hsresnet.deploy.detection;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Inputs;
import dev.hsresnet.deploy.onnx.OrtDetector;
import java.util.Objects;

/**
 * The ONNX Runtime path of a network of the FCOS family: an exported network ({@link
 * OrtDetector}), the outputs copied to the Java heap; the subclass names them.
 *
 * @param <O> the raw outputs of a batch
 */
public abstract class OrtFcosBackend<O> implements FcosBackend<O> {

    private final OrtDetector ort;

    /** @param ort the opened network; the backend owns it and closes it */
    protected OrtFcosBackend(OrtDetector ort) {
        this.ort = Objects.requireNonNull(ort, "ort");
    }

    /** @return the network it runs, with its metadata and spec */
    public final OrtDetector detector() {
        return ort;
    }

    @Override
    public final O run(float[] input, int n, int height, int width) {
        Inputs.check(input, n, ort.inChannels(), height, width);
        return outputs(ort.run(input, new long[] {n, ort.inChannels(), height, width}));
    }

    /**
     * @param out the network's outputs
     * @return them as this task's raw outputs
     */
    protected abstract O outputs(OrtDetector.Outputs out);

    @Override
    public final BackendKind kind() {
        return BackendKind.ONNX;
    }

    @Override
    public final void close() {
        ort.close();
    }
}
