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
import dev.hsresnet.core.nn.ChannelsLast;
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
        /** This project's {@link Conv}, on the process's {@link ConvPaths#current} path. */
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
        Problem p = new Problem(batch, in, out, kernel, stride, size);
        Errors e = path == Path.DJL_NCHW ? djlNchw(p) : errors(p, ConvPaths.current(), false);
        return new Result(path, in, out, kernel, stride, e.forward(), e.inputGradient(),
                e.weightGradient());
    }

    /**
     * One convolution to check: seeded input, weight and output weighting {@code r} (the loss is
     * {@code sum(y * r)}), and the reference results, computed on first use and kept.
     */
    public static final class Problem {
        private final int batch;
        private final int in;
        private final int out;
        private final int kernel;
        private final int stride;
        private final int dilation;
        private final int size;
        private final ReferenceConv ref;
        private final float[] x;
        private final float[] w;
        private final float[] r;
        private float[][] expected;

        /**
         * @param batch batch size
         * @param in input channels
         * @param out output channels
         * @param kernel kernel size
         * @param stride stride
         * @param size input height and width
         */
        public Problem(int batch, int in, int out, int kernel, int stride, int size) {
            this(batch, in, out, kernel, stride, 1, size);
        }

        /**
         * @param batch batch size
         * @param in input channels
         * @param out output channels
         * @param kernel kernel size
         * @param stride stride
         * @param dilation dilation (padding {@code dilation * (kernel / 2)})
         * @param size input height and width
         */
        public Problem(int batch, int in, int out, int kernel, int stride, int dilation,
                int size) {
            this.batch = batch;
            this.in = in;
            this.out = out;
            this.kernel = kernel;
            this.stride = stride;
            this.dilation = dilation;
            this.size = size;
            this.ref = new ReferenceConv(batch, in, out, size, kernel, stride, dilation);
            this.x = random(batch * in * size * size, 1);
            this.w = random(out * in * kernel * kernel, 2);
            this.r = random(batch * out * ref.outSize() * ref.outSize(), 3);
        }

        /** @return the reference output, input gradient and weight gradient */
        private synchronized float[][] expected() {
            if (expected == null) {
                expected = new float[][] {
                    ref.forward(x, w), ref.gradInput(r, w), ref.gradWeight(x, r)
                };
            }
            return expected;
        }
    }

    /**
     * Relative errors of one computation against the reference.
     *
     * @param forward of the output
     * @param inputGradient of the input gradient
     * @param weightGradient of the weight gradient
     */
    public record Errors(double forward, double inputGradient, double weightGradient) {

        /** @return whether all three are within {@link #TOLERANCE} */
        public boolean ok() {
            return forward <= TOLERANCE && inputGradient <= TOLERANCE
                    && weightGradient <= TOLERANCE;
        }
    }

    /**
     * Runs {@code p} through this project's {@link Conv} on {@code path} ({@link ConvPaths#using}),
     * forward and backward, and compares with the reference.
     *
     * @param channelsLastInput whether the input's memory is NHWC (values unchanged)
     * @return the three relative errors
     */
    public static Errors errors(Problem p, ConvPath path, boolean channelsLastInput) {
        return ConvPaths.using(path, () -> run(p, (m, x) -> {
            Conv conv = new Conv(p.out, p.kernel, p.stride, p.dilation);
            conv.initialize(m, DataType.FLOAT32, x.getShape());
            NDArray w = conv.getParameters().valueAt(0).getArray();
            w.set(p.w);
            NDArray input = channelsLastInput ? ChannelsLast.of(x) : x;
            NDArray y = conv.forward(new ParameterStore(m, false), new NDList(input), true)
                    .singletonOrThrow();
            return new NDList(y, w);
        }));
    }

    /** @return the errors of DJL's own {@code Conv2d.conv2d} on NCHW arrays */
    static Errors djlNchw(Problem p) {
        return run(p, (m, x) -> {
            NDArray w = m.create(p.w, new Shape(p.out, p.in, p.kernel, p.kernel));
            w.setRequiresGradient(true);
            int pad = p.dilation * (p.kernel / 2);
            NDArray y = Conv2d.conv2d(x, w, null, new Shape(p.stride, p.stride),
                    new Shape(pad, pad), new Shape(p.dilation, p.dilation)).singletonOrThrow();
            return new NDList(y, w);
        });
    }

    /** Computes {@code (y, w)} from the input inside a gradient collector. */
    private interface Computation {
        NDList apply(NDManager m, NDArray x);
    }

    private static Errors run(Problem p, Computation c) {
        int outSize = p.ref.outSize();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(p.x, new Shape(p.batch, p.in, p.size, p.size));
            NDArray r = m.create(p.r, new Shape(p.batch, p.out, outSize, outSize));
            x.setRequiresGradient(true);
            NDList yw;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                yw = c.apply(m, x);
                gc.backward(yw.get(0).mul(r).sum());
            }
            float[][] e = p.expected();
            return new Errors(relativeError(yw.get(0).toFloatArray(), e[0]),
                    relativeError(x.getGradient().toFloatArray(), e[1]),
                    relativeError(yw.get(1).getGradient().toFloatArray(), e[2]));
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
