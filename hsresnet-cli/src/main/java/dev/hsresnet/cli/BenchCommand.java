package dev.hsresnet.cli;

import dev.hsresnet.bench.BenchPath;
import dev.hsresnet.bench.BenchPlan;
import dev.hsresnet.bench.Comparison;
import dev.hsresnet.bench.Harness;
import dev.hsresnet.bench.Machine;
import dev.hsresnet.bench.MarkdownTable;
import dev.hsresnet.bench.Mode;
import dev.hsresnet.bench.PytorchRunner;
import dev.hsresnet.bench.ReferenceScript;
import dev.hsresnet.bench.Report;
import dev.hsresnet.bench.ResultRow;
import dev.hsresnet.bench.ResultsCsv;
import dev.hsresnet.bench.TimingPolicy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hsresnet bench}: the performance harness (DJL, ONNX Runtime and PyTorch, one run). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time every network on the DJL path, on ONNX Runtime and in the PyTorch "
                + "reference (tools/reference, a child process with the same threads and "
                + "GLIBC_TUNABLES), in one run on this machine: inference at batch 1 and 8 "
                + "(CIFAR-scale: 1 and 128), training steps at batch 8 and 32 (CIFAR-scale: 128), "
                + "each after warm-up steps, with median, p10-p90, min-max, images/s, achieved "
                + "GFLOP/s against the measured FP32 peak, and the ratio to PyTorch.",
            "Prints a markdown table, writes a CSV (one row per case) and, with --compare, the "
                + "change of every row against an older CSV."},
        footer = {"", "Examples:",
            "  hsresnet bench --quick",
            "  hsresnet bench --csv runs/perf.csv --compare runs/perf-old.csv",
            "  hsresnet bench --models hs_resnet29_cifar --paths djl,onnx --repeats 20",
            "  hsresnet bench --models resnet29_cifar --batch 1 --repeats 1 --min-seconds 0 "
                + "--warmup 0 --warmup-seconds 0 --peak-size 0    # a smoke test"})
