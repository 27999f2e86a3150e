package dev.hsresnet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.testing.Nets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightInitTest {

    private static Map<String, float[]> init(ResNetSpec spec, long seed) {
        ResNet net = ResNet.of(spec);
        try (Model model = Nets.initialized(net, new Shape(1, 3, 32, 32), 0)) {
            WeightInit.apply(net, seed, spec.zeroInitLastBn());
            Map<String, float[]> out = new java.util.LinkedHashMap<>();
            StateDict.of(net).forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
            return out;
        }
    }

    @Test
    void followsTheDocumentedScheme() {
        ResNetSpec spec = Models.spec("hs_resnet29_cifar", 10, 3);
        Map<String, float[]> w = init(spec, 42);
        // Kaiming normal, fan-out: layer3's 1x1 conv3 has out = 256, so std = sqrt(2 / 256)
        float[] conv = w.get("layer3.0.conv3.weight");
        assertEquals(Math.sqrt(2.0 / 256), std(conv), 0.03 * Math.sqrt(2.0 / 256));
        assertEquals(0, mean(conv), 0.05 * Math.sqrt(2.0 / 256));
        for (float v : w.get("layer1.0.bn1.weight")) {
            assertEquals(1f, v);
        }
        for (float v : w.get("layer1.0.bn3.weight")) {
            assertEquals(0f, v, "zero-init of the last BN");
        }
        for (float v : w.get("layer1.0.bn1.running_var")) {
            assertEquals(1f, v);
        }
        double bound = 1 / Math.sqrt(256);
        for (float v : w.get("fc.weight")) {
            assertTrue(Math.abs(v) <= bound);
        }
        for (float v : w.get("fc.bias")) {
            assertTrue(Math.abs(v) <= bound);
        }
    }

    @Test
    void theSeedDecidesEverything() {
        ResNetSpec spec = Models.spec("hs_resnet29_cifar", 10, 3);
        Map<String, float[]> a = init(spec, 1);
        Map<String, float[]> b = init(spec, 1);
        Map<String, float[]> c = init(spec, 2);
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
        assertTrue(!java.util.Arrays.equals(a.get("conv1.weight"), c.get("conv1.weight")));
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }
}
