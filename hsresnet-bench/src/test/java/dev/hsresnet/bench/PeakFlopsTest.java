package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.hsresnet.core.engine.EngineSettings;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeakFlopsTest {

    @Test
    void theOnnxMatMulModelComputesTheMatrixProduct() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] b = {1, 0, 2, 0, 1, 0, -1, 0, 1};
        try (OrtSession s = env.createSession(MatMulModel.square(3, b),
                new OrtSession.SessionOptions());
                OnnxTensor ta = OnnxTensor.createTensor(env, FloatBuffer.wrap(a),
                        new long[] {3, 3});
                OrtSession.Result r = s.run(Map.of("A", ta))) {
            float[][] c = (float[][]) r.get(0).getValue();
            assertArrayEquals(new float[] {-2, 2, 5}, c[0]);
            assertArrayEquals(new float[] {-2, 5, 14}, c[1]);
            assertArrayEquals(new float[] {-2, 8, 23}, c[2]);
        }
    }

    @Test
    void bothEnginesReportAPositivePeakAndTheBestIsTheFastest() throws Exception {
        EngineSettings.applyDefaults();
        List<PeakFlops.Peak> peaks = PeakFlops.measure(128, TimingPolicy.steps(1, 3), 1);
        assertEquals(List.of(BenchPath.DJL, BenchPath.ONNX),
                peaks.stream().map(PeakFlops.Peak::path).toList());
        for (PeakFlops.Peak p : peaks) {
            assertTrue(p.bestGflops() > 0 && Double.isFinite(p.bestGflops()), p.toString());
            assertTrue(p.bestGflops() >= p.medianGflops(), p.toString());
            assertEquals(2.0 * 128 * 128 * 128, p.flop());
            assertEquals(3, p.stats().count());
        }
        double best = Math.max(peaks.get(0).bestGflops(), peaks.get(1).bestGflops());
        assertEquals(best, PeakFlops.best(peaks).bestGflops());
    }

    @Test
    void rejectsBadSizesAndThreads() {
        assertThrows(IllegalArgumentException.class, () -> MatMulModel.square(0, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> MatMulModel.square(2, new float[3]));
        assertThrows(IllegalArgumentException.class,
                () -> PeakFlops.onnxRuntime(8, TimingPolicy.steps(0, 1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> PeakFlops.libtorch(50_000, TimingPolicy.steps(0, 1)));
    }
}
