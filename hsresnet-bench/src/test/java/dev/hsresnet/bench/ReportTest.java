package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final long MACS = 50_000_000L;

    private static Measurement m(BenchPath path, Mode mode, int batch, double ms) {
        return new Measurement(new BenchCase("resnet29_cifar", path, mode, batch, 32), MACS,
                Stats.of(ms));
    }

    @Test
    void everyJvmRowCarriesItsRatioToThePytorchRowOfTheSameCase() {
        PeakFlops.Peak slow = new PeakFlops.Peak(BenchPath.DJL, "libtorch", 1000, Stats.of(10));
        PeakFlops.Peak fast = new PeakFlops.Peak(BenchPath.ONNX, "ort", 1000, Stats.of(5));
        Report r = new Report("2026-11-26T00:00:00Z", "test machine", 2, "none", "1.13",
                List.of(slow, fast), List.of(
                        m(BenchPath.PYTORCH, Mode.TRAIN, 128, 1000),
                        m(BenchPath.DJL, Mode.TRAIN, 128, 1500),
                        m(BenchPath.ONNX, Mode.INFERENCE, 1, 2),
                        m(BenchPath.PYTORCH, Mode.INFERENCE, 1, 8)));
        assertEquals(400, r.peakGflops().orElseThrow(), 1e-9);
        List<ResultRow> rows = r.rows();
        assertEquals(6, rows.size());

        ResultRow peakRow = rows.get(0);
        assertEquals("matmul_1000/djl/peak/1", peakRow.key());
        assertEquals(200, peakRow.gflops(), 1e-9);
        assertEquals(50, peakRow.pctPeak(), 1e-9);
        assertEquals(100, rows.get(1).pctPeak(), 1e-9);

        ResultRow torch = rows.get(2);
        assertTrue(Double.isNaN(torch.ratioToPytorch()));
        ResultRow djl = rows.get(3);
        assertEquals(1.5, djl.ratioToPytorch(), 1e-12);
        // 50 MMAC x 2 x 3 passes x 128 images in 1.5 s
        assertEquals(2 * 3 * 128 * 0.05 / 1.5, djl.gflops(), 1e-9);
        assertEquals(100 * djl.gflops() / 400, djl.pctPeak(), 1e-9);
        assertEquals(128 / 1.5, djl.imagesPerSecond(), 1e-9);
        assertEquals(0.25, rows.get(4).ratioToPytorch(), 1e-12);
        assertEquals("test machine", djl.machine());
        assertEquals(1, djl.repeats());
    }

    @Test
    void withoutPeakOrPytorchTheirColumnsAreEmpty() {
        Report r = new Report("d", "m", 2, "none", null, List.of(),
                List.of(m(BenchPath.DJL, Mode.INFERENCE, 1, 10)));
        ResultRow row = r.rows().get(0);
        assertTrue(Double.isNaN(row.pctPeak()));
        assertTrue(Double.isNaN(row.ratioToPytorch()));
        String md = MarkdownTable.results(r.rows());
        assertTrue(md.contains("| resnet29_cifar | djl | inference | 1 | 10.0 | 10.0-10.0 "
                + "| 10.0-10.0 | 100.0 | 10.0 | - | - |"), md);
        assertTrue(!md.contains("FP32 peak"), md);
    }
}
