package dev.hsresnet.vision.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.testing.Nets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FCOS network's output contract: shapes, level sizes, location order, units, modes. */
class FcosNetTest {

    /** A tiny backbone: deep stem, C3-C5 of 16, 16 and 32 channels. */
    private static final ResNetSpec BACKBONE = ResNetSpec.builder().depths(1, 1, 1, 1)
            .planes(2, 4, 4, 8).stemWidth(16).build();

    private static final DetectionSpec SPEC = new DetectionSpec(BACKBONE, 8, 3, 5, 2, 4, 0.01, 1.5,
            0.05, 0.6, 1000, 100, 384, 640);

    @Test
    void levelSizesAreThoseOfTheForwardAndTheOutputsFollowTheContract() {
        FcosNet net = new FcosNet(SPEC);
        try (Model model = Nets.initialized(net, new Shape(1, 3, 64, 64), 1)) {
            DetectionInit.apply(net, 1, false);
            for (int[] hw : List.of(new int[] {64, 64}, new int[] {67, 45}, new int[] {33, 129},
                    new int[] {8, 8}, new int[] {1, 1}, new int[] {100, 31})) {
                int[][] sizes = net.levelSizes(hw[0], hw[1]);
                assertEquals(5, sizes.length);
                try (NDManager m = model.getNDManager().newSubManager()) {
                    NDArray x = Nets.randomInput(m, new Shape(2, 3, hw[0], hw[1]), 2);
                    ParameterStore ps = new ParameterStore(m, false);
                    NDList levels = net.neck().forward(ps,
                            net.backbone().forward(ps, new NDList(x), false), false);
                    long p = 0;
                    for (int i = 0; i < 5; i++) {
                        Shape s = levels.get(i).getShape();
                        assertArrayEquals(new int[] {(int) s.get(2), (int) s.get(3)}, sizes[i],
                                hw[0] + "x" + hw[1] + " level " + i);
                        p += s.get(2) * s.get(3);
                    }
                    assertEquals(p, net.locations(hw[0], hw[1]));
                    for (boolean training : new boolean[] {false, true}) {
                        NDList out = Nets.forward(net, x, training);
                        assertEquals(3, out.size());
                        assertEquals(new Shape(2, p, 3), out.get(0).getShape());
                        assertEquals(new Shape(2, p, 4), out.get(1).getShape());
                        assertEquals(new Shape(2, p), out.get(2).getShape());
                        assertTrue(out.get(1).gte(0).all().getBoolean(), "distances >= 0");
                        for (NDArray o : out) {
                            assertTrue(Nets.allFinite(o));
                        }
                    }
                    Shape[] declared = net.getOutputShapes(new Shape[] {x.getShape()});
                    assertEquals(new Shape(2, p, 3), declared[0]);
                    assertEquals(new Shape(2, p), declared[2]);
                }
            }
            // 512x512: 64x64 + 32x32 + 16x16 + 8x8 + 4x4, as the javadoc says
            assertEquals(5456, net.locations(512, 512));
            assertThrows(IllegalArgumentException.class, () -> net.levelSizes(0, 5));
        }
    }

