package dev.hsresnet.core.nn;

import static dev.hsresnet.core.testing.FixtureAsserts.assertClose;
import static dev.hsresnet.core.testing.FixtureAsserts.assertGradient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.ConvPaths;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.spec.BlockLayout;
import dev.hsresnet.core.spec.HsConfig;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.testing.Fixtures;
import dev.hsresnet.core.testing.Nets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The numerical cross-check against the PyTorch reference ({@code tools/reference}): for every
 * committed fixture, the Java network loads PyTorch's state dict (strict: same names, same
 * shapes), and reproduces PyTorch's eval-mode output, feature levels, training-mode output (batch
 * statistics) and the BN running statistics after that training forward to 1e-4 relative error,
 * and the gradients of a fixed scalar of that output with respect to the input and every parameter
 * to the bound the fixture records (1e-4, or 10x float32 PyTorch's own error where the gradients
 * are ill-conditioned).
 */
class PyTorchFixturesTest {

    /**
     * Each fixture on the channels-last path (the AMD workaround, tested on every machine) and,
     * when this machine's self-test chose the other path, on that one too.
     */
    @TestFactory
    Stream<DynamicTest> javaReproducesPyTorch() throws IOException {
        List<ConvPath> paths = Stream.of(ConvPath.CHANNELS_LAST, ConvPaths.current()).distinct()
                .toList();
        return Fixtures.directories().flatMap(dir -> paths.stream().map(path ->
                DynamicTest.dynamicTest(dir.getFileName() + " [" + path.id() + "]",
                        () -> onPath(path, dir))));
    }

    private static void onPath(ConvPath path, Path dir) throws IOException {
        IOException failed = ConvPaths.using(path, () -> {
            try {
                check(dir);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        if (failed != null) {
            throw failed;
        }
    }

    private static void check(Path dir) throws IOException {
        JsonNode json = SpecJson.mapper().readTree(Files.readString(dir.resolve("spec.json")));
        Map<String, Tensor> weights = Safetensors.read(dir.resolve("weights.safetensors")).tensors();
        Map<String, Tensor> io = Safetensors.read(dir.resolve("io.safetensors")).tensors();
        Tensor input = io.get("input");
        Shape inShape = new Shape(input.shape());
        boolean isBlock = json.has("block");
        ResNetSpec spec = isBlock ? null : SpecJson.parse(json.toString());

        Block eval = isBlock ? hsBlock(json) : ResNet.of(spec);
        try (Model model = Nets.initialized(eval, inShape, 0);
                NDManager m = model.getNDManager().newSubManager()) {
            Map<String, Parameter> params = StateDict.of(eval);
            Weights.load(params, weights, dir + "/weights.safetensors", "the Java network", Set.of());
            NDArray x = m.create(input.toFloats(), inShape);

            assertClose(io.get("output_eval"), Nets.forward(eval, x, false).singletonOrThrow(),
                    "eval output");
            if (!isBlock) {
                checkFeatures(spec, weights, io, x, dir);
            }
            NDArray lossWeights = m.create(io.get("loss_weights").toFloats(),
                    new Shape(io.get("loss_weights").shape()));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = Nets.forward(eval, x, true).singletonOrThrow();
                assertClose(io.get("output_train"), out, "training-mode output");
                gc.backward(out.mul(lossWeights).sum());
            }
            assertGradient(io, "input", x.getGradient());
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                if (e.getValue().requiresGradient()) {
                    assertGradient(io, e.getKey(), e.getValue().getArray().getGradient());
                }
            }
            int stats = 0;
            for (Map.Entry<String, Tensor> e : io.entrySet()) {
                if (e.getKey().startsWith("train_stats.")) {
                    String name = e.getKey().substring("train_stats.".length());
                    assertClose(e.getValue(), params.get(name).getArray(), name + " after training");
                    stats++;
                }
            }
            assertTrue(stats > 0, "fixture has running statistics to compare");
        }
    }

    private static void checkFeatures(
            ResNetSpec spec, Map<String, Tensor> weights, Map<String, Tensor> io, NDArray x,
            Path dir) {
        int levels = spec.stages().size() + 1;
        ResNet backbone = ResNet.builder().setSpec(spec)
                .optOutIndices(IntStream.range(0, levels).toArray()).build();
        try (Model model = Nets.initialized(backbone, x.getShape(), 0)) {
            Weights.load(StateDict.of(backbone), weights, dir.toString(), "the Java backbone",
                    Set.of("fc."));
            NDList out = Nets.forward(backbone, x, false);
            for (int k = 0; k < levels; k++) {
                assertClose(io.get("features_eval." + k), out.get(k), "feature level " + k);
            }
        }
    }

    private static Block hsBlock(JsonNode json) {
        assertEquals("hs", json.get("block").asText());
        int stride = json.get("stride").asInt();
        int dilation = json.has("dilation") ? json.get("dilation").asInt() : 1;
        boolean stageForm = json.has("stageForm") ? json.get("stageForm").asBoolean() : stride > 1;
        return new HSBlock(new HsConfig(json.get("s").asInt(), json.get("w").asInt()),
                new BlockLayout(stride, dilation, stageForm));
    }
}
