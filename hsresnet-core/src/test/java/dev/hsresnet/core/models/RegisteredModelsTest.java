package dev.hsresnet.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.nn.FeatureInfo;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.nn.StateDictShapes;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.testing.Nets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One generic test over every registered model (timm's test_models.py idea): forward shape, no
 * NaN, backward reaches every parameter, the parameter count equals {@link Complexity}'s, and the
 * feature levels match {@link FeatureInfo}. Inputs are capped (64x64 for ImageNet models, 32x32
 * for CIFAR ones) so the suite stays cheap.
 */
class RegisteredModelsTest {

    static Stream<String> names() {
        return Models.list().stream().map(ModelEntry::name);
    }

    private static int testSize(ModelEntry entry) {
        return Math.min(entry.inputSize(), 64);
    }

    @ParameterizedTest
    @MethodSource("names")
    void forwardBackwardAndParameterCount(String name) {
        ModelEntry entry = Models.get(name);
        ResNetSpec spec = Models.spec(name, 7, 3).toBuilder().zeroInitLastBn(false).build();
        ResNet net = ResNet.of(spec);
        int size = testSize(entry);
        Shape in = new Shape(2, 3, size, size);
        try (Model model = Nets.initialized(net, in, 11);
                NDManager batch = model.getNDManager().newSubManager()) {
            Map<String, Parameter> params = StateDict.of(net);
            long learnable = params.entrySet().stream()
                    .filter(e -> !e.getKey().contains("running_"))
                    .mapToLong(e -> e.getValue().getArray().size())
                    .sum();
            assertEquals(Complexity.of(spec, size).params(), learnable, "parameter count");
            // the names and shapes a loader checks a weights file against, without building
            assertEquals(params.entrySet().stream()
                            .map(e -> e.getKey() + " "
                                    + e.getValue().getArray().getShape())
                            .toList(),
                    StateDictShapes.of(spec, true).entrySet().stream()
                            .map(e -> e.getKey() + " " + new Shape(e.getValue()))
                            .toList());

            NDArray x = Nets.randomInput(batch, in, 12);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = Nets.forward(net, x, true).singletonOrThrow();
                assertEquals(new Shape(2, 7), logits.getShape());
                assertFalse(logits.isNaN().any().getBoolean(), "NaN in logits");
                gc.backward(logits.square().mean());
            }
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                if (e.getKey().contains("running_")) {
                    continue;
                }
                NDArray grad = e.getValue().getArray().getGradient();
                assertTrue(Nets.allFinite(grad), e.getKey() + " gradient not finite");
                assertTrue(grad.abs().sum().getFloat() > 0, e.getKey() + " received no gradient");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void featureLevelsMatchFeatureInfo(String name) {
        ModelEntry entry = Models.get(name);
        ResNetSpec spec = entry.spec();
        int levels = spec.stages().size() + 1;
        int[] all = java.util.stream.IntStream.range(0, levels).toArray();
        ResNet backbone = ResNet.builder().setSpec(spec).optOutIndices(all).build();
        int size = testSize(entry);
        Shape in = new Shape(1, 3, size, size);
        try (Model model = Nets.initialized(backbone, in, 13)) {
            assertFalse(StateDict.of(backbone).keySet().stream().anyMatch(k -> k.startsWith("fc.")),
                    "a backbone has no classifier");
            NDList out = Nets.forward(backbone, Nets.randomInput(model.getNDManager(), in, 14),
                    false);
            List<FeatureInfo> info = backbone.featureInfo();
            assertEquals(levels, out.size());
            for (int i = 0; i < levels; i++) {
                Shape s = out.get(i).getShape();
                assertEquals(info.get(i).channels(), s.get(1), "channels of level " + i);
                assertEquals(size / info.get(i).reduction(), s.get(2), "height of level " + i);
            }
            Shape[] declared = backbone.getOutputShapes(new Shape[] {in});
            for (int i = 0; i < levels; i++) {
                assertEquals(out.get(i).getShape(), declared[i]);
            }
        }
    }

    @Test
    void imagenetBackboneGivesC2ToC5() {
        List<FeatureInfo> info = FeatureInfo.of(Models.spec("hs_resnet50", 1000, 3));
        assertEquals(List.of(
                new FeatureInfo(0, "act1", 64, 2),
                new FeatureInfo(1, "layer1", 256, 4),
                new FeatureInfo(2, "layer2", 512, 8),
                new FeatureInfo(3, "layer3", 1024, 16),
                new FeatureInfo(4, "layer4", 2048, 32)), info);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Models.get("hs_resnet51"));
        assertTrue(e.getMessage().startsWith("unknown model 'hs_resnet51'; known models: "));
        assertTrue(e.getMessage().contains("hs_resnet50_8w_8s"));
    }

    @Test
    void everyTwinExistsAndHasTheSameDepthsAndTheOtherStage() {
        for (ModelEntry e : Models.list()) {
            assertNotNull(e.twin(), e.name());
            ModelEntry twin = Models.get(e.twin());
            assertEquals(e.spec().stages().stream().map(s -> s.depth()).toList(),
                    twin.spec().stages().stream().map(s -> s.depth()).toList(), e.name());
            assertTrue(e.usesHs() != twin.usesHs(), e.name() + " and its twin differ in stage kind");
        }
    }

    @Test
    void badOutIndicesAreRejected() {
        ResNetSpec spec = Models.spec("hs_resnet29_cifar", 10, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResNet.builder().setSpec(spec).optOutIndices(1, 4).build());
        assertEquals("outIndices value 4 is out of range 0..3 (0 = stem, 1..3 = stages)",
                e.getMessage());
    }
}
