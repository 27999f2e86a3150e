package dev.hsresnet.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.io.Tensor;
import java.util.Map;

/** The comparisons of the PyTorch cross-checks: relative error of a tensor against a fixture's. */
public final class FixtureAsserts {

    /** The bound of outputs and statistics: float32 PyTorch itself stays within 4e-5. */
    public static final double TOLERANCE = 1e-4;

    private FixtureAsserts() {}

    /** Asserts shape equality and a relative error (max |diff| / max |expected|) within 1e-4. */
    public static void assertClose(Tensor expected, NDArray actual, String what) {
        assertClose(expected, actual, what, TOLERANCE);
    }

    /** Asserts shape equality and a relative error within {@code tolerance}. */
    public static void assertClose(Tensor expected, NDArray actual, String what,
            double tolerance) {
        assertFalse(expected == null, what + " is missing from the fixture");
        assertEquals(new Shape(expected.shape()), actual.getShape(), what + " shape");
        double err = Nets.relativeError(actual.toFloatArray(), expected.toFloats());
        assertTrue(err <= tolerance, what + ": relative error " + err + " > " + tolerance);
    }

    /**
     * Asserts the gradient {@code grad.<name>} of a fixture within its own bound {@code
     * grad_tolerance} (10x what float32 PyTorch misses by, at least 1e-4).
     */
    public static void assertGradient(Map<String, Tensor> io, String name, NDArray actual) {
        Tensor expected = io.get("grad." + name);
        assertFalse(expected == null, "gradient of " + name + " is missing from the fixture");
        double tolerance = io.get("grad_tolerance").toFloats()[0];
        double err = Nets.relativeError(actual.toFloatArray(), expected.toFloats());
        assertTrue(err <= tolerance,
                "gradient of " + name + ": relative error " + err + " > " + tolerance);
    }
}
