package dev.hsresnet.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.hsresnet.core.nn.Conv;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks convolutions on this machine against {@link ReferenceConv}: DJL's own NCHW {@code
 * Conv2d} and this project's {@link Conv}, forward and both gradients, on shapes the oneDNN of
 * libtorch 2.7.1 got wrong on the project's build machines (docs/engine.md). {@code hsresnet
 * doctor} prints the results. DJL's path is only run on shapes where it computes (wrongly or not)
 * without killing the process.
 */
public final class ConvCheck {

    /** Relative error above which a result counts as wrong. */
    public static final double TOLERANCE = 1e-5;

    /** The two implementations compared. */
    public enum Path {
        /** DJL's {@code Conv2d.conv2d} on NCHW arrays, the engine's default path. */
        DJL_NCHW,
        /** This project's {@link Conv}: channels-last 3x3, matrix-product 1x1. */
        HSRESNET
    }

    /**
     * One checked case.
     *
     * @param path the implementation
     * @param in input channels
     * @param out output channels
     * @param kernel kernel size
     * @param stride stride
     * @param forward relative error of the output
     * @param inputGradient relative error of the input gradient
     * @param weightGradient relative error of the weight gradient
     */
    public record Result(
            Path path, int in, int out, int kernel, int stride,
            double forward, double inputGradient, double weightGradient) {

        /** @return whether all three errors are within {@link #TOLERANCE} */
        public boolean ok() {
            return forward <= TOLERANCE && inputGradient <= TOLERANCE
                    && weightGradient <= TOLERANCE;
        }
    }

    /** (in, out, kernel, stride): wrong through DJL's NCHW path on the build machines, but one. */
    static final int[][] CASES = {
        {24, 36, 3, 1}, {36, 42, 3, 1}, {17, 17, 3, 1}, {16, 12, 3, 1}, {12, 12, 3, 1},
        {48, 48, 3, 2}, {1, 8, 3, 1}, {64, 64, 3, 1},
    };

    private static final int BATCH = 2;
    private static final int SIZE = 9;

    private ConvCheck() {}

    /** @return for every case, the result of DJL's path then of this project's */
    public static List<Result> run() {
        List<Result> results = new ArrayList<>();
        for (int[] c : CASES) {
            for (Path path : Path.values()) {
                results.add(check(path, c[0], c[1], c[2], c[3]));
            }
        }
        return results;
    }

    /**
     * Runs one convolution and its backward through {@code path} at batch 2 on 9x9 inputs and
     * compares with the reference.
     *
     * @return the three relative errors
     */
    public static Result check(Path path, int in, int out, int kernel, int stride) {
        return check(path, in, out, kernel, stride, BATCH, SIZE);
    }

    /**
     * Like {@link #check(Path, int, int, int, int)} for another batch and input size.
     *
     * @param batch batch size (1 takes a different libtorch path)
     * @param size input height and width
     * @return the three relative errors
     */
    public static Result check(
            Path path, int in, int out, int kernel, int stride, int batch, int size) {
        ReferenceConv ref = new ReferenceConv(batch, in, out, size, kernel, stride);
        float[] xf = random(batch * in * size * size, 1);
        float[] wf = random(out * in * kernel * kernel, 2);
        float[] rf = random(batch * out * ref.outSize() * ref.outSize(), 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(xf, new Shape(batch, in, size, size));
            NDArray r = m.create(rf, new Shape(batch, out, ref.outSize(), ref.outSize()));
            x.setRequiresGradient(true);
            NDArray w;
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                if (path == Path.DJL_NCHW) {
                    w = m.create(wf, new Shape(out, in, kernel, kernel));
                    w.setRequiresGradient(true);
                    int pad = kernel / 2;
                    y = Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(pad, pad))
                            .singletonOrThrow();
                } else {
                    Conv conv = new Conv(out, kernel, stride);
                    conv.initialize(m, DataType.FLOAT32, x.getShape());
                    w = conv.getParameters().valueAt(0).getArray();
                    w.set(wf);
                    y = conv.forward(new ParameterStore(m, false), new NDList(x), true)
                            .singletonOrThrow();
                }
                gc.backward(y.mul(r).sum());
            }
            return new Result(path, in, out, kernel, stride,
                    relativeError(y.toFloatArray(), ref.forward(xf, wf)),
                    relativeError(x.getGradient().toFloatArray(), ref.gradInput(rf, wf)),
                    relativeError(w.getGradient().toFloatArray(), ref.gradWeight(xf, rf)));
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    /** @return max |a - b| / max |b|; infinite when {@code actual} has a NaN or infinity */
    public static double relativeError(float[] actual, float[] expected) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!Float.isFinite(actual[i])) {
                return Double.POSITIVE_INFINITY;
            }
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxDiff / Math.max(maxRef, 1e-12);
    }
}