final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick",
            description = "Warm up 1 step and 1 s, time 3 steps and 0.5 s, no ImageNet batch-32 "
                    + "training step (a few minutes on 2 cores).")
    private boolean quick;

    @Option(names = "--repeats", paramLabel = "N",
            description = "Timed steps per case, at least (default: 10, --quick 3).")
    private Integer repeats;

    @Option(names = "--min-seconds", paramLabel = "S",
            description = "Keep timing each case until this long (default: 2, --quick 0.5).")
    private Double minSeconds;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed steps before each case, at least (default: 2, --quick 1).")
    private Integer warmup;

    @Option(names = "--warmup-seconds", paramLabel = "S",
            description = "Keep warming up each case until this long: the DJL path needs the JIT "
                    + "compiler's time (default: 3, --quick 1).")
    private Double warmupSeconds;

    @Option(names = "--models", paramLabel = "NAME", split = ",",
            description = "Registered models (default: hs_resnet50,resnet50d,hs_resnet29_cifar,"
                    + "resnet29_cifar).")
    private List<String> models;

    @Option(names = "--paths", paramLabel = "PATH", split = ",",
            description = "djl, onnx, onnx_int8 (static int8 export, calibrated on synthetic "
                    + "pictures: speed only), pytorch (default: all).")
    private List<String> paths;

    @Option(names = "--modes", paramLabel = "MODE", split = ",",
            description = "inference, train (default: both).")
    private List<String> modes;

    @Option(names = "--batch", paramLabel = "B", split = ",",
            converter = OptionTypes.Positive.class,
            description = "Batch sizes for every model and mode (default: per model, see above).")
    private List<Integer> batches;

    @Option(names = "--peak-size", paramLabel = "N", defaultValue = "2048",
            description = "Matrix size of the FP32 peak measurement, 0 to skip it "
                    + "(default: ${DEFAULT-VALUE}).")
    private int peakSize;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Where to write the results (default: target/bench/bench-<UTC time>"
                    + ".csv); replaced atomically.")
    private Path csv;

    @Option(names = "--compare", paramLabel = "OLD.csv",
            description = "An older results CSV: print every row's change against it.")
    private Path compare;

    @Option(names = "--python", paramLabel = "FILE",
            description = "Python with torch for the reference (default: /usr/bin/python3).")
    private Path python;

    @Option(names = "--reference", paramLabel = "FILE",
            description = "The PyTorch timing script (default: " + ReferenceScript.RELATIVE
                    + " of this checkout).")
    private Path reference;

    @Override
    public Integer call() throws Exception {
        BenchPlan plan = plan();
        List<ResultRow> old = compare == null ? null : ResultsCsv.read(compare);
        PytorchRunner pytorch = plan.paths().contains(BenchPath.PYTORCH) ? pytorchRunner() : null;
        Path csvFile = csv != null ? csv : Path.of("target", "bench", "bench-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .format(ZonedDateTime.now(ZoneOffset.UTC)) + ".csv");
        String loadBefore = Machine.loadAverage().orElse("unknown");
        PrintWriter err = spec.commandLine().getErr();
        TimingPolicy t = plan.timing();
        err.println("bench: " + plan.cases().size() + " cases, each: at least " + t.warmup()
                + " untimed steps and " + t.warmupSeconds() + " s, then at least " + t.repeats()
                + " timed steps and " + t.minSeconds() + " s");
        err.flush();
        Report report = Harness.run(plan, pytorch, line -> {
            err.println("bench: " + line);
            err.flush();
        });
        List<ResultRow> rows = report.rows();
        ResultsCsv.write(csvFile, rows);

        PrintWriter out = spec.commandLine().getOut();
        out.println("Measured " + report.date() + " on " + report.machine() + "; "
                + report.threads() + " threads in every engine; GLIBC_TUNABLES="
                + report.mallocTunables() + (report.torchVersion() == null ? ""
                        : "; PyTorch " + report.torchVersion()) + "; load average "
                + loadBefore + " at the start, " + Machine.loadAverage().orElse("unknown")
                + " at the end (" + Runtime.getRuntime().availableProcessors() + " cores).");
        out.println();
        out.print(MarkdownTable.results(rows));
        out.println();
        out.println("Results: " + csvFile);
        if (old != null) {
            out.println();
            out.println("Against " + compare + ":");
            out.println();
            out.print(MarkdownTable.comparison(Comparison.of(old, rows)));
        }
        out.flush();
        return 0;
    }

    private BenchPlan plan() {
        try {
            BenchPlan plan = quick ? BenchPlan.quickDefaults() : BenchPlan.defaults();
            if (models != null) {
                plan = plan.withModels(models);
            }
            if (paths != null) {
                Set<BenchPath> set = EnumSet.noneOf(BenchPath.class);
                paths.forEach(p -> set.add(BenchPath.parse(p)));
                plan = plan.withPaths(set);
            }
            if (modes != null) {
                Set<Mode> set = EnumSet.noneOf(Mode.class);
                modes.forEach(m -> set.add(Mode.parse(m)));
                plan = plan.withModes(set);
            }
            if (batches != null) {
                plan = plan.withBatches(batches);
            }
            TimingPolicy t = plan.timing();
            plan = plan.withTiming(new TimingPolicy(warmup != null ? warmup : t.warmup(),
                    warmupSeconds != null ? warmupSeconds : t.warmupSeconds(),
                    repeats != null ? repeats : t.repeats(),
                    minSeconds != null ? minSeconds : t.minSeconds()));
            return plan.withPeakSize(peakSize);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private PytorchRunner pytorchRunner() {
        Path script = reference != null ? reference : ReferenceScript.locate().orElseThrow(() ->
                new ParameterException(spec.commandLine(), "cannot find "
                        + ReferenceScript.RELATIVE + " (run from the checkout, give --reference, "
                        + "or leave pytorch out of --paths)"));
        Path py = python != null ? python : PytorchRunner.DEFAULT_PYTHON;
        if (!Files.isRegularFile(script)) {
            throw new ParameterException(spec.commandLine(), "--reference " + script
                    + ": no such file");
        }
        if (!Files.isExecutable(py)) {
            throw new ParameterException(spec.commandLine(), py + " is not an executable Python "
                    + "(give --python, or leave pytorch out of --paths)");
        }
        return new PytorchRunner(py, script, Machine.threads());
    }
}
