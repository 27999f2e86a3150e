package dev.hsresnet.core.engine;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.core.nn.WeightInit;
import java.util.function.BiConsumer;

/**
 * Times training steps (forward in training mode and backward, no optimizer) of one small HS
 * network on both paths, alternating path by path in one process so that both see the same
 * machine load: {@value #NETWORK} at batch {@value #BATCH}, 32x32.
 */
final class StepTimer {

    static final String NETWORK = "hs_resnet29_cifar";
    /**
     * A training batch, not an inference one: at batch 8 the two paths tied on an AVX2 EPYC VM
     * (203.6 vs 215.8 ms), at batch 128 channels-last trained hs_resnet29_cifar in 0.80x the
     * standard path's time (docs/engine.md).
     */
    static final int BATCH = 64;
    static final int SIZE = 32;

    private StepTimer() {}

    /** @return what is trained, for the verdict */
    static String description() {
        return NETWORK + " batch " + BATCH + " at " + SIZE + "x" + SIZE;
    }

    /**
     * @param warmup steps per path not reported
     * @param steps steps per path reported
     * @param report receives each reported step: its path and milliseconds
     */
    static void measure(int warmup, int steps, BiConsumer<ConvPath, Double> report) {
        ResNet net = Models.create(NETWORK, 10, 3);
        Shape in = new Shape(BATCH, 3, SIZE, SIZE);
        try (Model model = Model.newInstance("engine-path-timing")) {
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, in);
            WeightInit.apply(net, 0, false);
            for (int round = 0; round < warmup + steps; round++) {
                ConvPath[] order = round % 2 == 0
                        ? new ConvPath[] {ConvPath.STANDARD, ConvPath.CHANNELS_LAST}
                        : new ConvPath[] {ConvPath.CHANNELS_LAST, ConvPath.STANDARD};
                for (ConvPath path : order) {
                    double ms = ConvPaths.using(path, () -> step(net, model, in));
                    if (round >= warmup) {
                        report.accept(path, ms);
                    }
                }
            }
        }
    }

    /** @return the milliseconds of one training step */
    private static double step(ResNet net, Model model, Shape in) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.randomNormal(in);
            long t0 = System.nanoTime();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(new ParameterStore(m, false), new NDList(x), true)
                        .singletonOrThrow();
                gc.backward(y.mean());
            }
            return (System.nanoTime() - t0) / 1e6;
        }
    }
}
