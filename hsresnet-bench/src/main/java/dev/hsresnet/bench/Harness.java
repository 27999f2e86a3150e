package dev.hsresnet.bench;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a {@link BenchPlan} in one process on one machine: the FP32 peak first, then model by
 * model the PyTorch reference (a child process), the ONNX Runtime path and the DJL path, each case
 * as warm-up steps followed by timed ones, every engine with the same intra-op threads, and the
 * peak again at the end. The clock of this project's shared VM drifts by about 20% over minutes,
 * so each engine's peak is the better of the two measurements.
 *
 * <pre>{@code
 * BenchPlan plan = BenchPlan.quickDefaults().withModels(List.of("hs_resnet29_cifar"));
 * Report report = Harness.run(plan, new PytorchRunner(PytorchRunner.DEFAULT_PYTHON,
 *         ReferenceScript.locate().orElseThrow(), Machine.threads()), System.err::println);
 * ResultsCsv.write(Path.of("bench.csv"), report.rows());
 * }</pre>
 */
public final class Harness {

    /** The peak's matrix products: 2 untimed, then 10 timed. */
    static final TimingPolicy PEAK_TIMING = TimingPolicy.steps(2, 10);

    private Harness() {}

    /**
     * @param plan what to time
     * @param pytorch the PyTorch reference, or null when the plan has no {@code pytorch} path
     * @param progress receives one line per finished case and per peak measurement
     * @return the measurements
     * @throws Exception when an engine or the PyTorch child fails
     */
    public static Report run(BenchPlan plan, PytorchRunner pytorch, Consumer<String> progress)
            throws Exception {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(progress, "progress");
        if (plan.paths().contains(BenchPath.PYTORCH) && pytorch == null) {
            throw new IllegalArgumentException("the plan times PyTorch but no runner was given");
        }
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        int threads = Machine.threads();
        List<PeakFlops.Peak> peaks = measurePeaks(plan, threads, "start", progress);
        Map<BenchCase, Measurement> done = new HashMap<>();
        String torchVersion = null;
        for (String model : plan.models()) {
            ModelEntry entry = Models.get(model);
            ModelConfig config = ModelConfig.of(model, entry.spec().numClasses(), 3);
            long macs = Complexity.of(config.architecture(), config.inputSize()).macs();
            Consumer<Measurement> record = m -> {
                done.put(m.benchCase(), m);
                progress.accept(describe(m));
            };
            if (plan.paths().contains(BenchPath.PYTORCH)) {
                torchVersion = runPytorch(plan, pytorch, config, macs, record);
            }
            boolean jvmCases = plan.cases().stream()
                    .anyMatch(c -> c.model().equals(model) && c.path() != BenchPath.PYTORCH);
            if (jvmCases) {
                runJvm(plan, config, macs, threads, record);
            }
        }
        List<PeakFlops.Peak> endPeaks = measurePeaks(plan, threads, "end", progress);
        for (int i = 0; i < peaks.size(); i++) {
            if (endPeaks.get(i).bestGflops() > peaks.get(i).bestGflops()) {
                peaks.set(i, endPeaks.get(i));
            }
        }
        List<Measurement> ordered = new ArrayList<>();
        for (BenchCase c : plan.cases()) {
            Measurement m = done.get(c);
            if (m == null) {
                throw new IllegalStateException("no measurement for " + c);
            }
            ordered.add(m);
        }
        return new Report(date, Machine.describe(), threads,
                Machine.mallocTunables().orElse("none"), torchVersion, peaks, ordered);
    }

    private static List<PeakFlops.Peak> measurePeaks(BenchPlan plan, int threads, String when,
            Consumer<String> progress) throws Exception {
        List<PeakFlops.Peak> peaks = new ArrayList<>();
        if (plan.peakSize() > 0) {
            for (PeakFlops.Peak p : PeakFlops.measure(plan.peakSize(), PEAK_TIMING, threads)) {
                peaks.add(p);
                progress.accept(String.format(Locale.ROOT, "peak at the %s: %s, n=%d: best %.1f "
                        + "GFLOP/s, median %.1f", when, p.source(), p.n(), p.bestGflops(),
                        p.medianGflops()));
            }
        }
        return peaks;
    }

    private static String runPytorch(BenchPlan plan, PytorchRunner pytorch, ModelConfig config,
            long macs, Consumer<Measurement> record) throws Exception {
        String version = null;
        for (Mode mode : List.of(Mode.INFERENCE, Mode.TRAIN)) {
            if (!plan.modes().contains(mode)) {
                continue;
            }
            List<Integer> batches = plan.batchesFor(config.name(), mode);
            PytorchRunner.Output out = pytorch.run(config.name(), mode, batches,
                    config.inputSize(), config.architecture().numClasses(), plan.timing());
            version = out.torchVersion();
            for (int batch : batches) {
                PytorchRunner.Result r = out.results().stream()
                        .filter(x -> x.batch() == batch && x.model().equals(config.name()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("the PyTorch reference "
                                + "returned no result for " + config.name() + " batch " + batch));
                record.accept(new Measurement(new BenchCase(config.name(), BenchPath.PYTORCH,
                        mode, batch, config.inputSize()), macs, Stats.of(r.timesMs())));
            }
        }
        return version;
    }

    private static void runJvm(BenchPlan plan, ModelConfig config, long macs, int threads,
            Consumer<Measurement> record) throws Exception {
        String name = config.name();
        int size = config.inputSize();
        boolean djlPath = plan.paths().contains(BenchPath.DJL);
        if (plan.modes().contains(Mode.INFERENCE)) {
            List<Integer> batches = plan.batchesFor(name, Mode.INFERENCE);
            try (DjlRunner djl = DjlRunner.open(config, 0, Mode.INFERENCE)) {
                for (BenchPath onnx : List.of(BenchPath.ONNX, BenchPath.ONNX_INT8)) {
                    if (!plan.paths().contains(onnx)) {
                        continue;
                    }
                    try (OrtRunner ort = OrtRunner.open(djl.model(), threads,
                            onnx == BenchPath.ONNX_INT8)) {
                        for (int batch : batches) {
                            double[] ms = ort.time(batch, plan.timing());
                            record.accept(new Measurement(new BenchCase(name, onnx,
                                    Mode.INFERENCE, batch, size), macs, Stats.of(ms)));
                        }
                    }
                }
                for (int batch : djlPath ? batches : List.<Integer>of()) {
                    double[] ms = djl.time(batch, plan.timing());
                    record.accept(new Measurement(new BenchCase(name, BenchPath.DJL,
                            Mode.INFERENCE, batch, size), macs, Stats.of(ms)));
                }
            }
        }
        if (plan.modes().contains(Mode.TRAIN) && djlPath) {
            try (DjlRunner djl = DjlRunner.open(config, 0, Mode.TRAIN)) {
                for (int batch : plan.batchesFor(name, Mode.TRAIN)) {
                    double[] ms = djl.time(batch, plan.timing());
                    record.accept(new Measurement(new BenchCase(name, BenchPath.DJL, Mode.TRAIN,
                            batch, size), macs, Stats.of(ms)));
                }
            }
        }
    }

    private static String describe(Measurement m) {
        Stats s = m.stats();
        return String.format(Locale.ROOT, "%s: median %.1f ms (p10-p90 %.1f-%.1f), %.1f img/s, "
                + "%.1f GFLOP/s", m.benchCase(), s.medianMs(), s.p10Ms(), s.p90Ms(),
                m.imagesPerSecond(), m.gflops());
    }
}
