package dev.hsresnet.core.io;

import java.util.Arrays;

/** Shape arithmetic shared by {@link Tensor}, {@link TensorInfo} and the header parser. */
final class Shapes {
    private Shapes() {
    }

    /**
     * Number of elements of a tensor with this shape (1 for a scalar {@code []}).
     *
     * @throws ArithmeticException if the product overflows a long
     */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Index of the first negative dimension, or -1 if all are non-negative. */
    static int firstNegative(long[] shape) {
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    /** Human-readable shape such as {@code [2, 3]} (or {@code []} for a scalar). */
    static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}
