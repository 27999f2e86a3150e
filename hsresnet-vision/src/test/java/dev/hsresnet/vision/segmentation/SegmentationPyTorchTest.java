package dev.hsresnet.vision.segmentation;

import static dev.hsresnet.core.testing.FixtureAsserts.assertClose;
import static dev.hsresnet.core.testing.FixtureAsserts.assertGradient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.ConvPaths;
import dev.hsresnet.core.io.Safetensors;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.testing.FixtureAsserts;
import dev.hsresnet.core.testing.Nets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import dev.hsresnet.core.nn.GcPressure;
import java.nio.ByteBuffer;

/**
 * The segmentation networks and their loss against the PyTorch reference ({@code
 * tools/reference/seg_torch.py}, fixtures by {@code generate_fixtures.py}): the Java network loads
 * PyTorch's state dict strictly and reproduces the eval output, the training-mode output(s) (with
 * an auxiliary head: logits and aux logits), the running statistics it leaves and the gradients of
 * the input and every parameter; the loss equals {@code F.cross_entropy} with an ignore index and
 * class weights, value and gradient, and with an auxiliary head main + 0.4 aux.
 */
class SegmentationPyTorchTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    @TestFactory
    Stream<DynamicTest> networksMatchPyTorch() {
        List<ConvPath> paths = Stream.of(ConvPath.CHANNELS_LAST, ConvPaths.current()).distinct()
                .toList();
        return Stream.of("seg_fpn_deep_hs", "seg_fpn_resnet_os8", "seg_deeplabv3_hs_os1",
                "seg_fpn_aux_resnet").flatMap(name -> paths.stream()
                .map(path -> DynamicTest.dynamicTest(name + " [" + path.id() + "]",
                        () -> ConvPaths.using(path, () -> {
                            check(FIXTURES.resolve(name));
                            return null;
                        }))));
    }

    private static void check(Path dir) {
        try {
            SegmentationSpec spec = SpecJson.mapper().readValue(
                    Files.readString(dir.resolve("spec.json")), SegmentationSpec.class);
            Map<String, Tensor> weights = Safetensors.read(dir.resolve("weights.safetensors"))
                    .tensors();
            Map<String, Tensor> io = Safetensors.read(dir.resolve("io.safetensors")).tensors();
            Shape inShape = new Shape(io.get("input").shape());
            SegmentationNet net = new SegmentationNet(spec);
            try (Model model = Nets.initialized(net, inShape, 0);
                    NDManager m = model.getNDManager().newSubManager()) {
                Map<String, Parameter> params = StateDict.of(net);
                Weights.load(params, weights, dir + "/weights.safetensors", "the Java network",
                        Set.of());
                NDArray x = m.create(io.get("input").toFloats(), inShape);
                assertClose(io.get("output_eval"), Nets.forward(net, x, false).singletonOrThrow(),
                        "eval output");
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDList out = Nets.forward(net, x, true);
                    assertEquals(spec.auxHead() ? 2 : 1, out.size(), "training outputs");
                    assertClose(io.get("output_train"), out.get(0), "training-mode output");
                    NDArray objective = out.get(0).mul(array(m, io.get("loss_weights"))).sum();
                    if (spec.auxHead()) {
                        assertClose(io.get("aux_output_train"), out.get(1),
                                "training-mode aux output");
                        objective = objective.add(
                                out.get(1).mul(array(m, io.get("aux_loss_weights"))).sum());
                    }
                    // what a training step does to memory before its backward (docs/engine.md)
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
                assertTrue(grads > 20, "gradients compared: " + grads);
                for (Map.Entry<String, Tensor> e : io.entrySet()) {
                    if (e.getKey().startsWith("train_stats.")) {
                        String name = e.getKey().substring("train_stats.".length());
                        assertClose(e.getValue(), params.get(name).getArray(), name);
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static NDArray array(NDManager m, Tensor t) {
        return m.create(t.toFloats(), new Shape(t.shape()));
    }

    @Test
    void theLossWithTheAuxiliaryHeadIsMainPlusWeightedAux() throws IOException {
        Map<String, Tensor> io = Safetensors.read(FIXTURES.resolve("seg_fpn_aux_resnet")
                .resolve("io.safetensors")).tensors();
        float weight = io.get("aux_loss.weight").toFloats()[0];
        assertEquals(SegmentationLoss.AUX_WEIGHT, weight);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray main = array(m, io.get("output_train"));
            NDArray aux = array(m, io.get("aux_output_train"));
            main.setRequiresGradient(true);
            aux.setRequiresGradient(true);
            NDArray targets = array(m, io.get("aux_loss.targets")).toType(DataType.INT32, false);
            int classes = Math.toIntExact(main.getShape().get(1));
            SegmentationLoss loss = new SegmentationLoss(classes, classes, null);
            NDArray value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                value = loss.apply(new NDList(main, aux), targets, weight);
                // what a training step does to memory before its backward (docs/engine.md)
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(value);
                held.clear();
            }
            float expected = io.get("aux_loss.value").toFloats()[0];
            assertEquals(expected, value.getFloat(), FixtureAsserts.TOLERANCE * expected);
            assertClose(io.get("aux_loss.grad_main"), main.getGradient(), "main logits gradient");
            assertClose(io.get("aux_loss.grad_aux"), aux.getGradient(), "aux logits gradient");
            // one output: the main loss alone; the weight is checked
            assertEquals(loss.apply(main, targets).getFloat(),
                    loss.apply(new NDList(main), targets, weight).getFloat());
            assertThrows(IllegalArgumentException.class,
                    () -> loss.apply(new NDList(main, aux), targets, -0.4f));
            assertThrows(IllegalArgumentException.class,
                    () -> loss.apply(new NDList(main, aux, aux), targets, weight));
        }
    }

    @Test
    void crossEntropyWithIgnoreIndexAndClassWeightsIsPyTorchs() throws IOException {
        Map<String, Tensor> io = Safetensors.read(FIXTURES.resolve("cross_entropy")
                .resolve("io.safetensors")).tensors();
        float[] classWeights = io.get("weights").toFloats();
        try (NDManager m = NDManager.newBaseManager()) {
            Tensor l = io.get("logits");
            Tensor t = io.get("targets");
            float[] tf = t.toFloats();
            int[] ti = new int[tf.length];
            for (int i = 0; i < ti.length; i++) {
                ti[i] = (int) tf[i];
            }
            NDArray targets = m.create(ti, new Shape(t.shape()));
            for (String name : List.of("plain", "weighted")) {
                NDArray logits = m.create(l.toFloats(), new Shape(l.shape()));
                logits.setRequiresGradient(true);
                SegmentationLoss loss = new SegmentationLoss(4, 4,
                        name.equals("weighted") ? classWeights : null);
                NDArray value;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    value = loss.apply(logits, targets);
                    gc.backward(value);
                }
                assertEquals(io.get(name + ".loss").toFloats()[0], value.getFloat(), 1e-5, name);
                assertTrue(Nets.relativeError(logits.getGradient().toFloatArray(),
                        io.get(name + ".grad").toFloats()) < 1e-5, name + " gradient");
            }
            assertEquals(DataType.INT32, targets.getDataType());
        }
    }
}
