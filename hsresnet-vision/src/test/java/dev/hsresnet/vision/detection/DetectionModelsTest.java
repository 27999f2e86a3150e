package dev.hsresnet.vision.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.testing.Nets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The registered detectors, their cost, and their fresh weights. */
class DetectionModelsTest {

    private static final List<String> LABELS = List.of("raccoon");

    @Test
    void everySmallAndImagenetBackboneHasADetectorWithItsTwin() {
        List<String> names = DetectionModels.names();
        assertTrue(names.containsAll(List.of("fcos_hs_resnet26_lite", "fcos_resnet26_lite",
                "fcos_hs_resnet26_nano", "fcos_resnet26_nano", "fcos_hs_resnet50",
                "fcos_resnet50d", "fcos_hs_resnet101", "fcos_resnet152d")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("cifar")));
        for (String name : names) {
            String twin = DetectionModels.twin(name);
            assertTrue(names.contains(twin), twin);
            DetectionSpec spec = DetectionModels.spec(name, 2);
            DetectionSpec twinSpec = DetectionModels.spec(twin, 2);
            assertTrue(spec.backbone().hasHsStages() != twinSpec.backbone().hasHsStages(), name);
            assertEquals(spec.neckChannels(), twinSpec.neckChannels(), name);
            assertEquals(5, spec.levels());
            assertEquals(4, spec.towerConvs());
            assertEquals(2, spec.numClasses());
            assertEquals(0, spec.neckChannels() % spec.groups());
            DetectionComplexity c = DetectionModels.complexity(name, 512, 512);
            assertEquals(5456, c.locations(), name);
            assertTrue(c.headMacs() > 0 && c.neckMacs() > 0 && c.params() > c.backbone().params());
        }
        assertEquals(256, DetectionModels.spec("FCOS_HS_ResNet50", 1).neckChannels());
        assertEquals(32, DetectionModels.spec("fcos_resnet50d", 1).groups());
        assertEquals(64, DetectionModels.spec("fcos_hs_resnet26_lite", 1).neckChannels());
        assertEquals(16, DetectionModels.spec("fcos_resnet26_nano", 1).groups());
        assertEquals("fcos_resnet26_lite", DetectionModels.twin("fcos_hs_resnet26_lite"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DetectionModels.spec("fcos_hs_resnet29_cifar", 1));
        assertTrue(e.getMessage().startsWith("unknown detection model 'fcos_hs_resnet29_cifar';"
                + " known: fcos_resnet50d, "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DetectionModels.spec("fcos_", 1));
        assertThrows(IllegalArgumentException.class, () -> DetectionModels.twin("hs_resnet50"));
    }

    @Test
    void theConfigurationCarriesTaskHeadLabelsAndNominalSize() {
        ModelConfig config = DetectionModels.config("fcos_hs_resnet26_nano", LABELS);
        assertEquals("detection", config.task());
        assertEquals(1, config.numClasses());
        assertEquals(512, config.inputSize());
        assertEquals(LABELS, config.labels());
        assertEquals(DetectionModels.spec("fcos_hs_resnet26_nano", 1), DetectionTask.spec(config));
        assertTrue(!config.head().has("backbone"));
        assertEquals(64, config.head().get("neckChannels").asInt());
    }

    /**
     * timm-style, over the small family: the built network holds the parameters counted, each
     * level's size is the one predicted, the outputs have the contract's shapes, and a backward
     * reaches every parameter.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fcos_hs_resnet26_nano", "fcos_resnet26_nano", "fcos_hs_resnet26_lite",
        "fcos_resnet26_lite"})
    void eachSmallDetectorIsBuiltAsCountedAndTrainsEveryParameter(String name) {
        ModelConfig config = DetectionModels.config(name, List.of("a", "b"));
        int h = 160;
        int w = 192;
        try (DetectionModel m = DetectionModel.create(config, 1);
                NDManager sub = m.manager().newSubManager()) {
            DetectionComplexity cost = DetectionComplexity.of(m.spec(), h, w);
            assertEquals(cost.params(), m.parameterCount());
            assertEquals(DetectionTask.NAME, m.config().task());
            int[][] sizes = m.block().levelSizes(h, w);
            assertArrayEquals(new int[][] {{20, 24}, {10, 12}, {5, 6}, {3, 3}, {2, 2}}, sizes);
            for (int i = 0; i < sizes.length; i++) {
                assertArrayEquals(sizes[i], cost.levelSizes()[i]);
            }
            long p = cost.locations();
            // the registry's zero-init of each block's last BN blocks the gradient of the convs
            // before it by design: ones, so that every parameter is reached
            for (Map.Entry<String, Parameter> e : m.parameters().entrySet()) {
                if (e.getKey().endsWith("bn3.weight")) {
                    e.getValue().getArray().set(ones(e.getValue().getArray()));
                }
            }
            NDArray x = Nets.randomInput(sub, new Shape(2, 3, h, w), 2);
            NDList out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = m.forward(x, true);
                NDArray objective = null;
                for (int i = 0; i < 3; i++) {
                    NDArray r = Nets.randomInput(sub, out.get(i).getShape(), 10 + i);
                    NDArray term = out.get(i).mul(r).sum();
                    objective = objective == null ? term : objective.add(term);
                }
                gc.backward(objective);
            }
            assertEquals(new Shape(2, p, 2), out.get(0).getShape());
            assertEquals(new Shape(2, p, 4), out.get(1).getShape());
            assertEquals(new Shape(2, p), out.get(2).getShape());
            for (Map.Entry<String, Parameter> e : m.parameters().entrySet()) {
                if (e.getKey().contains("running_")) {
                    continue;
                }
                NDArray g = e.getValue().getArray().getGradient();
                assertTrue(g.abs().max().getFloat() > 0, "no gradient reaches " + e.getKey());
            }
        }
    }

    @Test
    void freshWeightsAreTheProjectsBackboneAndMmdetsHeadInitialization() {
        ModelConfig config = DetectionModels.config("fcos_hs_resnet26_nano", LABELS);
        Map<String, Tensor> a;
        try (DetectionModel m = DetectionModel.create(config, 7)) {
            a = m.stateDict();
        }
        float prior = (float) -Math.log(0.99 / 0.01);
        assertEquals(prior, a.get("bbox_head.conv_cls.bias").toFloats()[0], 1e-6);
        assertEquals(-4.59512f, prior, 1e-5f);
        for (int i = 0; i < 5; i++) {
            assertEquals(1f, a.get("bbox_head.scales." + i + ".scale").toFloats()[0]);
            assertEquals(0, a.get("bbox_head.scales." + i + ".scale").shape().length);
        }
        assertAll(a.get("bbox_head.cls_convs.3.gn.weight"), 1f);
        assertAll(a.get("bbox_head.reg_convs.0.gn.bias"), 0f);
        assertAll(a.get("bbox_head.conv_reg.bias"), 0f);
        assertAll(a.get("bbox_head.conv_centerness.bias"), 0f);
        assertAll(a.get("neck.fpn_convs.4.bias"), 0f);
        for (String head : List.of("bbox_head.cls_convs.0.conv.weight",
                "bbox_head.reg_convs.2.conv.weight", "bbox_head.conv_cls.weight")) {
            assertEquals(0.01, std(a.get(head).toFloats()), 0.002, head);
        }
        // the FPN keeps the project's He-normal (fan-out): 3x3, 64 out -> sqrt(2 / 576)
        assertEquals(Math.sqrt(2.0 / 576), std(a.get("neck.fpn_convs.3.weight").toFloats()),
                0.005);
        try (DetectionModel same = DetectionModel.create(config, 7);
                DetectionModel other = DetectionModel.create(config, 8)) {
            Map<String, Tensor> b = same.stateDict();
            Map<String, Tensor> c = other.stateDict();
            for (String name : a.keySet()) {
                assertEquals(a.get(name), b.get(name), name);
            }
            assertNotEquals(a.get("bbox_head.conv_cls.weight"), c.get("bbox_head.conv_cls.weight"));
            assertNotEquals(a.get("backbone.conv1.0.weight"), c.get("backbone.conv1.0.weight"));
        }
    }

    private static java.nio.FloatBuffer ones(NDArray a) {
        float[] v = new float[Math.toIntExact(a.size())];
        java.util.Arrays.fill(v, 1f);
        return java.nio.FloatBuffer.wrap(v);
    }

    private static void assertAll(Tensor t, float value) {
        for (float v : t.toFloats()) {
            assertEquals(value, v);
        }
    }

    private static double std(float[] v) {
        double sum = 0;
        double squares = 0;
        for (float x : v) {
            sum += x;
            squares += (double) x * x;
        }
        double mean = sum / v.length;
        return Math.sqrt(squares / v.length - mean * mean);
    }
}
