package dev.hsresnet.vision.detection;

import static dev.hsresnet.core.testing.FixtureAsserts.assertClose;
import static dev.hsresnet.core.testing.FixtureAsserts.assertGradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.ConvPaths;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.testing.Nets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.hsresnet.core.nn.GcPressure;
import java.nio.ByteBuffer;

/**
 * The FCOS network against the PyTorch reference ({@code tools/reference/det_torch.py}, fixtures
 * by {@code generate_fixtures.py}): the Java network loads PyTorch's state dict strictly (same
 * names, same shapes, nothing left over) and reproduces the three eval outputs, the three
 * training-mode outputs, the BatchNorm running statistics that forward leaves, and the gradients
 * of the input and every parameter of {@code sum(cls * w_cls) + sum(box * w_box) + sum(ctr *
 * w_ctr)}; its counted parameters and MACs are the reference's hook count. One fixture has P3-P7
 * on an HS backbone, the other P3-P5 on a plain one.
 */
class DetectionPyTorchTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    private static final List<String> OUTPUTS = List.of("cls", "box", "centerness");

    @TestFactory
    Stream<DynamicTest> networksMatchPyTorch() {
        List<ConvPath> paths = Stream.of(ConvPath.CHANNELS_LAST, ConvPaths.current()).distinct()
                .toList();
        return Stream.of("det_fcos_hs_p7", "det_fcos_resnet_p5").flatMap(name -> paths.stream()
                .map(path -> DynamicTest.dynamicTest(name + " [" + path.id() + "]",
                        () -> ConvPaths.using(path, () -> {
                            try {
                                check(FIXTURES.resolve(name));
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            return null;
                        }))));
    }

    private static void check(Path dir) throws IOException {
        DetectionSpec spec = spec(dir);
        Map<String, Tensor> weights = Safetensors.read(dir.resolve("weights.safetensors"))
                .tensors();
        Map<String, Tensor> io = Safetensors.read(dir.resolve("io.safetensors")).tensors();
        Shape inShape = new Shape(io.get("input").shape());
        FcosNet net = new FcosNet(spec);
        try (Model model = Nets.initialized(net, inShape, 0);
                NDManager m = model.getNDManager().newSubManager()) {
            Map<String, Parameter> params = StateDict.of(net);
            assertEquals(weights.keySet(), params.keySet(), "the state dict's names");
            Weights.load(params, weights, dir + "/weights.safetensors", "the Java network",
                    Set.of());
            NDArray x = m.create(io.get("input").toFloats(), inShape);
            NDList eval = Nets.forward(net, x, false);
            assertEquals(3, eval.size());
            for (int i = 0; i < 3; i++) {
                assertClose(io.get(OUTPUTS.get(i) + "_eval"), eval.get(i),
                        OUTPUTS.get(i) + " eval output");
            }
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = Nets.forward(net, x, true);
                assertEquals(3, out.size(), "training outputs");
                NDArray objective = null;
                for (int i = 0; i < 3; i++) {
                    String key = OUTPUTS.get(i);
                    assertClose(io.get(key + "_train"), out.get(i), key + " training output");
                    Tensor w = io.get(key + "_weights");
                    NDArray term = out.get(i).mul(m.create(w.toFloats(), new Shape(w.shape())))
                            .sum();
                    objective = objective == null ? term : objective.add(term);
                }
                // what a training step does to memory before its backward (docs/engine.md)
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(objective);
                held.clear();
            }
            assertGradient(io, "input", x.getGradient());
            int grads = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                if (e.getValue().requiresGradient()) {
                    assertGradient(io, e.getKey(), e.getValue().getArray().getGradient());
                    grads++;
                }
            }
            assertTrue(grads > 40, "gradients compared: " + grads);
            int stats = 0;
            for (Map.Entry<String, Tensor> e : io.entrySet()) {
                if (e.getKey().startsWith("train_stats.")) {
                    String name = e.getKey().substring("train_stats.".length());
                    assertClose(e.getValue(), params.get(name).getArray(), name);
                    stats++;
                }
            }
            assertTrue(stats > 10, "running statistics compared: " + stats);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"det_fcos_hs_p7", "det_fcos_resnet_p5"})
    void costAndLevelSizesEqualTheReference(String fixture) throws IOException {
        Path dir = FIXTURES.resolve(fixture);
        DetectionSpec spec = spec(dir);
        JsonNode expected = SpecJson.mapper().readTree(
                Files.readString(dir.resolve("complexity.json")));
        int h = expected.get("height").asInt();
        int w = expected.get("width").asInt();
        DetectionComplexity c = DetectionComplexity.of(spec, h, w);
        assertEquals(expected.get("params").asLong(), c.params());
        assertEquals(expected.get("macs").asLong(), c.macs());
        Map<String, Tensor> io = Safetensors.read(dir.resolve("io.safetensors")).tensors();
        long locations = io.get("cls_eval").shape()[1];
        assertEquals(locations, c.locations());
        int[][] sizes = new FcosNet(spec).levelSizes(h, w);
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(sizes[i], c.levelSizes()[i], "level " + i);
        }
    }

    private static DetectionSpec spec(Path dir) throws IOException {
        return SpecJson.mapper().readValue(Files.readString(dir.resolve("spec.json")),
                DetectionSpec.class);
    }
}
