package dev.hsresnet.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.engine.ConvPaths;
import dev.hsresnet.core.testing.Nets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RowBatchNorm} against DJL's own BatchNorm: values, gradients, running statistics. */
class RowBatchNormTest {

    private static final double TOLERANCE = 1e-4;

    /** What one training step of a BatchNorm produced. */
    private record Step(float[] y, float[] dx, float[] dGamma, float[] dBeta, float[] runningMean,
            float[] runningVar) {}

    @ParameterizedTest(name = "C={0} at {1}x{2}, batch {3}, channels-last input {4}")
    @CsvSource({
        "9, 5, 6, 4, true", "9, 5, 6, 4, false", "21, 4, 4, 2, true", "6, 7, 7, 4, true",
        "10, 3, 5, 8, false", "42, 2, 2, 2, true", "3, 4, 4, 2, true",
    })
    void equalsDjlBatchNormOnOddChannelCounts(int c, int h, int w, int n, boolean channelsLast) {
        Shape shape = new Shape(n, c, h, w);
        assertTrue(RowBatchNorm.fits(shape), "the case must take the wide-row path");
        Step expected = step(shape, channelsLast, false, false);
        Step actual = step(shape, channelsLast, true, false);
        assertClose("output", actual.y(), expected.y());
        assertClose("input gradient", actual.dx(), expected.dx());
        assertClose("gamma gradient", actual.dGamma(), expected.dGamma());
        assertClose("beta gradient", actual.dBeta(), expected.dBeta());
        assertClose("running mean", actual.runningMean(), expected.runningMean());
        assertClose("running var", actual.runningVar(), expected.runningVar());
    }

    /**
     * A garbage collection between the forward and the backward (a training loop has them) must not
     * change the gradients: the forward holds no scalar that DJL frees early
     * (DjlScalarOverloadTest).
     */
    @Test
    void gradientsSurviveAGarbageCollectionBeforeTheBackward() {
        Shape shape = new Shape(4, 9, 5, 6);
        Step expected = step(shape, true, false, false);
        for (int trial = 0; trial < 5; trial++) {
            Step actual = step(shape, true, true, true);
            assertClose("trial " + trial + " input gradient", actual.dx(), expected.dx());
            assertClose("trial " + trial + " gamma gradient", actual.dGamma(), expected.dGamma());
            assertClose("trial " + trial + " beta gradient", actual.dBeta(), expected.dBeta());
        }
    }

    @Test
    void rowsHoldWholeRegisters() {
        assertEquals(8, RowBatchNorm.pixelsPerRow(9));
        assertEquals(4, RowBatchNorm.pixelsPerRow(6));
        assertEquals(2, RowBatchNorm.pixelsPerRow(36));
        assertEquals(1, RowBatchNorm.pixelsPerRow(48));
    }

    @Test
    void onlyOddGroupsInTrainingOnTheChannelsLastPath() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray odd = m.zeros(new Shape(2, 9, 4, 4));
            NDArray even = m.zeros(new Shape(2, 16, 4, 4));
            NDArray ragged = m.zeros(new Shape(1, 9, 3, 3)); // 9 pixels, not a multiple of 8
            ConvPaths.using(ConvPath.CHANNELS_LAST, () -> {
                assertTrue(RowBatchNorm.applies(odd, true));
                assertFalse(RowBatchNorm.applies(odd, false));
                assertFalse(RowBatchNorm.applies(even, true));
                assertFalse(RowBatchNorm.applies(ragged, true));
                return null;
            });
            ConvPaths.using(ConvPath.STANDARD,
                    () -> assertReturn(RowBatchNorm.applies(odd, true)));
        }
    }

    private static Object assertReturn(boolean applies) {
        assertFalse(applies, "the standard path keeps libtorch's BatchNorm");
        return null;
    }

    /**
     * One training forward and backward of a fresh BatchNorm with seeded statistics, {@link
     * GcPressure} between them when {@code collect}.
     */
    private static Step step(Shape shape, boolean channelsLast, boolean rows, boolean collect) {
        BatchNorm bn = Layers.batchNorm();
        try (Model model = Nets.initialized(bn, shape, 1)) {
            long c = shape.get(1);
            set(bn, "gamma", seeded(c, 2, 1f, 0.5f));
            set(bn, "beta", seeded(c, 3, 0f, 0.5f));
            set(bn, "runningMean", seeded(c, 4, 0.2f, 0.3f));
            set(bn, "runningVar", seeded(c, 5, 1.5f, 0.2f));
            NDArray gamma = bn.getParameters().get("gamma").getArray();
            NDArray beta = bn.getParameters().get("beta").getArray();
            gamma.setRequiresGradient(true);
            beta.setRequiresGradient(true);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                // a non-zero mean, so centring matters
                NDArray x = Nets.randomInput(batch, shape, 6).mul(1.7f).add(0.8f);
                NDArray upstream = Nets.randomInput(batch, shape, 7);
                x.setRequiresGradient(true);
                ParameterStore ps = new ParameterStore(batch, false);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray in = channelsLast ? ChannelsLast.of(x) : x;
                    y = rows ? RowBatchNorm.forward(bn, ps, in)
                            : bn.forward(ps, new NDList(in), true).singletonOrThrow();
                    NDArray loss = y.mul(upstream).sum();
                    List<ByteBuffer> held = collect ? GcPressure.apply() : new ArrayList<>();
                    gc.backward(loss);
                    held.clear();
                }
                return new Step(y.toFloatArray(), x.getGradient().toFloatArray(),
                        gamma.getGradient().toFloatArray(), beta.getGradient().toFloatArray(),
                        values(bn, "runningMean"), values(bn, "runningVar"));
            }
        }
    }

    private static float[] seeded(long n, long seed, float centre, float spread) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = centre + spread * (float) rng.nextDouble(-1, 1);
        }
        return v;
    }

    private static void set(BatchNorm bn, String name, float[] values) {
        bn.getParameters().get(name).getArray().set(values);
    }

    private static float[] values(BatchNorm bn, String name) {
        return bn.getParameters().get(name).getArray().toFloatArray();
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        double error = Nets.relativeError(actual, expected);
        assertTrue(error <= TOLERANCE, what + ": relative error " + error + " > " + TOLERANCE);
    }
}
