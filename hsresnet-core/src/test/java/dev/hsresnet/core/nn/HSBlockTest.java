package dev.hsresnet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import dev.hsresnet.core.spec.HsConfig;
import dev.hsresnet.core.testing.Nets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HSBlockTest {

    @Test
    void specExampleChannelRule() {
        HsConfig c = new HsConfig(5, 8);
        assertArrayEquals(new int[] {8, 12, 14, 15}, c.convChannels());
        assertArrayEquals(new int[] {4, 6, 7, 15}, c.keptChannels());
        assertEquals(40, 8 + Arrays.stream(c.keptChannels()).sum());
    }

    @Test
    void channelsAreConservedForEverySAndW() {
        for (int s = 2; s <= 12; s++) {
            for (int w = 1; w <= 40; w++) {
                HsConfig c = new HsConfig(s, w);
                assertEquals(s * w, w + Arrays.stream(c.keptChannels()).sum(), "s=" + s + " w=" + w);
                int[] conv = c.convChannels();
                for (int j = 0; j < conv.length - 1; j++) {
                    // what is not kept is exactly the next group's carry
                    assertEquals(conv[j + 1], w + (conv[j] - c.keptChannels()[j]));
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1| 8| 1| s: must be in 2..64, got 1",
        "4| 0| 1| w: must be in 1..8192, got 0",
        "65| 8| 1| s: must be in 2..64, got 65",
        "64| 8192| 1| w: s * w must be at most 65536 channels, got 64 * 8192",
        "4| 8| 3| HS block stride must be 1 or 2, got 3",
        "4| 8| 0| HS block stride must be 1 or 2, got 0",
    })
    void badKnobsAreRejectedByName(int s, int w, int stride, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new HSBlock(s, w, stride));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"2, 5, 1, 9", "5, 3, 1, 8", "8, 1, 2, 9", "4, 7, 2, 8", "3, 3, 2, 1"})
    void outputShapeMatchesTheForm(int s, int w, int stride, int size) {
        HSBlock block = new HSBlock(s, w, stride);
        Shape in = new Shape(2, s * w, size, size);
        try (Model model = Nets.initialized(block, in, 1)) {
            NDArray x = Nets.randomInput(model.getNDManager(), in, 2);
            NDArray y = Nets.forward(block, x, false).singletonOrThrow();
            long out = stride == 1 ? size : (size + 1) / 2;
            assertEquals(new Shape(2, s * w, out, out), y.getShape());
            assertEquals(y.getShape(), block.getOutputShapes(new Shape[] {in})[0]);
        }
    }

    @Test
    void identityGroupPassesThroughUnchanged() {
        HSBlock block = new HSBlock(4, 3, 1);
        Shape in = new Shape(1, 12, 5, 5);
        try (Model model = Nets.initialized(block, in, 3)) {
            NDArray x = Nets.randomInput(model.getNDManager(), in, 4);
            NDArray y = Nets.forward(block, x, false).singletonOrThrow();
            assertArrayEquals(x.get(":, 0:3").toFloatArray(), y.get(":, 0:3").toFloatArray());
        }
    }

    @Test
    void wrongInputChannelsNameTheShape() {
        HSBlock block = new HSBlock(4, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> block.getOutputShapes(new Shape[] {new Shape(1, 13, 8, 8)}));
        assertEquals("HS block (s=4, w=3) expects NCHW input with 12 channels, got shape "
                + "(1, 13, 8, 8)", e.getMessage());
    }

    @Test
    void namesFollowTheWeightFormat() {
        Map<String, Parameter> names = StateDict.of(new HSBlock(3, 4, 1));
        assertEquals(java.util.List.of(
                "convs.0.weight", "convs.1.weight",
                "bns.0.weight", "bns.0.bias", "bns.0.running_mean", "bns.0.running_var",
                "bns.1.weight", "bns.1.bias", "bns.1.running_mean", "bns.1.running_var"),
                java.util.List.copyOf(names.keySet()));
    }

    @Test
    void plugsIntoAnySequentialBlockAndTrains() {
        SequentialBlock net = new SequentialBlock()
                .add(Layers.conv(40, 1, 1))
                .add(new HSBlock(5, 8, 1))
                .add(new HSBlock(5, 8, 2))
                .add(Pool.globalAvgPool2dBlock());
        Shape in = new Shape(4, 3, 9, 9);
        try (Model model = Nets.initialized(net, in, 5);
                NDManager batch = model.getNDManager().newSubManager()) {
            NDArray x = Nets.randomInput(batch, in, 6);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Nets.forward(net, x, true).singletonOrThrow();
                assertEquals(new Shape(4, 40), y.getShape());
                gc.backward(y.square().sum());
            }
            for (Parameter p : net.getParameters().values()) {
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray g = p.getArray().getGradient();
                float[] values = g.toFloatArray();
                assertTrue(Arrays.stream(toDoubles(values)).allMatch(Double::isFinite),
                        p.getName() + " has a non-finite gradient");
                assertTrue(Arrays.stream(toDoubles(values)).anyMatch(v -> v != 0),
                        p.getName() + " received no gradient");
            }
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
