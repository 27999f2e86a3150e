package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.EngineSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessTest {

    @TempDir
    Path tmp;

    private static BenchPlan tiny() {
        return BenchPlan.defaults().withModels(List.of("hs_resnet29_cifar"))
                .withBatches(List.of(2)).withTiming(TimingPolicy.steps(0, 1)).withPeakSize(64);
    }

    @Test
    void aTinyRunOnTheJvmPathsGivesOneRowPerCaseAndWritesACsv() throws Exception {
        EngineSettings.applyDefaults();
        BenchPlan plan = tiny().withPaths(EnumSet.of(BenchPath.DJL, BenchPath.ONNX));
        List<String> progress = new ArrayList<>();
        Report report = Harness.run(plan, null, progress::add);
        List<ResultRow> rows = report.rows();
        // 2 peak rows, djl and onnx inference, djl train
        assertEquals(List.of("matmul_64/djl/peak/1", "matmul_64/onnx/peak/1",
                "hs_resnet29_cifar/djl/inference/2", "hs_resnet29_cifar/onnx/inference/2",
                "hs_resnet29_cifar/djl/train/2"), rows.stream().map(ResultRow::key).toList());
        for (ResultRow r : rows.subList(2, rows.size())) {
            assertTrue(r.medianMs() > 0 && r.gflops() > 0 && r.pctPeak() > 0, r.toString());
            assertTrue(Double.isNaN(r.ratioToPytorch()), r.toString());
            assertEquals(1, r.repeats());
            assertEquals(Machine.threads(), r.threads());
        }
        // two peak lines at the start, three cases, two peak lines at the end
        assertEquals(7, progress.size(), progress.toString());
        assertTrue(progress.get(6).startsWith("peak at the end: "), progress.toString());
        Path csv = tmp.resolve("r.csv");
        ResultsCsv.write(csv, rows);
        Comparison c = Comparison.of(ResultsCsv.read(csv), rows);
        assertEquals(5, c.changes().size());
    }

    @Test
    void withPytorchEveryJvmRowHasARatio() throws Exception {
        PytorchRunner pytorch = PytorchRunnerTest.available();
        EngineSettings.applyDefaults();
        BenchPlan plan = tiny().withModes(EnumSet.of(Mode.INFERENCE)).withPeakSize(0);
        Report report = Harness.run(plan, pytorch, line -> { });
        assertTrue(report.torchVersion().startsWith("1."), report.torchVersion());
        List<ResultRow> rows = report.rows();
        assertEquals(List.of("pytorch", "djl", "onnx", "onnx_int8"),
                rows.stream().map(ResultRow::path).toList());
        assertTrue(rows.get(1).ratioToPytorch() > 0 && rows.get(2).ratioToPytorch() > 0
                && rows.get(3).ratioToPytorch() > 0, rows.toString());
    }

    @Test
    void aPlanWithPytorchNeedsARunner() {
        assertThrows(IllegalArgumentException.class, () -> Harness.run(tiny(), null, l -> { }));
    }
}
