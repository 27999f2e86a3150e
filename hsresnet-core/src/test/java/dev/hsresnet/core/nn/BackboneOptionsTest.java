package dev.hsresnet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import dev.hsresnet.core.testing.Nets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backbone options of dense tasks: frozen stages and BatchNorm kept in inference mode change
 * what one training step does to gradients and running statistics; a dilated backbone takes a
 * classifier's weights unchanged and keeps its last levels at the output stride.
 */
class BackboneOptionsTest {

    /** Four stages, HS and plain, planes equal across stages 2-4 (in == out at their first block). */
    private static final ResNetSpec SPEC = ResNetSpec.builder().stem(Stem.DEEP)
            .shortcut(Shortcut.AVG_DOWN)
            .stages(List.of(StageSpec.hs(1, 4, 4, 2), StageSpec.plain(1, 8),
                    StageSpec.hs(2, 8, 3, 3), StageSpec.plain(1, 8)))
            .numClasses(0).zeroInitLastBn(false).build();

    private static final Shape INPUT = new Shape(2, 3, 32, 32);

    /** One training step (forward in training mode, backward of the sum of every level). */
    private static Map<String, float[]> step(ResNet net, Model model) {
        Map<String, Parameter> params = StateDict.of(net);
        Map<String, float[]> before = new HashMap<>();
        params.forEach((k, p) -> before.put(k, p.getArray().toFloatArray()));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = Nets.randomInput(model.getNDManager().newSubManager(), INPUT, 3);
            NDList levels = Nets.forward(net, x, true);
            NDArray loss = levels.get(0).sum();
            for (int i = 1; i < levels.size(); i++) {
                loss = loss.add(levels.get(i).sum());
            }
            gc.backward(loss);
        }
        return before;
    }

    private static boolean hasGradient(Parameter p) {
        NDArray a = p.getArray();
        if (!a.hasGradient()) {
            return false;
        }
        for (float v : a.getGradient().toFloatArray()) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void frozenStagesGetNoGradientAndKeepTheirStatistics() {
        ResNet net = ResNet.builder().setSpec(SPEC).optOutIndices(1, 2, 3, 4).build();
        net.setFrozenStages(2);
        try (Model model = Nets.initialized(net, INPUT, 1)) {
            Map<String, float[]> before = step(net, model);
            Map<String, Parameter> params = StateDict.of(net);
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                String name = e.getKey();
                boolean frozen = name.startsWith("conv1") || name.startsWith("bn1")
                        || name.startsWith("layer1") || name.startsWith("layer2");
                boolean statistic = name.contains("running_");
                if (statistic) {
                    boolean same = java.util.Arrays.equals(before.get(name),
                            e.getValue().getArray().toFloatArray());
                    assertEquals(frozen, same, name + ": running statistics "
                            + (frozen ? "changed in a frozen stage" : "not updated"));
                } else {
                    assertEquals(!frozen, hasGradient(e.getValue()), name);
                }
            }
        }
    }

    @Test
    void normEvalKeepsEveryStatisticAndStillLearnsEverything() {
        ResNet net = ResNet.builder().setSpec(SPEC).optOutIndices(2, 4).build();
        net.setNormEval(true);
        try (Model model = Nets.initialized(net, INPUT, 1)) {
            Map<String, float[]> before = step(net, model);
            StateDict.of(net).forEach((name, p) -> {
                if (name.contains("running_")) {
                    assertArrayEquals(before.get(name), p.getArray().toFloatArray(), name);
                } else if (!name.startsWith("layer3") && !name.startsWith("layer4")) {
                    // levels 2 and 4 are returned: every parameter up to layer4 feeds them
                    assertTrue(hasGradient(p), name + " has no gradient");
                }
            });
            // and the training-mode forward equals the inference forward
            NDArray x = Nets.randomInput(model.getNDManager(), INPUT, 4);
            float[] train = Nets.forward(net, x, true).get(1).toFloatArray();
            float[] eval = Nets.forward(net, x, false).get(1).toFloatArray();
            assertTrue(Nets.relativeError(train, eval) < 1e-6);
        }
    }

    @Test
    void frozenStagesOutOfRangeAreRefused() {
        ResNet net = ResNet.of(SPEC);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.setFrozenStages(5));
        assertEquals("frozenStages must be -1 (none), 0 (the stem) to 4 (every stage), got 5",
                e.getMessage());
        net.setFrozenStages(-1);
        assertEquals(-1, net.frozenStages());
        assertFalse(net.isNormEval());
    }

    @Test
    void aDilatedBackboneHasTheClassifiersWeightsAndItsLevelsStayAtTheOutputStride() {
        ResNetSpec os8 = SPEC.withOutputStride(8);
        assertEquals(StateDictShapesTest.describeShapes(StateDictShapes.of(SPEC, false)),
                StateDictShapesTest.describeShapes(StateDictShapes.of(os8, false)));
        StateDictShapesTest.assertSame(os8, ResNet.builder().setSpec(os8).optOutIndices(1, 2, 3, 4)
                .build(), false);
        ResNet net = ResNet.builder().setSpec(os8).optOutIndices(1, 2, 3, 4).build();
        Shape[] shapes = net.getOutputShapes(new Shape[] {new Shape(1, 3, 64, 64)});
        assertEquals(new Shape(1, 16, 16, 16), shapes[0]);
        assertEquals(new Shape(1, 32, 8, 8), shapes[1]);
        assertEquals(new Shape(1, 32, 8, 8), shapes[2]);
        assertEquals(new Shape(1, 32, 8, 8), shapes[3]);
        try (Model model = Nets.initialized(net, new Shape(1, 3, 64, 64), 2)) {
            NDList out = Nets.forward(net, Nets.randomInput(model.getNDManager(),
                    new Shape(1, 3, 64, 64), 5), false);
            for (int i = 0; i < 4; i++) {
                assertEquals(shapes[i], out.get(i).getShape());
                assertTrue(Nets.allFinite(out.get(i)));
            }
        }
    }
}