    /**
     * Without towers the head's outputs are single convolutions of the levels, so each location's
     * value can be computed apart: level {@code i}'s location {@code (y, x)} sits at {@code
     * offset_i + y * W_i + x}, and the distances are {@code exp(scale_i * conv_reg) * stride_i}.
     */
    @Test
    void locationsAreLevelByLevelRowMajorAndDistancesAreInInputPixels() {
        int[] strides = {8, 16, 32};
        FcosHead head = new FcosHead(strides, 4, 2, 0, 1);
        Shape[] levels = {new Shape(1, 4, 3, 5), new Shape(1, 4, 2, 3), new Shape(1, 4, 1, 2)};
        try (Model model = Model.newInstance("head")) {
            model.setBlock(head);
            head.initialize(model.getNDManager(), DataType.FLOAT32, levels);
            Map<String, Parameter> params = StateDict.of(head);
            assertEquals(List.of("conv_cls.weight", "conv_cls.bias", "conv_reg.weight",
                    "conv_reg.bias", "conv_centerness.weight", "conv_centerness.bias",
                    "scales.0.scale", "scales.1.scale", "scales.2.scale"),
                    List.copyOf(params.keySet()));
            long seed = 3;
            for (Parameter p : params.values()) {
                NDArray a = p.getArray();
                Weights.setValues(a, Nets.randomInput(model.getNDManager(), a.getShape(), seed++)
                        .toFloatArray());
            }
            Weights.setValues(params.get("scales.1.scale").getArray(), new float[] {2.5f});
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDList in = new NDList();
                for (int i = 0; i < levels.length; i++) {
                    in.add(Nets.randomInput(m, levels[i], 20 + i));
                }
                NDList out = head.forward(new ParameterStore(m, false), in, false);
                assertEquals(new Shape(1, 15 + 6 + 2, 2), out.get(0).getShape());
                int offset = 0;
                for (int i = 0; i < levels.length; i++) {
                    NDArray cls = conv(in.get(i), params, "conv_cls");
                    NDArray reg = conv(in.get(i), params, "conv_reg")
                            .mul(params.get("scales." + i + ".scale").getArray()).exp()
                            .mul(strides[i]);
                    NDArray ctr = conv(in.get(i), params, "conv_centerness");
                    long h = levels[i].get(2);
                    long w = levels[i].get(3);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            long at = offset + y * w + x;
                            NDIndex pixel = new NDIndex("0, :, {}, {}", y, x);
                            assertArrayEquals(cls.get(pixel).toFloatArray(),
                                    out.get(0).get(new NDIndex("0, {}, :", at)).toFloatArray(),
                                    1e-5f);
                            float[] expected = reg.get(pixel).toFloatArray();
                            float[] actual = out.get(1).get(new NDIndex("0, {}, :", at))
                                    .toFloatArray();
                            for (int k = 0; k < 4; k++) {
                                assertEquals(expected[k], actual[k], 1e-5f * expected[k],
                                        "distance " + k + " at " + at);
                            }
                            assertEquals(ctr.get(pixel).getFloat(0),
                                    out.get(2).get(new NDIndex("0, {}", at)).getFloat(), 1e-5f);
                        }
                    }
                    offset += (int) (h * w);
                }
            }
        }
    }

    @Test
    void preparedForInferenceItGivesTheSameOutputsAndRefusesTraining() {
        FcosNet net = new FcosNet(SPEC);
        Shape input = new Shape(2, 3, 48, 40);
        try (Model model = Nets.initialized(net, input, 4)) {
            DetectionInit.apply(net, 4, false);
            NDArray x = Nets.randomInput(model.getNDManager(), input, 5);
            NDList before = Nets.forward(net, x, false);
            net.prepareForInference();
            NDList after = Nets.forward(net, x, false);
            for (int i = 0; i < 3; i++) {
                assertTrue(Nets.relativeError(after.get(i).toFloatArray(),
                        before.get(i).toFloatArray()) < 1e-5, "output " + i);
            }
            assertTrue(net.backbone().isBatchNormFolded());
            assertThrows(IllegalStateException.class, () -> Nets.forward(net, x, true));
        }
    }

    @Test
    void theNamesAreMmdetsDetectorLayout() {
        FcosNet net = new FcosNet(SPEC);
        try (Model model = Nets.initialized(net, new Shape(1, 3, 64, 64), 1)) {
            Map<String, Parameter> params = StateDict.of(net);
            for (String name : List.of("backbone.conv1.0.weight", "backbone.layer4.0.bn3.running_var",
                    "neck.lateral_convs.2.weight", "neck.fpn_convs.4.bias",
                    "bbox_head.cls_convs.1.conv.weight", "bbox_head.cls_convs.1.gn.bias",
                    "bbox_head.reg_convs.0.gn.weight", "bbox_head.conv_cls.bias",
                    "bbox_head.conv_reg.weight", "bbox_head.conv_centerness.bias",
                    "bbox_head.scales.4.scale")) {
                assertTrue(params.containsKey(name), name);
            }
            assertTrue(params.keySet().stream().noneMatch(k -> k.startsWith("backbone.fc.")));
            assertTrue(!params.containsKey("bbox_head.cls_convs.0.conv.bias"), "no tower bias");
            assertEquals(new Shape(3, 8, 3, 3), params.get("bbox_head.conv_cls.weight").getArray()
                    .getShape());
            assertEquals(new Shape(8, 32, 1, 1), params.get("neck.lateral_convs.2.weight")
                    .getArray().getShape());
        }
    }

    private static NDArray conv(NDArray x, Map<String, Parameter> params, String name) {
        return Conv2d.conv2d(x, params.get(name + ".weight").getArray(),
                params.get(name + ".bias").getArray(), new Shape(1, 1), new Shape(1, 1),
                new Shape(1, 1)).singletonOrThrow();
    }
}
