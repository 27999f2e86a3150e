package dev.hsresnet.bench;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OrtBackend;
import java.io.IOException;

/**
 * Times one network on the ONNX Runtime path: the model exported by {@link OnnxExporter} with
 * BatchNorm folded (opset 17), run by {@link OrtBackend} (all graph optimizations, the given
 * intra-op threads, one inter-op thread). A step is one {@code logits} call on a synthetic batch
 * made once per batch size: tensor creation, the run and the copy of the logits to Java.
 */
final class OrtRunner implements AutoCloseable {

    private final OrtBackend backend;
    private final ModelConfig config;

    private OrtRunner(OrtBackend backend, ModelConfig config) {
        this.backend = backend;
        this.config = config;
    }

    /**
     * @param model the network to export, with its current weights
     * @param threads intra-op threads, at least 1
     * @return a runner holding an ONNX Runtime session
     * @throws IOException when ONNX Runtime rejects the exported model
     */
    static OrtRunner open(ResNetModel model, int threads) throws IOException {
        byte[] onnx = OnnxExporter.export(model, OnnxOptions.defaults().withFoldBn(true));
        return new OrtRunner(OrtBackend.open(onnx, model.config(), threads), model.config());
    }

    /**
     * @param batch images per call
     * @param timing warm-up and timed calls
     * @return milliseconds per timed call
     * @throws Exception from ONNX Runtime
     */
    double[] time(int batch, TimingPolicy timing) throws Exception {
        int size = config.inputSize();
        long floats = (long) batch * config.architecture().inChannels() * size * size;
        float[] input = PeakFlops.randomFloats(floats, batch);
        return Timing.repeat(timing, () -> backend.logits(input, batch));
    }

    @Override
    public void close() {
        backend.close();
    }
}
