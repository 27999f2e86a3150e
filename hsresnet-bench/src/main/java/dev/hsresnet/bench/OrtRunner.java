package dev.hsresnet.bench;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.engine.CpuInfo;
import dev.hsresnet.deploy.bench.SyntheticImages;
import dev.hsresnet.deploy.onnx.CalibrationImages;
import dev.hsresnet.deploy.onnx.Int8Options;
import dev.hsresnet.deploy.onnx.OnnxExporter;
import dev.hsresnet.deploy.onnx.OnnxOptions;
import dev.hsresnet.deploy.onnx.OnnxQuantizer;
import dev.hsresnet.deploy.onnx.OrtBackend;
import dev.hsresnet.core.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Times one network on the ONNX Runtime path: the model exported by {@link OnnxExporter} with
 * BatchNorm folded (opset 17), run by {@link OrtBackend} (all graph optimizations, the given
 * intra-op threads, one inter-op thread). A step is one {@code logits} call on a synthetic batch
 * made once per batch size: tensor creation, the run and the copy of the logits to Java.
 */
public final class OrtRunner implements AutoCloseable {

    private final OrtBackend backend;
    private final ModelConfig config;

    private OrtRunner(OrtBackend backend, ModelConfig config) {
        this.backend = backend;
        this.config = config;
    }

    /** Synthetic pictures the int8 path is calibrated on (speed only, not accuracy). */
    static final int CALIBRATION_IMAGES = 16;

    /**
     * @param model the network to export, with its current weights
     * @param threads intra-op threads, at least 1
     * @param int8 whether to time the static int8 export (weight bits for this CPU) instead of
     *     float32
     * @return a runner holding an ONNX Runtime session
     * @throws IOException when ONNX Runtime rejects the exported model
     */
    public static OrtRunner open(ResNetModel model, int threads, boolean int8) throws IOException {
        OnnxOptions options = OnnxOptions.defaults().withFoldBn(true);
        byte[] onnx = int8 ? int8(model, options) : OnnxExporter.export(model, options);
        return new OrtRunner(OrtBackend.open(onnx, model.config(), threads), model.config());
    }

    private static byte[] int8(ResNetModel model, OnnxOptions options) throws IOException {
        Path dir = Files.createTempDirectory("hsresnet-bench-calibration");
        try {
            List<byte[]> jpegs = SyntheticImages.jpegs(CALIBRATION_IMAGES,
                    model.config().inputSize(), 11);
            for (int i = 0; i < jpegs.size(); i++) {
                Files.write(dir.resolve("synthetic" + i + ".jpg"), jpegs.get(i));
            }
            return OnnxQuantizer.int8(model, options, Int8Options.forCpu(CpuInfo.current()),
                    CalibrationImages.of(dir, CALIBRATION_IMAGES), line -> { });
        } finally {
            FileTrees.delete(dir);
        }
    }

    /**
     * @param batch images per call
     * @param timing warm-up and timed calls
     * @return milliseconds per timed call
     * @throws Exception from ONNX Runtime
     */
    public double[] time(int batch, TimingPolicy timing) throws Exception {
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
