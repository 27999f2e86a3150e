package dev.hsresnet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import dev.hsresnet.core.testing.Nets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ResNet#foldBatchNorm()}: a folded network's eval output is the unfolded eval output (1e-5
 * relative error) for every stem, both shortcuts, HS blocks with s = 2..8 and odd w, stride-2 and
 * plain stages, a 1-channel input and headless networks, with random BatchNorm statistics; the
 * folded network refuses training, leaves the parameters and their names alone, folds once, keeps
 * nothing per forward in the model's manager, and reloading the weights unfolds it.
 */
class BatchNormFoldingTest {

    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path tmp;

    /**
     * A small network to fold.
     *
     * @param name what it covers
     * @param spec the architecture
     * @param size input height and width
     * @param outIndices feature levels (loaded as a backbone), or none for the classifier
     */
    record Case(String name, ResNetSpec spec, int size, int... outIndices) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("deep stem, d shortcut, HS s=2 w=5 and s=3 w=3 at stride 2",
                        spec(Stem.DEEP, Shortcut.AVG_DOWN, 3, 10,
                                StageSpec.hs(1, 8, 2, 5), StageSpec.hs(2, 8, 3, 3)), 32),
                new Case("resnet stem, b shortcut, plain stages",
                        spec(Stem.RESNET, Shortcut.PLAIN, 3, 5,
                                StageSpec.plain(1, 8), StageSpec.plain(2, 16)), 32),
                new Case("cifar stem, 1 input channel, HS s=4 w=3, s=5 w=1, plain at stride 2",
                        spec(Stem.CIFAR, Shortcut.AVG_DOWN, 1, 7, StageSpec.hs(1, 8, 4, 3),
                                StageSpec.hs(1, 8, 5, 1), StageSpec.plain(1, 8)), 16),
                new Case("cifar stem, b shortcut, HS s=6 w=3, s=7 w=1, s=8 w=3, no classifier",
                        spec(Stem.CIFAR, Shortcut.PLAIN, 3, 0, StageSpec.hs(2, 8, 6, 3),
                                StageSpec.hs(1, 8, 7, 1), StageSpec.hs(1, 8, 8, 3)), 16),
                new Case("resnet stem, 1 input channel, b shortcut, features 0, 1, 2",
                        spec(Stem.RESNET, Shortcut.PLAIN, 1, 4, StageSpec.hs(1, 8, 2, 7),
                                StageSpec.hs(1, 8, 8, 1)), 32, 0, 1, 2),
                new Case("deep stem, d shortcut, HS and plain, features 2, 0",
                        spec(Stem.DEEP, Shortcut.AVG_DOWN, 3, 4, StageSpec.plain(1, 8),
                                StageSpec.hs(1, 8, 3, 5)), 32, 2, 0));
    }

    private static ResNetSpec spec(
            Stem stem, Shortcut shortcut, int inChannels, int classes, StageSpec... stages) {
        return ResNetSpec.builder().stem(stem).shortcut(shortcut).stages(List.of(stages))
                .numClasses(classes).inChannels(inChannels).build();
    }

    private static ModelConfig config(ResNetSpec spec, int size) {
        return new ModelConfig(ModelConfig.FORMAT, ModelConfig.FORMAT_VERSION, "fold-test", spec,
                Preprocessing.imagenet(size).forChannels(spec.inChannels()), null, null);
    }

    /** A model with random weights and random BatchNorm statistics, gamma and beta. */
    private ResNetModel model(Case c, long seed) throws IOException {
        ResNetModel model = ResNetModel.create(config(c.spec(), c.size()), seed);
        model.loadStateDict(randomBatchNorms(model, seed), "random BatchNorms");
        if (c.outIndices().length == 0) {
            return model;
        }
        Path dir = tmp.resolve("backbone-" + seed);
        try (model) {
            ModelDir.save(model, dir);
        }
        return ModelDir.loadBackbone(dir, c.outIndices());
    }

    private static Map<String, Tensor> randomBatchNorms(ResNetModel model, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            Parameter.Type type = e.getValue().getType();
            if (type != Parameter.Type.GAMMA && type != Parameter.Type.BETA
                    && type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                continue;
            }
            Tensor t = tensors.get(e.getKey());
            float[] v = new float[Math.toIntExact(t.numel())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) switch (type) {
                    case GAMMA -> (rng.nextBoolean() ? 1 : -1) * rng.nextDouble(0.5, 1.5);
                    case RUNNING_VAR -> rng.nextDouble(0.3, 2.0);
                    default -> rng.nextGaussian() * 0.5; // beta, running mean
                };
            }
            tensors.put(e.getKey(), Tensor.ofFloats(t.shape(), v));
        }
        return tensors;
    }

    private static List<float[]> eval(ResNetModel model, int batch, long seed) {
        int in = model.config().architecture().inChannels();
        int size = model.config().inputSize();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = Nets.randomInput(m, new Shape(batch, in, size, size), seed);
            List<float[]> out = new ArrayList<>();
            for (NDArray a : model.forward(x, false)) {
                out.add(a.toFloatArray());
            }
            return out;
        }
    }

    private static void assertSameOutputs(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            double err = Nets.relativeError(actual.get(i), expected.get(i));
            assertTrue(err < TOLERANCE, "output " + i + ": relative error " + err);
        }
    }

    private static int managedArrays(ResNetModel model) {
        return ((BaseNDManager) model.manager()).getManagedArrays().size();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void foldedEvalOutputIsTheEvalOutput(Case c) throws IOException {
        try (ResNetModel model = model(c, 7)) {
            Map<String, Tensor> before = model.stateDict();
            List<float[]> expected1 = eval(model, 1, 11);
            List<float[]> expected2 = eval(model, 2, 12);

            model.network().foldBatchNorm();
            assertTrue(model.network().isBatchNormFolded());
            int folded = managedArrays(model);
            model.network().foldBatchNorm();
            assertEquals(folded, managedArrays(model), "folding twice must change nothing");

            assertSameOutputs(expected1, eval(model, 1, 11));
            assertSameOutputs(expected2, eval(model, 2, 12));
            assertEquals(before, model.stateDict(), "folding must not touch the parameters");
            assertEquals(StateDict.of(model.network()).keySet(), model.parameters().keySet());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void foldedNetworkRefusesTraining(Case c) throws IOException {
        try (ResNetModel model = model(c, 3)) {
            model.network().foldBatchNorm();
            int in = c.spec().inChannels();
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = Nets.randomInput(m, new Shape(2, in, c.size(), c.size()), 1);
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> model.forward(x, true));
                assertTrue(e.getMessage().contains("inference only"), e.getMessage());
            }
        }
    }

    @Test
    void foldedForwardsLeaveNothingInTheModelsManager() throws IOException {
        Case c = cases().toList().get(2);
        try (ResNetModel model = model(c, 5)) {
            model.network().freezeParameters(true); // as DjlBackend runs it
            model.network().foldBatchNorm();
            eval(model, 2, 1);
            int after = managedArrays(model);
            for (int i = 0; i < 4; i++) {
                eval(model, 2, 2 + i);
            }
            assertEquals(after, managedArrays(model));
        }
    }

    @Test
    void reloadingTheWeightsUnfoldsAndTrainingWorksAgain() throws IOException {
        Case c = cases().toList().get(0);
        try (ResNetModel model = model(c, 9)) {
            Map<String, Tensor> weights = model.stateDict();
            List<float[]> unfolded = eval(model, 2, 4);
            int arrays = managedArrays(model);
            model.network().foldBatchNorm();
            assertTrue(managedArrays(model) > arrays);

            model.loadStateDict(weights, "the same weights");
            assertFalse(model.network().isBatchNormFolded());
            assertEquals(arrays, managedArrays(model), "the folded weights are closed");
            List<float[]> again = eval(model, 2, 4);
            for (int i = 0; i < unfolded.size(); i++) {
                assertArrayEquals(unfolded.get(i), again.get(i));
            }
            try (NDManager m = model.manager().newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = Nets.randomInput(m, new Shape(2, 3, c.size(), c.size()), 1);
                NDList out = model.forward(x, true);
                gc.backward(out.singletonOrThrow().sum());
            }
            model.network().foldBatchNorm();
            assertTrue(model.network().isBatchNormFolded());
        }
    }

    @Test
    void uninitializedNetworkCannotFold() {
        ResNet net = ResNet.of(cases().toList().get(1).spec());
        assertThrows(IllegalStateException.class, net::foldBatchNorm);
        assertFalse(net.isBatchNormFolded());
    }

    @Test
    void foldArithmetic() {
        // 2 output channels, 2 weights each
        BatchNormFolding.Folded f = BatchNormFolding.fold(new float[] {1, 2, 3, 4}, 2,
                new float[] {2, -1}, new float[] {0.5f, 1}, new float[] {1, -2},
                new float[] {3, 0}, 1);
        // a = 2 / sqrt(4) = 1, -1 / sqrt(1) = -1
        assertArrayEquals(new float[] {1, 2, -3, -4}, f.weight());
        assertArrayEquals(new float[] {0.5f - 1, 1 - 2}, f.bias());
        assertThrows(IllegalArgumentException.class, () -> BatchNormFolding.fold(
                new float[] {1, 2, 3}, 2, new float[2], new float[2], new float[2], new float[2],
                1e-5));
    }
}
