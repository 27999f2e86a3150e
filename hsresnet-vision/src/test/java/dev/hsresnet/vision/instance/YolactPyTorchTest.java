package dev.hsresnet.vision.instance;

import static dev.hsresnet.core.testing.FixtureAsserts.assertClose;
import static dev.hsresnet.core.testing.FixtureAsserts.assertGradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.ConvPaths;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.GcPressure;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.testing.FixtureAsserts;
import dev.hsresnet.core.testing.Nets;
import dev.hsresnet.vision.detection.FcosLoss;
import dev.hsresnet.vision.detection.FcosPoints;
import dev.hsresnet.vision.detection.FcosTargetBatch;
import dev.hsresnet.vision.detection.FcosTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * YOLACT on FCOS against the PyTorch reference ({@code tools/reference/yolact_torch.py} and
 * {@code yolact_loss_torch.py}, fixture {@code yolact_net} by {@code generate_yolact_fixtures.py}):
 * the Java network loads PyTorch's state dict strictly (same names and shapes, nothing left over)
 * and reproduces the five eval and training outputs, the running statistics and the gradients of
 * the input and every parameter of {@code sum_i sum(out_i * w_i)}; on fixed boxes and masks the
 * assignment, the trained locations, the four losses and their gradients with respect to the five
 * outputs are PyTorch's, and so are the loss's gradients through the network (input and every
 * parameter); the counted parameters and MACs are the reference's hook count. Every backward runs
 * after {@link GcPressure}.
 */
class YolactPyTorchTest {

    private static final Path DIR = Path.of("src", "test", "resources", "fixtures", "yolact_net");

    private static final List<String> OUTPUTS = List.of("cls", "box", "centerness",
            "coefficients", "prototypes");

    private static Map<String, Tensor> io() throws IOException {
        return Safetensors.read(DIR.resolve("io.safetensors")).tensors();
    }

    private static InstanceSpec spec() throws IOException {
        return SpecJson.mapper().readValue(Files.readString(DIR.resolve("spec.json")),
                InstanceSpec.class);
    }

