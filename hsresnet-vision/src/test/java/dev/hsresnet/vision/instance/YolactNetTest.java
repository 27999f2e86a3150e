package dev.hsresnet.vision.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.testing.Nets;
import dev.hsresnet.vision.detection.DetectionInit;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosNet;
import dev.hsresnet.vision.nn.Upsample2x;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The instance network's output contract: shapes and sizes, names, the detector kept intact. */
class YolactNetTest {

    /** A tiny backbone: deep stem, C3-C5 of 16, 16 and 32 channels. */
    private static final ResNetSpec BACKBONE = ResNetSpec.builder().depths(1, 1, 1, 1)
            .planes(2, 4, 4, 8).stemWidth(16).build();

    private static final DetectionSpec DETECTION = new DetectionSpec(BACKBONE, 8, 3, 5, 2, 4, 0.01,
            1.5, 0.05, 0.6, 1000, 100, 384, 640);

    private static final InstanceSpec SPEC = new InstanceSpec(DETECTION, 5);

    @Test
    void prototypeSizeAndLevelSizesAreThoseOfTheForward() {
        YolactNet net = new YolactNet(SPEC);
        try (Model model = Nets.initialized(net, new Shape(1, 3, 64, 64), 1)) {
            DetectionInit.apply(net, DETECTION.classBias(), 1, false);
            for (int[] hw : List.of(new int[] {64, 96}, new int[] {100, 31}, new int[] {67, 45},
                    new int[] {33, 129}, new int[] {8, 8}, new int[] {1, 1})) {
                int[][] sizes = net.levelSizes(hw[0], hw[1]);
                int[] proto = net.prototypeSize(hw[0], hw[1]);
                // the layers' arithmetic: every halving is ceil(n / 2), so P3 is ceil(H / 8)
                assertArrayEquals(new int[] {2 * ceilDiv(hw[0], 8), 2 * ceilDiv(hw[1], 8)}, proto,
                        hw[0] + "x" + hw[1]);
                long p = 0;
                for (int[] s : sizes) {
                    p += (long) s[0] * s[1];
                }
                try (NDManager m = model.getNDManager().newSubManager()) {
                    NDArray x = Nets.randomInput(m, new Shape(2, 3, hw[0], hw[1]), 2);
                    for (boolean training : new boolean[] {false, true}) {
                        NDList out = Nets.forward(net, x, training);
                        assertEquals(5, out.size());
                        assertEquals(new Shape(2, p, 3), out.get(0).getShape());
                        assertEquals(new Shape(2, p, 4), out.get(1).getShape());
                        assertEquals(new Shape(2, p), out.get(2).getShape());
                        assertEquals(new Shape(2, p, 5), out.get(3).getShape());
                        assertEquals(new Shape(2, 5, proto[0], proto[1]), out.get(4).getShape());
                        assertTrue(out.get(3).abs().lte(1f).all().getBoolean(), "tanh");
                        assertTrue(out.get(4).gte(0f).all().getBoolean(), "final ReLU");
                        for (NDArray o : out) {
                            assertTrue(Nets.allFinite(o));
                        }
                    }
                    Shape[] declared = net.getOutputShapes(new Shape[] {x.getShape()});
                    assertEquals(new Shape(2, p, 5), declared[3]);
                    assertEquals(new Shape(2, 5, proto[0], proto[1]), declared[4]);
                }
            }
            // 384x512 (a multiple of 8): exactly stride 4
            assertArrayEquals(new int[] {96, 128}, net.prototypeSize(384, 512));
            assertArrayEquals(new int[] {26, 8}, net.prototypeSize(100, 31));
            assertThrows(IllegalArgumentException.class, () -> net.prototypeSize(0, 5));
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Test
    void theDetectionOutputsAreTheDetectorsWithTheSameWeights() {
        YolactNet net = new YolactNet(SPEC);
        FcosNet detector = new FcosNet(DETECTION);
        Shape input = new Shape(2, 3, 48, 72);
        try (Model model = Nets.initialized(net, input, 3);
                Model other = Nets.initialized(detector, input, 4)) {
            Map<String, Parameter> mine = StateDict.of(net);
            Map<String, Parameter> theirs = StateDict.of(detector);
            for (Map.Entry<String, Parameter> e : theirs.entrySet()) {
                Weights.setValues(e.getValue().getArray(),
                        mine.get(e.getKey()).getArray().toFloatArray());
            }
            assertTrue(mine.keySet().containsAll(theirs.keySet()));
            NDArray x = Nets.randomInput(model.getNDManager(), input, 5);
            for (boolean training : new boolean[] {false, true}) {
                NDList a = Nets.forward(net, x, training);
                NDList b = Nets.forward(detector, x, training);
                assertEquals(3, b.size());
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(b.get(i).toFloatArray(), a.get(i).toFloatArray(),
                            "output " + i + (training ? " training" : " eval"));
                }
            }
        }
    }

    @Test
    void theNamesAreMmdetsWithTheProtonetsSequentialPositions() {
        YolactNet net = new YolactNet(SPEC);
        try (Model model = Nets.initialized(net, new Shape(1, 3, 64, 64), 1)) {
            Map<String, Parameter> params = StateDict.of(net);
            List<String> mask = params.keySet().stream()
                    .filter(k -> k.startsWith("mask_head.") || k.contains("coeff")).toList();
            assertEquals(List.of("bbox_head.conv_coeff.weight", "bbox_head.conv_coeff.bias",
                    "mask_head.protonet.0.weight", "mask_head.protonet.0.bias",
                    "mask_head.protonet.2.weight", "mask_head.protonet.2.bias",
                    "mask_head.protonet.4.weight", "mask_head.protonet.4.bias",
                    "mask_head.protonet.7.weight", "mask_head.protonet.7.bias",
                    "mask_head.protonet.9.weight", "mask_head.protonet.9.bias"), mask);
            assertEquals(new Shape(5, 8, 3, 3), shape(params, "bbox_head.conv_coeff.weight"));
            assertEquals(new Shape(8, 8, 3, 3), shape(params, "mask_head.protonet.7.weight"));
            assertEquals(new Shape(5, 8, 1, 1), shape(params, "mask_head.protonet.9.weight"));
            assertEquals(new Shape(5), shape(params, "mask_head.protonet.9.bias"));
            assertTrue(params.containsKey("bbox_head.scales.4.scale"));
            assertTrue(params.containsKey("neck.fpn_convs.4.weight"));
        }
    }

    private static Shape shape(Map<String, Parameter> params, String name) {
        return params.get(name).getArray().getShape();
    }

    /**
     * PyTorch's {@code F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False)}:
     * output {@code j} reads source {@code (j + 0.5) / 2 - 0.5}, clamped at 0, so a row {@code
     * [a, b]} becomes {@code [a, 0.75 a + 0.25 b, 0.25 a + 0.75 b, b]}; on both axes.
     */
    @Test
    void theUpsampleIsPyTorchsBilinearWithoutAlignedCorners() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 4, 8, 16}, new Shape(1, 1, 2, 2));
            NDArray y = new Upsample2x().forward(new ParameterStore(m, false), new NDList(x),
                    false).singletonOrThrow();
            float[] top = {0, 1, 3, 4};
            float[] bottom = {8, 10, 14, 16};
            float[] expected = new float[16];
            float[] weights = {1, 0.75f, 0.25f, 0};
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    expected[4 * r + c] = weights[r] * top[c] + (1 - weights[r]) * bottom[c];
                }
            }
            assertEquals(new Shape(1, 1, 4, 4), y.getShape());
            assertArrayEquals(expected, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void preparedForInferenceItGivesTheSameOutputsAndRefusesTraining() {
        YolactNet net = new YolactNet(SPEC);
        Shape input = new Shape(2, 3, 48, 40);
        try (Model model = Nets.initialized(net, input, 4)) {
            DetectionInit.apply(net, DETECTION.classBias(), 4, false);
            NDArray x = Nets.randomInput(model.getNDManager(), input, 5);
            NDList before = Nets.forward(net, x, false);
            net.prepareForInference();
            NDList after = Nets.forward(net, x, false);
            for (int i = 0; i < 5; i++) {
                assertTrue(Nets.relativeError(after.get(i).toFloatArray(),
                        before.get(i).toFloatArray()) < 1e-5, "output " + i);
            }
            assertThrows(IllegalStateException.class, () -> Nets.forward(net, x, true));
        }
    }
}
