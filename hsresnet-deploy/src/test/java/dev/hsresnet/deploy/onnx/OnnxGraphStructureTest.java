package dev.hsresnet.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ResNetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported graph's structure: BatchNorm folded or kept, PyTorch names on unchanged tensors,
 * Split's form per opset, the symbolic batch dimension, and ONNX's checker on every small case.
 */
class OnnxGraphStructureTest {

    @TempDir
    Path tmp;

    @Test
    void foldingLeavesNoBatchNormAndGivesEveryConvABias() throws Exception {
        for (ExportCase c : ExportCase.all()) {
            ModelConfig config = SmallNets.config("fold", c.spec(), c.size());
            try (ResNetModel model = SmallNets.create(config, 1)) {
                Map<String, Tensor> state = model.stateDict();
                GraphSummary g = GraphSummary.of(
                        OnnxExporter.export(model, OnnxOptions.defaults()));
                assertEquals(0, g.count("BatchNormalization"), c.name());
                assertEquals(count(state, ".running_mean"), g.count("Conv"), c.name());
                for (GraphSummary.Node conv : g.nodes("Conv")) {
                    assertEquals(3, conv.inputs().size(), conv.name() + " has no bias");
                    assertEquals(conv.name() + ".bias.folded", conv.inputs().get(2));
                }
            }
        }
    }

    @Test
    void withoutFoldingEveryTensorKeepsItsPyTorchNameAndBytes() throws Exception {
        for (ExportCase c : ExportCase.all()) {
            ModelConfig config = SmallNets.config("nofold", c.spec(), c.size());
            try (ResNetModel model = SmallNets.create(config, 2)) {
                Map<String, Tensor> state = model.stateDict();
                GraphSummary g = GraphSummary.of(
                        OnnxExporter.export(model, new OnnxOptions(17, false)));
                assertEquals(count(state, ".running_mean"), g.count("BatchNormalization"));
                Set<String> weights = g.initializers().keySet().stream()
                        .filter(n -> !n.startsWith("split_sizes."))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(new TreeSet<>(state.keySet()), weights, c.name());
                for (String name : weights) {
                    assertEquals(state.get(name).data(), g.initializers().get(name), name);
                }
            }
        }
    }

    @Test
    void splitSizesAreAnAttributeBeforeOpset13AndAnInputFrom13On() throws Exception {
        ExportCase c = ExportCase.all().get(0);
        ModelConfig config = SmallNets.config("split", c.spec(), c.size());
        try (ResNetModel model = ResNetModel.create(config, 3)) {
            for (int opset = OnnxOptions.MIN_OPSET; opset <= OnnxOptions.MAX_OPSET; opset++) {
                GraphSummary g = GraphSummary.of(
                        OnnxExporter.export(model, new OnnxOptions(opset, true)));
                assertTrue(g.count("Split") > 0);
                for (GraphSummary.Node split : g.nodes("Split")) {
                    boolean asInput = opset >= 13;
                    assertEquals(asInput ? 2 : 1, split.inputs().size(), "opset " + opset);
                    assertEquals(!asInput, split.attributes().contains("split"), "opset " + opset);
                }
                OnnxMetadata meta = OnnxMetadata.parse(
                        OnnxExporter.export(model, new OnnxOptions(opset, true)), "x");
                assertEquals(opset, meta.opset());
                assertEquals(opset >= 15 ? 8 : opset >= 12 ? 7 : 6, meta.irVersion());
            }
        }
    }

    @Test
    void inputAndOutputHaveASymbolicBatchDimension() throws Exception {
        ExportCase c = ExportCase.all().get(1);
        ModelConfig config = SmallNets.config("dims", c.spec(), c.size());
        try (ResNetModel model = ResNetModel.create(config, 4)) {
            byte[] onnx = OnnxExporter.export(model, OnnxOptions.defaults());
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                    OrtSession s = env.createSession(onnx, o)) {
                TensorInfo in = (TensorInfo) s.getInputInfo().get("input").getInfo();
                TensorInfo out = (TensorInfo) s.getOutputInfo().get("logits").getInfo();
                assertArrayEquals(new long[] {-1, 1, 7, 7}, in.getShape());
                assertArrayEquals(new long[] {-1, 5}, out.getShape());
                assertEquals("batch", in.getDimensionNames()[0]);
                assertEquals("batch", out.getDimensionNames()[0]);
            }
        }
    }

    @Test
    void everySmallCasePassesTheOnnxChecker() throws Exception {
        PythonOnnxChecker.assumeAvailable();
        List<Path> files = new ArrayList<>();
        int i = 0;
        for (ExportCase c : ExportCase.all()) {
            ModelConfig config = SmallNets.config("check", c.spec(), c.size());
            try (ResNetModel model = ResNetModel.create(config, 5)) {
                for (int opset : new int[] {OnnxOptions.MIN_OPSET, 13, OnnxOptions.MAX_OPSET}) {
                    for (boolean fold : new boolean[] {true, false}) {
                        Path file = tmp.resolve("case" + i++ + "-opset" + opset + "-" + fold
                                + ".onnx");
                        OnnxExporter.export(model, new OnnxOptions(opset, fold), file);
                        assertTrue(Files.size(file) > 0);
                        files.add(file);
                    }
                }
            }
        }
        PythonOnnxChecker.check(files);
    }

    private static long count(Map<String, Tensor> state, String suffix) {
        return state.keySet().stream().filter(k -> k.endsWith(suffix)).count();
    }
}