    private static int[] ints(Tensor t) {
        float[] f = t.toFloats();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Math.round(f[i]);
        }
        return out;
    }

    private static NDArray array(NDManager m, Tensor t) {
        return m.create(t.toFloats(), new Shape(t.shape()));
    }

    @TestFactory
    Stream<DynamicTest> networkMatchesPyTorch() {
        return Stream.of(ConvPath.CHANNELS_LAST, ConvPaths.current()).distinct()
                .map(path -> DynamicTest.dynamicTest("yolact_net [" + path.id() + "]",
                        () -> ConvPaths.using(path, () -> {
                            try {
                                checkNetwork();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            return null;
                        })));
    }

    private static void checkNetwork() throws IOException {
        Map<String, Tensor> io = io();
        Shape inShape = new Shape(io.get("input").shape());
        YolactNet net = new YolactNet(spec());
        try (Model model = loaded(net, inShape);
                NDManager m = model.getNDManager().newSubManager()) {
            Map<String, Parameter> params = StateDict.of(net);
            NDArray x = array(m, io.get("input"));
            NDList eval = Nets.forward(net, x, false);
            assertEquals(5, eval.size());
            for (int i = 0; i < 5; i++) {
                assertClose(io.get(OUTPUTS.get(i) + "_eval"), eval.get(i),
                        OUTPUTS.get(i) + " eval output");
            }
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = Nets.forward(net, x, true);
                assertEquals(5, out.size(), "training outputs");
                NDArray objective = null;
                for (int i = 0; i < 5; i++) {
                    String key = OUTPUTS.get(i);
                    assertClose(io.get(key + "_train"), out.get(i), key + " training output");
                    NDArray term = out.get(i).mul(array(m, io.get(key + "_weights"))).sum();
                    objective = objective == null ? term : objective.add(term);
                }
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(objective);
                held.clear();
            }
            assertGradient(io, "input", x.getGradient());
            int grads = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                if (e.getValue().requiresGradient()) {
                    assertGradient(io, e.getKey(), e.getValue().getArray().getGradient());
                    grads++;
                }
            }
            assertTrue(grads > 50, "gradients compared: " + grads);
            int stats = 0;
            for (Map.Entry<String, Tensor> e : io.entrySet()) {
                if (e.getKey().startsWith("train_stats.")) {
                    String name = e.getKey().substring("train_stats.".length());
                    assertClose(e.getValue(), params.get(name).getArray(), name);
                    stats++;
                }
            }
            assertTrue(stats > 10, "running statistics compared: " + stats);
        }
    }

    /** The network in a model, PyTorch's weights loaded strictly. */
    private static Model loaded(YolactNet net, Shape inShape) throws IOException {
        Map<String, Tensor> weights = Safetensors.read(DIR.resolve("weights.safetensors"))
                .tensors();
        Model model = Nets.initialized(net, inShape, 0);
        Map<String, Parameter> params = StateDict.of(net);
        assertEquals(weights.keySet(), params.keySet(), "the state dict's names");
        Weights.load(params, weights, DIR + "/weights.safetensors", "the Java network", Set.of());
        return model;
    }

    private static FcosPoints points(Map<String, Tensor> io) {
        int[] strides = ints(io.get("strides"));
        int[] sizes = ints(io.get("level_sizes"));
        int[][] levelSizes = new int[strides.length][];
        for (int i = 0; i < strides.length; i++) {
            levelSizes[i] = new int[] {sizes[2 * i], sizes[2 * i + 1]};
        }
        return new FcosPoints(strides, levelSizes);
    }

    /** Each image's boxes, assignment and masks, as the data side will hand them over. */
    private static List<MaskTargets> targets(Map<String, Tensor> io, FcosPoints points,
            int maskPixels) {
        int[] counts = ints(io.get("box_counts"));
        float[] boxes = io.get("boxes").toFloats();
        int[] labels = ints(io.get("labels"));
        float[] masks = io.get("masks").toFloats();
        List<MaskTargets> out = new ArrayList<>();
        int from = 0;
        for (int c : counts) {
            float[] b = Arrays.copyOfRange(boxes, 4 * from, 4 * (from + c));
            FcosTargets t = FcosTargets.assign(points, b,
                    Arrays.copyOfRange(labels, from, from + c), 2);
            out.add(new MaskTargets(t, b, Arrays.copyOfRange(masks, from * maskPixels,
                    (from + c) * maskPixels)));
            from += c;
        }
        return out;
    }

    private static YolactLoss loss(Map<String, Tensor> io) {
        return new YolactLoss(new FcosLoss(2), new YolactMaskLoss(
                ints(io.get("loss.max_masks"))[0], io.get("loss.mask_weight").toFloats()[0]));
    }

    @Test
    void assignmentSelectionLossesAndTheirGradientsArePyTorchs() throws IOException {
        Map<String, Tensor> io = io();
        FcosPoints points = points(io);
        long[] protoShape = io.get("prototypes_train").shape();
        List<MaskTargets> images = targets(io, points, (int) (protoShape[2] * protoShape[3]));
        int p = points.count();
        int[] labels = ints(io.get("targets.labels"));
        int[] matched = ints(io.get("targets.matched"));
        int[] selected = ints(io.get("targets.selected"));
        int[] selectedCounts = ints(io.get("targets.selected_counts"));
        int maxMasks = ints(io.get("loss.max_masks"))[0];
        int from = 0;
        for (int i = 0; i < images.size(); i++) {
            FcosTargets t = images.get(i).assignment();
            assertArrayEquals(Arrays.copyOfRange(labels, i * p, (i + 1) * p), t.labels(),
                    "labels of image " + i);
            assertArrayEquals(Arrays.copyOfRange(matched, i * p, (i + 1) * p), t.matchedBoxes(),
                    "matched boxes of image " + i);
            assertArrayEquals(Arrays.copyOfRange(selected, from, from + selectedCounts[i]),
                    YolactMaskLoss.select(t, maxMasks), "trained locations of image " + i);
            from += selectedCounts[i];
        }
        assertTrue(images.get(0).assignment().numPositives() > maxMasks, "image 0 subsampled");
        try (NDManager m = NDManager.newBaseManager()) {
            NDList outputs = new NDList();
            for (String key : OUTPUTS) {
                NDArray a = array(m, io.get(key + "_train"));
                a.setRequiresGradient(true);
                outputs.add(a);
            }
            FcosTargetBatch batch = FcosTargetBatch.of(m,
                    images.stream().map(MaskTargets::assignment).toList());
            YolactLoss.Parts parts;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                parts = loss(io).apply(outputs, batch, images);
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(parts.total());
                held.clear();
            }
            assertScalar(io, "loss.total", parts.total());
            assertScalar(io, "loss.classification", parts.classification());
            assertScalar(io, "loss.box_regression", parts.boxRegression());
            assertScalar(io, "loss.centerness", parts.centerness());
            assertScalar(io, "loss.mask", parts.mask());
            for (int i = 0; i < 5; i++) {
                assertClose(io.get("loss_grad." + OUTPUTS.get(i)), outputs.get(i).getGradient(),
                        OUTPUTS.get(i) + " gradient of the loss");
            }
        }
    }

    @Test
    void theLossGradientsThroughTheNetworkArePyTorchs() throws IOException {
        Map<String, Tensor> io = io();
        Shape inShape = new Shape(io.get("input").shape());
        FcosPoints points = points(io);
        YolactNet net = new YolactNet(spec());
        assertArrayEquals(new int[][] {points.levelSize(0), points.levelSize(1),
            points.levelSize(2), points.levelSize(3), points.levelSize(4)},
                net.levelSizes(inShape.get(2), inShape.get(3)));
        int[] protoSize = net.prototypeSize(inShape.get(2), inShape.get(3));
        List<MaskTargets> images = targets(io, points, protoSize[0] * protoSize[1]);
        double tolerance = io.get("net_loss_grad_tolerance").toFloats()[0];
        try (Model model = loaded(net, inShape);
                NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = array(m, io.get("input"));
            x.setRequiresGradient(true);
            FcosTargetBatch batch = FcosTargetBatch.of(m,
                    images.stream().map(MaskTargets::assignment).toList());
            YolactLoss.Parts parts;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                parts = loss(io).apply(Nets.forward(net, x, true), batch, images);
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(parts.total());
                held.clear();
            }
            assertScalar(io, "net_loss.total", parts.total());
            assertLossGradient(io, "input", x.getGradient(), tolerance);
            int grads = 0;
            for (Map.Entry<String, Parameter> e : StateDict.of(net).entrySet()) {
                if (e.getValue().requiresGradient()) {
                    assertLossGradient(io, e.getKey(), e.getValue().getArray().getGradient(),
                            tolerance);
                    grads++;
                }
            }
            assertTrue(grads > 50, "gradients compared: " + grads);
        }
    }

    @Test
    void costAndPrototypeSizeEqualTheReference() throws IOException {
        JsonNode expected = SpecJson.mapper().readTree(
                Files.readString(DIR.resolve("complexity.json")));
        int h = expected.get("height").asInt();
        int w = expected.get("width").asInt();
        InstanceComplexity c = InstanceComplexity.of(spec(), h, w);
        assertEquals(expected.get("params").asLong(), c.params());
        assertEquals(expected.get("macs").asLong(), c.macs());
        long[] protos = io().get("prototypes_eval").shape();
        assertArrayEquals(new int[] {(int) protos[2], (int) protos[3]}, c.prototypeSize());
        assertArrayEquals(c.prototypeSize(), new YolactNet(spec()).prototypeSize(h, w));
        assertEquals(io().get("cls_eval").shape()[1], c.detection().locations());
    }

    private static void assertScalar(Map<String, Tensor> io, String name, NDArray actual) {
        float expected = io.get(name).toFloats()[0];
        assertEquals(expected, actual.getFloat(), FixtureAsserts.TOLERANCE * Math.abs(expected),
                name);
    }

    private static void assertLossGradient(Map<String, Tensor> io, String name, NDArray actual,
            double tolerance) {
        Tensor expected = io.get("net_loss_grad." + name);
        assertTrue(expected != null, "no loss gradient of " + name + " in the fixture");
        double err = Nets.relativeError(actual.toFloatArray(), expected.toFloats());
        assertTrue(err <= tolerance, "loss gradient of " + name + ": relative error " + err
                + " > " + tolerance);
    }
}
