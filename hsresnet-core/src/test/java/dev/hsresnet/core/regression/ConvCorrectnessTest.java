package dev.hsresnet.core.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hsresnet.core.nn.Conv;
import dev.hsresnet.core.testing.NaiveConv;
import dev.hsresnet.core.testing.Nets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Guards against ENGINE bug 1 as measured here (docs/engine.md): libtorch 2.7.1's oneDNN computes
 * wrong NCHW 3x3 convolutions on this CPU when input channels are above 16 and not a multiple of
 * 16 (forward), when output channels are not a multiple of 16 (input gradient), and for a
 * 1-channel input (input gradient). Every case here was wrong through DJL's own {@code Conv2d}; the
 * project's {@link Conv} must match a plain-loop reference in the forward pass and both gradients,
 * at batch 2 (batch 1 takes another path).
 */
class ConvCorrectnessTest {

    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "{0}->{1} k{2} s{3}")
    @CsvSource({
        "24, 36, 3, 1", "36, 42, 3, 1", "17, 17, 3, 1", "45, 48, 3, 1",
        "16, 12, 3, 1", "12, 12, 3, 1", "5, 5, 3, 1", "3, 15, 3, 1",
        "1, 8, 3, 1", "1, 1, 3, 1", "48, 48, 3, 2", "36, 5, 3, 2",
        "3, 32, 3, 2", "3, 64, 7, 2", "1, 16, 7, 2",
        "40, 24, 1, 1", "24, 96, 1, 1", "64, 256, 1, 2", "512, 1024, 1, 2",
    })
    void matchesThePlainLoopReference(int in, int out, int kernel, int stride) {
        int n = 2;
        int h = 9;
        NaiveConv ref = new NaiveConv(n, in, out, h, kernel, stride);
        Conv conv = new Conv(out, kernel, stride);
        Shape inShape = new Shape(n, in, h, h);
        try (Model model = Nets.initialized(conv, inShape, 1);
                NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = Nets.randomInput(m, inShape, 2);
            NDArray r = Nets.randomInput(m, new Shape(n, out, ref.outSize(), ref.outSize()), 3);
            NDArray w = conv.getParameters().valueAt(0).getArray();
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = Nets.forward(conv, x, true).singletonOrThrow();
                gc.backward(y.mul(r).sum());
            }
            float[] xf = x.toFloatArray();
            float[] wf = w.toFloatArray();
            float[] rf = r.toFloatArray();
            check("forward", y, ref.forward(xf, wf));
            check("input gradient", x.getGradient(), ref.gradInput(rf, wf));
            check("weight gradient", w.getGradient(), ref.gradWeight(xf, rf));
        }
    }

    private static void check(String what, NDArray actual, float[] expected) {
        double err = Nets.relativeError(actual.toFloatArray(), expected);
        assertTrue(err <= TOLERANCE, what + ": relative error " + err);
    }
}
