package dev.hsresnet.vision.instance;

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
import dev.hsresnet.core.nn.GcPressure;
import dev.hsresnet.core.testing.Nets;
import dev.hsresnet.vision.detection.DetectionComplexity;
import dev.hsresnet.vision.detection.DetectionModels;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registered instance segmenters, their cost, and their fresh weights. */
class InstanceModelsTest {

    private static final List<String> LABELS = List.of("person");

    @Test
    void everyDetectorHasASegmenterWithItsTwinAndItsPrototypes() {
        List<String> names = InstanceModels.names();
        assertEquals(DetectionModels.names().size(), names.size());
        assertTrue(names.containsAll(List.of("yolact_hs_resnet26_lite", "yolact_resnet26_lite",
                "yolact_hs_resnet26_nano", "yolact_resnet26_nano", "yolact_hs_resnet50",
                "yolact_resnet50d")), names.toString());
        for (String name : names) {
            String detector = "fcos_" + name.substring("yolact_".length());
            InstanceSpec spec = InstanceModels.spec(name, 2);
            assertEquals(DetectionModels.spec(detector, 2), spec.detection(), name);
            assertEquals(spec.detection().neckChannels() == 64 ? 16 : 32, spec.prototypes(), name);
            String twin = InstanceModels.twin(name);
            assertEquals("yolact_" + DetectionModels.twin(detector).substring("fcos_".length()),
                    twin);
            assertTrue(names.contains(twin), twin);
        }
        assertEquals(32, InstanceModels.spec("YOLACT_HS_ResNet50", 1).prototypes());
        assertEquals(16, InstanceModels.spec("yolact_resnet26_nano", 1).prototypes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstanceModels.spec("yolact_hs_resnet29_cifar", 1));
        assertTrue(e.getMessage().startsWith("unknown instance segmentation model "
                + "'yolact_hs_resnet29_cifar'; known: yolact_resnet50d, "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InstanceModels.spec("fcos_resnet50d", 1));
        assertThrows(IllegalArgumentException.class, () -> InstanceModels.twin(null));
    }

    /**
     * At 384x512 the levels are 48x64, 24x32, 12x16, 6x8, 3x4 (4,092 locations) and the
     * prototypes 96x128. With 64 channels and 16 prototypes the coefficients cost 4092 * 9 * 64 *
     * 16 MACs and the prototype branch 3 * 3072 * 9 * 64^2 (before the upsample) + 12288 * (9 *
     * 64^2 + 64 * 16) (after it), beside the detector's own cost.
     */
    @Test
    void theCostIsTheDetectorsPlusCoefficientsAndPrototypes() {
        InstanceComplexity c = InstanceModels.complexity("yolact_hs_resnet26_lite", 384, 512);
        DetectionComplexity d = DetectionModels.complexity("fcos_hs_resnet26_lite", 384, 512);
        assertEquals(d.macs(), c.detection().macs());
        assertEquals(d.params(), c.detection().params());
        assertEquals(4092, d.locations());
        assertEquals(List.of(96, 128), List.of(c.prototypeSize()[0], c.prototypeSize()[1]));
        assertEquals(4092L * 9 * 64 * 16, c.coefficientMacs());
        assertEquals(9 * 64 * 16 + 16, c.coefficientParams());
        assertEquals(3L * 3072 * 9 * 64 * 64 + 12288L * (9 * 64 * 64 + 64 * 16), c.prototypeMacs());
        assertEquals(4 * (9 * 64 * 64 + 64) + 64 * 16 + 16, c.prototypeParams());
        assertEquals(d.macs() + c.addedMacs(), c.macs());
        assertEquals(d.params() + c.addedParams(), c.params());
        assertEquals(843_018_240L, c.addedMacs());
    }

    @Test
    void theConfigurationCarriesTaskHeadAndPrototypes() {
        ModelConfig config = InstanceModels.config("yolact_hs_resnet26_nano", LABELS);
        assertEquals(InstanceTask.NAME, config.task());
        assertEquals("instance", config.task());
        assertEquals(1, config.numClasses());
        assertEquals(512, config.inputSize());
        assertEquals(InstanceModels.spec("yolact_hs_resnet26_nano", 1), InstanceTask.spec(config));
        assertTrue(!config.head().has("backbone"));
        assertEquals(16, config.head().get("prototypes").asInt());
        assertEquals(64, config.head().get("neckChannels").asInt());
    }

    /** The built network holds the parameters counted, and a backward reaches every one. */
    @Test
    void aSmallSegmenterIsBuiltAsCountedAndTrainsEveryParameter() {
        ModelConfig config = InstanceModels.config("yolact_resnet26_nano", List.of("a", "b"));
        int h = 96;
        int w = 128;
        try (InstanceModel m = InstanceModel.create(config, 1);
                NDManager sub = m.manager().newSubManager()) {
            assertEquals(InstanceComplexity.of(m.spec(), h, w).params(), m.parameterCount());
            for (Map.Entry<String, Parameter> e : m.parameters().entrySet()) {
                if (e.getKey().endsWith("bn3.weight")) {
                    float[] ones = new float[Math.toIntExact(e.getValue().getArray().size())];
                    java.util.Arrays.fill(ones, 1f);
                    e.getValue().getArray().set(java.nio.FloatBuffer.wrap(ones));
                }
            }
            NDArray x = Nets.randomInput(sub, new Shape(2, 3, h, w), 2);
            NDList out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = m.forward(x, true);
                NDArray objective = null;
                for (int i = 0; i < 5; i++) {
                    NDArray r = Nets.randomInput(sub, out.get(i).getShape(), 10 + i);
                    NDArray term = out.get(i).mul(r).sum();
                    objective = objective == null ? term : objective.add(term);
                }
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(objective);
                held.clear();
            }
            assertEquals(new Shape(2, 16, 24, 32), out.get(4).getShape());
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
    void freshWeightsAreTheDetectorsWithSmallCoefficientsAndXavierPrototypes() {
        ModelConfig config = InstanceModels.config("yolact_hs_resnet26_nano", LABELS);
        Map<String, Tensor> a;
        try (InstanceModel m = InstanceModel.create(config, 7)) {
            a = m.stateDict();
        }
        assertEquals((float) -Math.log(0.99 / 0.01), a.get("bbox_head.conv_cls.bias").toFloats()[0],
                1e-6);
        assertEquals(0.01, std(a.get("bbox_head.conv_coeff.weight").toFloats()), 0.002);
        assertAll(a.get("bbox_head.conv_coeff.bias"), 0f);
        // the prototype branch: Xavier-uniform, U(-b, b) with b = sqrt(6 / (fanIn + fanOut)), whose
        // standard deviation is sqrt(2 / (fanIn + fanOut)); zero biases
        float[] first = a.get("mask_head.protonet.0.weight").toFloats();
        assertEquals(Math.sqrt(2.0 / (64 * 9 + 64 * 9)), std(first), 0.002);
        assertTrue(maxAbs(first) <= Math.sqrt(6.0 / (64 * 9 + 64 * 9)));
        float[] last = a.get("mask_head.protonet.9.weight").toFloats();
        assertEquals(Math.sqrt(2.0 / (64 + 16)), std(last), 0.02);
        assertTrue(maxAbs(last) <= Math.sqrt(6.0 / (64 + 16)));
        for (String bias : List.of("mask_head.protonet.0.bias", "mask_head.protonet.7.bias",
                "mask_head.protonet.9.bias")) {
            assertAll(a.get(bias), 0f);
        }
        try (InstanceModel same = InstanceModel.create(config, 7);
                InstanceModel other = InstanceModel.create(config, 8)) {
            Map<String, Tensor> b = same.stateDict();
            for (String name : a.keySet()) {
                assertEquals(a.get(name), b.get(name), name);
            }
            assertNotEquals(a.get("mask_head.protonet.4.weight"),
                    other.stateDict().get("mask_head.protonet.4.weight"));
        }
    }

    private static void assertAll(Tensor t, float value) {
        for (float v : t.toFloats()) {
            assertEquals(value, v);
        }
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
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
