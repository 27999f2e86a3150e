package dev.hsresnet.vision.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.testing.FixtureAsserts;
import dev.hsresnet.core.testing.Nets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupNorm} and {@link Scale} against PyTorch's {@code nn.GroupNorm} and mmcv's {@code
 * Scale} (fixture {@code group_norm}, by {@code generate_fixtures.py}): outputs and the gradients
 * of the input and the parameters, on maps, a signal, an input without spatial axes and groups of
 * a single value.
 */
class GroupNormTest {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "fixtures",
            "group_norm", "io.safetensors");

    @Test
    void matchesPyTorchsGroupNormOnEveryShape() throws IOException {
        Map<String, Tensor> io = Safetensors.read(FIXTURE).tensors();
        for (String name : List.of("map", "signal", "flat", "single")) {
            Tensor in = io.get(name + ".input");
            int groups = (int) io.get(name + ".groups").toFloats()[0];
            Shape shape = new Shape(in.shape());
            GroupNorm gn = new GroupNorm(groups, Math.toIntExact(shape.get(1)));
            try (Model model = Model.newInstance("gn")) {
                model.setBlock(gn);
                gn.initialize(model.getNDManager(), DataType.FLOAT32, shape);
                Map<String, Parameter> params = StateDict.of(gn);
                assertEquals(List.of("weight", "bias"), List.copyOf(params.keySet()));
                assertArrayEquals(new float[] {1, 1}, java.util.Arrays.copyOf(
                        params.get("weight").getArray().toFloatArray(), 2), "ones at first");
                Weights.load(params, Map.of("weight", io.get(name + ".weight"),
                        "bias", io.get(name + ".bias")), FIXTURE.toString(), "group norm", java.util.Set.of());
                NDManager m = model.getNDManager().newSubManager();
                NDArray x = m.create(in.toFloats(), shape);
                x.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    y = Nets.forward(gn, x, true).singletonOrThrow();
                    Tensor w = io.get(name + ".loss_weights");
                    gc.backward(y.mul(m.create(w.toFloats(), new Shape(w.shape()))).sum());
                }
                FixtureAsserts.assertClose(io.get(name + ".output"), y, name + " output");
                if (name.equals("single")) {
                    // one value per group: the output is the bias whatever the input, so the
                    // input gradient is 0 (the fixture holds float64 rounding noise, 6e-14)
                    for (float g : x.getGradient().toFloatArray()) {
                        assertEquals(0, g, 1e-6, "single input gradient");
                    }
                } else {
                    // 10x float32 PyTorch's own error, at least 1e-4 (the network fixtures' rule)
                    FixtureAsserts.assertClose(io.get(name + ".grad_input"), x.getGradient(),
                            name + " input gradient",
                            io.get(name + ".grad_tolerance").toFloats()[0]);
                }
                FixtureAsserts.assertClose(io.get(name + ".grad_weight"),
                        params.get("weight").getArray().getGradient(), name + " weight gradient");
                FixtureAsserts.assertClose(io.get(name + ".grad_bias"),
                        params.get("bias").getArray().getGradient(), name + " bias gradient");
                float[] eval = Nets.forward(gn, x, false).singletonOrThrow().toFloatArray();
                assertArrayEquals(y.toFloatArray(), eval, name + ": no training mode");
                m.close();
            }
        }
    }

    @Test
    void theScaleMultipliesByALearnedScalar() throws IOException {
        Map<String, Tensor> io = Safetensors.read(FIXTURE).tensors();
        Tensor in = io.get("map.input");
        Shape shape = new Shape(in.shape());
        Scale scale = new Scale();
        try (Model model = Model.newInstance("scale")) {
            model.setBlock(scale);
            scale.initialize(model.getNDManager(), DataType.FLOAT32, shape);
            Parameter p = StateDict.of(scale).get("scale");
            assertEquals(new Shape(), p.getArray().getShape(), "a 0-d tensor, as PyTorch's");
            assertEquals(1f, p.getArray().getFloat());
            Weights.load(StateDict.of(scale), Map.of("scale", io.get("scale.value")),
                    FIXTURE.toString(), "scale", java.util.Set.of());
            NDManager m = model.getNDManager().newSubManager();
            NDArray x = m.create(in.toFloats(), shape);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = Nets.forward(scale, x, true).singletonOrThrow();
                Tensor w = io.get("map.loss_weights");
                gc.backward(y.mul(m.create(w.toFloats(), new Shape(w.shape()))).sum());
            }
            FixtureAsserts.assertClose(io.get("scale.output"), y, "scale output");
            FixtureAsserts.assertClose(io.get("scale.grad_input"), x.getGradient(), "input grad");
            FixtureAsserts.assertClose(io.get("scale.grad_scale"), p.getArray().getGradient(),
                    "scale grad");
            m.close();
        }
    }

    @Test
    void eachGroupIsNormalizedOverItsChannelsAndPositions() {
        GroupNorm gn = new GroupNorm(2, 4);
        Shape shape = new Shape(3, 4, 5, 6);
        try (Model model = Model.newInstance("gn")) {
            model.setBlock(gn);
            gn.initialize(model.getNDManager(), DataType.FLOAT32, shape);
            NDArray x = Nets.randomInput(model.getNDManager(), shape, 7).mul(3).add(5);
            float[] y = Nets.forward(gn, x, false).singletonOrThrow().toFloatArray();
            int group = 2 * 5 * 6;
            for (int g = 0; g < 3 * 2; g++) {
                double sum = 0;
                double squares = 0;
                for (int i = 0; i < group; i++) {
                    sum += y[g * group + i];
                    squares += (double) y[g * group + i] * y[g * group + i];
                }
                double mean = sum / group;
                assertEquals(0, mean, 1e-5, "group " + g + " mean");
                assertEquals(1, squares / group - mean * mean, 1e-3, "group " + g + " variance");
            }
            assertEquals(shape, gn.getOutputShapes(new Shape[] {shape})[0]);
        }
    }

    @Test
    void badGroupsOrInputsAreRefusedNamingTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GroupNorm(3, 8));
        assertTrue(e.getMessage().contains("3 groups of 8 channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(0, 8));
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(2, 8, 0f));
        GroupNorm gn = new GroupNorm(2, 8);
        e = assertThrows(IllegalArgumentException.class,
                () -> gn.getOutputShapes(new Shape[] {new Shape(1, 6, 2, 2)}));
        assertTrue(e.getMessage().contains("(1, 6, 2, 2)"), e.getMessage());
    }
}
