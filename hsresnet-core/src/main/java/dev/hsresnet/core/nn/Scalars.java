package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe inside a differentiated forward or loss.
 *
 * <p>DJL 0.36's {@code Number} overloads ({@code x.mul(3f)}, {@code div}, {@code pow}) wrap the
 * constant in an array over a Java direct buffer and close it at once; autograd keeps that array
 * for the backward, and after a garbage collection the backward reads whatever took its memory
 * (docs/engine.md, "Never use the Number overloads"; {@code DjlScalarOverloadTest}). These methods
 * make the constant a 0-d float32 array in libtorch's own memory, in the manager of {@code x}, so
 * it lives until that manager closes.
 */
public final class Scalars {

    private Scalars() {}

    /** @return the 0-d float32 array {@code value}, in {@code like}'s manager */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().full(new Shape(), value);
    }

    /** @return {@code x * c}, element-wise, shape of {@code x} */
    public static NDArray times(NDArray x, float c) {
        return x.mul(of(x, c));
    }

    /** @return {@code x / c}, element-wise, shape of {@code x} */
    public static NDArray over(NDArray x, float c) {
        return x.div(of(x, c));
    }

    /** @return {@code x ^ e}, element-wise, shape of {@code x} */
    public static NDArray power(NDArray x, float e) {
        return x.pow(of(x, e));
    }
}
