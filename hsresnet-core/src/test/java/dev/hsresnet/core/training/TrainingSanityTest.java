package dev.hsresnet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.core.nn.StateDict;
import dev.hsresnet.core.nn.WeightInit;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A small HS network learns a small task: 4 classes of 16x16 noisy textures (horizontal stripes,
 * vertical stripes, checkerboard, flat) at random phase and contrast. SGD with momentum for 40
 * steps: the loss must fall well below chance, stay finite, and every parameter must receive a
 * gradient (zero-init of the last BN included: its residual branches start silent and must wake
 * up).
 */
class TrainingSanityTest {

    private static final int CLASSES = 4;
    private static final int SIZE = 16;
    private static final int BATCH = 16;
    private static final int STEPS = 40;

    @Test
    void smallHsNetworkLearns() {
        ResNetSpec spec = ResNetSpec.builder()
                .stem(Stem.CIFAR)
                .shortcut(Shortcut.PLAIN)
                .stages(List.of(StageSpec.hs(1, 8, 4, 3), StageSpec.hs(1, 16, 3, 5)))
                .numClasses(CLASSES)
                .zeroInitLastBn(true)
                .build();
        ResNet net = ResNet.of(spec);
        try (Model model = Model.newInstance("sanity")) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed(0.05f))
                            .optMomentum(0.9f)
                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 3, SIZE, SIZE));
                WeightInit.apply(net, 7, true);
                Map<String, Parameter> params = StateDict.of(net);
                Set<String> reached = new HashSet<>();
                List<Float> losses = new ArrayList<>();
                SplittableRandom rng = new SplittableRandom(8);
                for (int step = 0; step < STEPS; step++) {
                    try (NDManager batch = model.getNDManager().newSubManager()) {
                        NDList[] data = batch(batch, rng);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList logits = trainer.forward(data[0]);
                            NDArray loss = trainer.getLoss().evaluate(data[1], logits);
                            gc.backward(loss);
                            losses.add(loss.getFloat());
                        }
                        for (Map.Entry<String, Parameter> e : params.entrySet()) {
                            if (e.getValue().requiresGradient()
                                    && e.getValue().getArray().getGradient().abs().sum()
                                            .getFloat() > 0) {
                                reached.add(e.getKey());
                            }
                        }
                        trainer.step();
                    }
                }
                assertTrue(losses.stream().allMatch(Float::isFinite), "finite losses " + losses);
                double first = losses.subList(0, 5).stream().mapToDouble(f -> f).average().orElseThrow();
                double last = losses.subList(STEPS - 5, STEPS).stream().mapToDouble(f -> f)
                        .average().orElseThrow();
                assertTrue(first > 1.0, "starts near chance (ln 4 = 1.39): " + first);
                assertTrue(last < 0.35, "loss fell from " + first + " to " + last);
                Set<String> learnable = new HashSet<>();
                params.forEach((k, p) -> {
                    if (p.requiresGradient()) {
                        learnable.add(k);
                    }
                });
                learnable.removeAll(reached);
                assertEquals(Set.of(), learnable, "parameters that never received a gradient");
            }
        }
    }

    /** @return {images (N, 3, 16, 16)}, {labels (N)} */
    private static NDList[] batch(NDManager m, SplittableRandom rng) {
        float[] pixels = new float[BATCH * 3 * SIZE * SIZE];
        float[] labels = new float[BATCH];
        for (int n = 0; n < BATCH; n++) {
            int label = rng.nextInt(CLASSES);
            labels[n] = label;
            int phase = rng.nextInt(2);
            double contrast = 0.8 + 0.4 * rng.nextDouble();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        int on = switch (label) {
                            case 0 -> (y + phase) % 2;
                            case 1 -> (x + phase) % 2;
                            case 2 -> (x + y + phase) % 2;
                            default -> 0;
                        };
                        pixels[((n * 3 + c) * SIZE + y) * SIZE + x] =
                                (float) (0.3 * rng.nextGaussian() + contrast * (on - 0.5));
                    }
                }
            }
        }
        return new NDList[] {
            new NDList(m.create(pixels, new Shape(BATCH, 3, SIZE, SIZE))),
            new NDList(m.create(labels, new Shape(BATCH)))
        };
    }
}
