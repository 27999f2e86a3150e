package dev.hsresnet.vision.neck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.nn.WeightInit;
import dev.hsresnet.core.testing.Nets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FPN's extra levels (P6-P7 the FCOS way) and its unchanged default form. */
class FpnTest {

    private static final Shape[] C3_C5 = {new Shape(2, 12, 9, 7), new Shape(2, 16, 5, 4),
        new Shape(2, 20, 3, 2)};

    @Test
    void withoutExtraLevelsTheNetworkIsThePlainFpn() {
        Fpn fpn = new Fpn(3, 8);
        try (Model model = initialized(fpn)) {
            assertEquals(List.of("lateral_convs.0.weight", "lateral_convs.0.bias",
                    "lateral_convs.1.weight", "lateral_convs.1.bias", "lateral_convs.2.weight",
                    "lateral_convs.2.bias", "fpn_convs.0.weight", "fpn_convs.0.bias",
                    "fpn_convs.1.weight", "fpn_convs.1.bias", "fpn_convs.2.weight",
                    "fpn_convs.2.bias"), List.copyOf(StateDict.of(fpn).keySet()));
            assertEquals(3, fpn.outputLevels());
            assertEquals(0, fpn.extraLevels());
        }
    }

    @Test
    void extraLevelsAreStride2ConvsOfP5AndOfReluP6() {
        Fpn fpn = new Fpn(3, 8, 2);
        Fpn plain = new Fpn(3, 8);
        try (Model model = initialized(fpn); Model plainModel = initialized(plain);
                NDManager m = model.getNDManager().newSubManager()) {
            Map<String, Parameter> params = StateDict.of(fpn);
            assertEquals(new Shape(8, 8, 3, 3), params.get("fpn_convs.3.weight").getArray()
                    .getShape());
            assertEquals(new Shape(8), params.get("fpn_convs.4.bias").getArray().getShape());
            assertEquals(16, params.size(), "laterals and outputs of 3 levels, and 2 extras");
            // the same weights in the plain FPN: its outputs are P3-P5
            Map<String, Parameter> plainParams = StateDict.of(plain);
            plainParams.forEach((name, p) -> Weights.setValues(p.getArray(),
                    params.get(name).getArray().toFloatArray()));
            NDList inputs = new NDList();
            for (int i = 0; i < C3_C5.length; i++) {
                inputs.add(Nets.randomInput(m, C3_C5[i], 10 + i));
            }
            ParameterStore ps = new ParameterStore(m, false);
            NDList out = fpn.forward(ps, inputs, false);
            NDList base = plain.forward(ps, inputs, false);
            assertEquals(5, out.size());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(base.get(i).toFloatArray(), out.get(i).toFloatArray());
            }
            // ceil(n / 2): 3x2 -> 2x1 -> 1x1
            assertEquals(new Shape(2, 8, 2, 1), out.get(3).getShape());
            assertEquals(new Shape(2, 8, 1, 1), out.get(4).getShape());
            Shape[] shapes = fpn.getOutputShapes(C3_C5);
            for (int i = 0; i < 5; i++) {
                assertEquals(shapes[i], out.get(i).getShape());
            }
            NDArray p6 = conv(out.get(2), params, 3);
            assertArrayEquals(p6.toFloatArray(), out.get(3).toFloatArray(), 1e-5f);
            NDArray p7 = conv(Activation.relu(out.get(3)), params, 4);
            assertArrayEquals(p7.toFloatArray(), out.get(4).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Fpn(3, 8, -1));
        assertThrows(IllegalArgumentException.class, () -> new Fpn(0, 8, 2));
    }

    /** PyTorch's {@code Conv2d(8, 8, 3, stride=2, padding=1)} with {@code fpn_convs.{i}}. */
    private static NDArray conv(NDArray x, Map<String, Parameter> params, int i) {
        return Conv2d.conv2d(x, params.get("fpn_convs." + i + ".weight").getArray(),
                params.get("fpn_convs." + i + ".bias").getArray(), new Shape(2, 2),
                new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
    }

    private static Model initialized(Fpn fpn) {
        Model model = Model.newInstance("fpn");
        model.setBlock(fpn);
        fpn.initialize(model.getNDManager(), DataType.FLOAT32, C3_C5);
        WeightInit.apply(fpn, 3, false);
        // non-zero biases, so that a missing bias would show
        for (Map.Entry<String, Parameter> e : StateDict.of(fpn).entrySet()) {
            if (e.getKey().endsWith("bias")) {
                NDArray b = e.getValue().getArray();
                Weights.setValues(b,
                        Nets.randomInput(model.getNDManager(), b.getShape(), 1).toFloatArray());
            }
        }
        return model;
    }
}
