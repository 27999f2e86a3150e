package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.deploy.ImagePreprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static int8 quantization of every part of the exported graph: the file passes ONNX's checker,
 * ONNX Runtime fuses it into integer kernels, and its outputs follow the float32 model's.
 */
class OnnxQuantizerTest {

    @TempDir
    Path tmp;

    static List<ExportCase> cases() {
        return ExportCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quantizedModelRunsOnIntegerKernelsAndFollowsTheFloatModel(ExportCase c)
            throws Exception {
        // calibration takes images: a 2-channel case gets 3 channels here
        int channels = c.spec().inChannels() == 1 ? 1 : 3;
        ModelConfig config = SmallNets.config("q",
                c.spec().toBuilder().inChannels(channels).build(), c.size());
        Path calib = CalibrationFolders.jpegs(tmp.resolve("calib"), 24, c.size() + 3, 5);
        byte[] fp32;
        byte[] int8;
        try (ResNetModel model = SmallNets.create(config, 3)) {
            fp32 = OnnxExporter.export(model, OnnxOptions.defaults());
            int8 = OnnxQuantizer.int8(model, OnnxOptions.defaults(), new Int8Options(8),
                    CalibrationImages.of(calib, 256), line -> { });
        }
        Path file = tmp.resolve("q.onnx");
        Files.write(file, int8);
        PythonOnnxChecker.check(List.of(file));

        ImagePreprocessor pre = new ImagePreprocessor(config);
        int n = 6;
        float[] x = new float[n * pre.imageLength()];
        List<Path> images = CalibrationImages.of(calib, n).files();
        for (int i = 0; i < n; i++) {
            System.arraycopy(pre.apply(ImageDecoder.decode(images.get(i), pre.channels())), 0, x,
                    i * pre.imageLength(), pre.imageLength());
        }
        float[] want;
        float[] got;
        try (OrtBackend f = OrtBackend.open(fp32, config, 1);
                OrtBackend q = OrtBackend.open(int8, config, 1)) {
            want = SmallNets.flatten(f.logits(x, n));
            got = SmallNets.flatten(q.logits(x, n));
        }
        double err = 0;
        double norm = 0;
        for (int i = 0; i < want.length; i++) {
            err += (got[i] - want[i]) * (got[i] - want[i]);
            norm += want[i] * want[i];
        }
        double relative = Math.sqrt(err / norm);
        // measured 0.008 to 0.032 on these networks
        assertTrue(relative < 0.08, c + ": int8 outputs are " + relative
                + " (relative L2) from float32's");

        Map<String, Integer> ops = optimizedOps(file);
        long convs = GraphSummary.of(fp32).count("Conv");
        assertEquals(convs, (long) ops.getOrDefault("QLinearConv", 0), "every Conv runs as QLinearConv: "
                + ops);
        assertEquals(null, ops.get("Conv"), "no float Conv is left: " + ops);
        assertEquals(1, ops.getOrDefault("QuantizeLinear", 0),
                "one QuantizeLinear (the input) is left after fusion: " + ops);
        if (c.spec().stages().stream().anyMatch(s -> s.usesHs())) {
            assertTrue(ops.getOrDefault("QLinearConcat", 0) > 0, "HS concat runs quantized: "
                    + ops);
        }
    }

    /** @return operator counts of the graph ONNX Runtime runs after its optimizations */
    static Map<String, Integer> optimizedOps(Path model) throws Exception {
        Path optimized = model.resolveSibling(model.getFileName() + ".optimized.onnx");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(1);
            o.setOptimizedModelFilePath(optimized.toString());
            try (OrtSession s = env.createSession(model.toString(), o)) {
                assertEquals(1, s.getNumInputs());
            }
        }
        Map<String, Integer> ops = new TreeMap<>();
        for (GraphSummary.Node node : GraphSummary.of(Files.readAllBytes(optimized)).nodes()) {
            ops.merge(node.opType(), 1, Integer::sum);
        }
        return ops;
    }
}
