package dev.hsresnet.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The premise of "no {@code Number} overloads of mul, div or pow in a differentiated forward"
 * (RowBatchNorm, docs/engine.md): DJL 0.36's PyTorch engine makes {@code x.mul(3f)} from a scalar
 * array that wraps a Java direct buffer without copying it, and closes that array as soon as the
 * product is computed. Autograd saved the scalar for the backward; once a garbage collection frees
 * the buffer, the backward reads whatever took that memory. If this test fails, DJL fixed it and
 * the workaround can go.
 */
class DjlScalarOverloadTest {

    @Test
    void aScalarSavedForBackwardIsFreedByTheGarbageCollector() {
        int trials = 0;
        boolean wrong = false;
        while (!wrong && trials < 50) {
            trials++;
            wrong = gradientOfTimesThree((m, x) -> x.mul(3f)) != 3f;
        }
        assertTrue(wrong, "d(3x)/dx stayed 3 through " + trials + " garbage collections "
                + "between forward and backward: DJL's Number overloads are safe now");
    }

    @Test
    void anArrayOperandStaysAliveThroughTheBackward() {
        for (int trial = 0; trial < 10; trial++) {
            float g = gradientOfTimesThree((m, x) -> x.mul(m.full(new Shape(), 3f)));
            assertTrue(g == 3f, "trial " + trial + ": d(3x)/dx = " + g);
        }
    }

    /**
     * @param timesThree {@code 3x}, computed some way from the manager and {@code x}
     * @return the first element of {@code d(sum 3x)/dx} that is not 3, or 3 when all are, with
     *     {@link GcPressure} between the forward and the backward
     */
    private static float gradientOfTimesThree(BiFunction<NDManager, NDArray, NDArray> timesThree) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(1f, 2f, new Shape(64));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = timesThree.apply(m, x);
                List<ByteBuffer> held = GcPressure.apply();
                gc.backward(y.sum());
                held.clear();
            }
            for (float g : x.getGradient().toFloatArray()) {
                if (g != 3f) {
                    return g;
                }
            }
            return 3f;
        }
    }
}
