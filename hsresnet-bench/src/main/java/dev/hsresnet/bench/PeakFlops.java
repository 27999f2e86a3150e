package dev.hsresnet.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures the machine's FP32 peak as the fastest large square matrix product ({@code n x n}
 * times {@code n x n}, {@code 2 n^3} FLOP) that each engine achieves: libtorch's {@code matmul}
 * through DJL (the BLAS that libtorch ships; both operands are inputs) and ONNX Runtime's
 * {@code MatMul} (its own MLAS kernels; the right-hand matrix is a constant of the model, packed
 * once, as a network's weights are), with the given threads. A GEMM of this size is
 * compute-bound, so the best of several repeats is the practical peak; it is a measurement, not
 * the data sheet's figure, so a well-tuned convolution can come out slightly above it.
 */
public final class PeakFlops {

    /** The default matrix size: 17.2 GFLOP per product, tens of milliseconds on two cores. */
    public static final int DEFAULT_SIZE = 2048;

    /**
     * One engine's matrix-product timings.
     *
     * @param path {@link BenchPath#DJL} (libtorch through DJL) or {@link BenchPath#ONNX}
     * @param source the kernel, in words
     * @param n the matrix size
     * @param stats milliseconds per product
     */
    public record Peak(BenchPath path, String source, int n, Stats stats) {

        /** @return FLOP of one product, {@code 2 n^3} */
        public double flop() {
            return 2.0 * n * n * n;
        }

        /** @return GFLOP/s of the fastest product: the peak this engine reached */
        public double bestGflops() {
            return flop() / (stats.minMs() * 1e6);
        }

        /** @return GFLOP/s at the median product time */
        public double medianGflops() {
            return flop() / (stats.medianMs() * 1e6);
        }
    }

    private PeakFlops() {}

    /**
     * Times both engines.
     *
     * @param n matrix size, at least 1
     * @param timing warm-up and timed products
     * @param threads ONNX Runtime's intra-op threads (libtorch's are fixed when its engine
     *     starts: {@code ai.djl.pytorch.num_threads})
     * @return libtorch's, then ONNX Runtime's timings
     * @throws Exception when an engine fails
     */
    public static List<Peak> measure(int n, TimingPolicy timing, int threads)
            throws Exception {
        List<Peak> peaks = new ArrayList<>();
        peaks.add(libtorch(n, timing));
        peaks.add(onnxRuntime(n, timing, threads));
        return peaks;
    }

    /**
     * @param peaks measurements, at least one
     * @return the one with the highest {@link Peak#bestGflops()}
     */
    public static Peak best(List<Peak> peaks) {
        return peaks.stream().max(Comparator.comparingDouble(Peak::bestGflops)).orElseThrow();
    }

    /**
     * @param n matrix size
     * @param timing warm-up and timed products
     * @return libtorch's {@code matmul} timings
     * @throws Exception from the engine
     */
    public static Peak libtorch(int n, TimingPolicy timing) throws Exception {
        checkSize(n);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = manager.randomUniform(-1, 1, new Shape(n, n));
            double[] ms = Timing.repeat(timing, () -> {
                // libtorch runs CPU operators synchronously: the product is done on return
                try (NDArray c = a.matMul(b)) {
                    c.getShape();
                }
            });
            return new Peak(BenchPath.DJL, "libtorch matmul (DJL)", n, Stats.of(ms));
        }
    }

    /**
     * @param n matrix size
     * @param timing warm-up and timed products
     * @param threads intra-op threads, at least 1
     * @return ONNX Runtime's {@code MatMul} timings
     * @throws OrtException from ONNX Runtime
     * @throws Exception from the timed step
     */
    public static Peak onnxRuntime(int n, TimingPolicy timing, int threads) throws Exception {
        checkSize(n);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] values = randomFloats((long) n * n, 7);
        long[] shape = {n, n};
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(MatMulModel.square(n, values), options);
                    OnnxTensor a = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape)) {
                Map<String, OnnxTensor> inputs = Map.of("A", a);
                double[] ms = Timing.repeat(timing, () -> {
                    try (OrtSession.Result r = session.run(inputs)) {
                        r.get(0);
                    }
                });
                return new Peak(BenchPath.ONNX, "ONNX Runtime MatMul (MLAS)", n, Stats.of(ms));
            }
        }
    }

    private static void checkSize(int n) {
        if (n < 1 || (long) n * n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matrix size must be 1 to 46340, got " + n);
        }
    }

    public static float[] randomFloats(long count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(count)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }
}
