package dev.hsresnet.core.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.engine.ConvCheck;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.ConvPaths;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.nn.Conv;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.core.testing.Nets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The standard path of {@link Conv} ({@link ConvPath#STANDARD}, DJL's NCHW {@code Conv2d} for
 * every kernel), forced here so that its code runs on every machine, on shapes where it is right
 * on the AMD build machines too. Assumption, from the self-test's verdicts there
 * (docs/engine.md): at batch 2, 3x3 convolutions whose channels are multiples of 16 and every
 * NCHW 1x1 except the strided one with 512 or more channels are right; at batch 1 (libtorch's own
 * kernel) every shape is. The plain resnet29_cifar has only such shapes, so it must compute the
 * same on both paths, trained and folded; both read the same OIHW weights.
 */
class StandardPathTest {

    @ParameterizedTest(name = "{0}->{1} k{2} s{3} batch {4}")
    @CsvSource({
        "16, 16, 3, 1, 2", "64, 64, 3, 1, 2", "32, 32, 3, 2, 2", "3, 16, 3, 1, 2",
        "40, 24, 1, 1, 2", "64, 256, 1, 2, 2", "512, 384, 1, 1, 2", "24, 96, 1, 1, 2",
        "24, 36, 3, 1, 1", "36, 42, 3, 1, 1", "1, 8, 3, 1, 1",
    })
    void matchesThePlainLoopReference(int in, int out, int kernel, int stride, int batch) {
        ConvCheck.Errors e = ConvCheck.errors(
                new ConvCheck.Problem(batch, in, out, kernel, stride, 9), ConvPath.STANDARD, false);
        assertTrue(e.ok(), e.toString());
    }

    @Test
    void aPlainNetworkComputesTheSameOnBothPaths() {
        ResNet net = Models.create("resnet29_cifar", 10, 3);
        Shape in = new Shape(2, 3, 16, 16);
        try (Model model = Nets.initialized(net, in, 7);
                NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = Nets.randomInput(m, in, 3);
            // eval first on both paths: a training forward moves the BN running statistics
            float[][] standard = ConvPaths.using(ConvPath.STANDARD, () -> eval(net, x));
            float[][] channelsLast = ConvPaths.using(ConvPath.CHANNELS_LAST, () -> eval(net, x));
            compare(new String[] {"eval output", "folded eval output"}, standard, channelsLast);
            standard = ConvPaths.using(ConvPath.STANDARD, () -> train(net, x));
            channelsLast = ConvPaths.using(ConvPath.CHANNELS_LAST, () -> train(net, x));
            compare(new String[] {"training output", "input gradient", "stem weight gradient"},
                    standard, channelsLast);
        }
    }

    private static void compare(String[] what, float[][] standard, float[][] channelsLast) {
        for (int i = 0; i < what.length; i++) {
            double err = Nets.relativeError(standard[i], channelsLast[i]);
            assertTrue(err <= 1e-4, what[i] + ": standard vs channels-last " + err);
        }
    }

    /** @return eval output, and the eval output folded on the path in force (then unfolded) */
    private static float[][] eval(ResNet net, NDArray x) {
        float[] eval = Nets.forward(net, x, false).singletonOrThrow().toFloatArray();
        net.foldBatchNorm();
        float[] folded = Nets.forward(net, x, false).singletonOrThrow().toFloatArray();
        net.unfoldBatchNorm();
        return new float[][] {eval, folded};
    }

    /** @return training output, input gradient, stem weight gradient */
    private static float[][] train(ResNet net, NDArray input) {
        NDArray x = input.duplicate();
        x.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            y = Nets.forward(net, x, true).singletonOrThrow();
            gc.backward(y.sum());
        }
        NDArray stem = net.getParameters().valueAt(0).getArray();
        return new float[][] {
            y.toFloatArray(), x.getGradient().toFloatArray(), stem.getGradient().toFloatArray()
        };
    }
}
