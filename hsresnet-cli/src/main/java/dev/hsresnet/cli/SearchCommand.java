package dev.hsresnet.cli;

import dev.hsresnet.bench.TimingPolicy;
import dev.hsresnet.core.engine.CacheDir;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.search.ArchitectureSearch;
import dev.hsresnet.search.Budget;
import dev.hsresnet.search.BudgetValues;
import dev.hsresnet.search.Candidate;
import dev.hsresnet.search.Engine;
import dev.hsresnet.search.Goal;
import dev.hsresnet.search.ProxyOptions;
import dev.hsresnet.search.ProxyTrials;
import dev.hsresnet.search.ReportFiles;
import dev.hsresnet.search.SearchOptions;
import dev.hsresnet.search.SearchReport;
import dev.hsresnet.search.SearchSpace;
import dev.hsresnet.search.TrialRunner;
import dev.hsresnet.spark.SparkSessions;
import dev.hsresnet.spark.SparkTrials;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet search}: the (s, w) design space searched under a measured budget. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the HS-ResNet design space (per stage: s, w, depth, HS or plain) "
                + "for this machine: exact params and MACs, latency predicted from a table of "
                + "per-block latencies measured here (cached per machine and engine), the best "
                + "few re-measured end to end, and optionally a proxy accuracy from short "
                + "trainings.",
            "Writes DIR/search.json, DIR/front.csv, DIR/front.png and DIR/best.spec.json, a spec "
                + "file that init, train and the dense tasks (fpn_DIR/best.spec.json, ...) take in "
                + "place of a model name. Exit status 3 when no candidate meets the budget."})
final class SearchCommand implements Callable<Integer> {

    /** The exit status when nothing meets the budget. */
    static final int INFEASIBLE = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Where the results go (trials resume from it).")
    private Path out;

    @Option(names = "--base", paramLabel = "MODEL", defaultValue = "hs_resnet50",
            description = "The model the space is built around: stem, shortcut, planes, depths, "
                    + "classes and input size (default: ${DEFAULT-VALUE}).")
    private String base;

    @Option(names = "--s", split = ",", paramLabel = "S", defaultValue = "2,3,4,5,6,7,8",
            description = "HS groups per stage (default: ${DEFAULT-VALUE}).")
    private List<Integer> sValues;

    @Option(names = "--w", split = ",", paramLabel = "W",
            description = "Channels per group at stage 1, scaled with the planes at later stages "
                    + "(default: 2/8, 3/8 and 4/8 of stage 1's planes: 16,24,32 for 64).")
    private List<Integer> widths;

    @Option(names = "--depths", split = ",", paramLabel = "D", defaultValue = "0",
            description = "Added to each stage's depth, e.g. -1,0,1 (default: ${DEFAULT-VALUE}).")
    private List<Integer> depthDeltas;

    @Option(names = "--no-plain", description = "Leave plain 3x3 stages out of the space.")
    private boolean noPlain;

    @Option(names = "--no-hs", description = "Leave HS stages out of the space.")
    private boolean noHs;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "djl",
            description = "djl or onnx (default: ${DEFAULT-VALUE}).")
    private String engine;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1",
            converter = OptionTypes.Positive.class,
            description = "Images per call (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "15",
            converter = OptionTypes.Positive.class,
            description = "Timed calls per measurement, after 3 warm-up calls (default: "
                    + "${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "8",
            description = "Untimed calls before the first measurement, while the JIT compiles "
                    + "(default: ${DEFAULT-VALUE}).")
    private double warmUp;

    @Option(names = "--table", paramLabel = "FILE",
            description = "The latency table (default: search/latency-ENGINE-bB.json in the "
                    + "cache directory).")
    private Path table;

    @Option(names = "--remeasure", description = "Replace a table measured on another machine, "
            + "engine or batch instead of refusing it.")
    private boolean remeasure;

    @Option(names = "--max-latency", paramLabel = "MS|MODEL",
            description = "Latency budget: milliseconds, or a model's latency (predicted from the "
                    + "table, checked against its measurement beside the re-measured candidates).")
    private String maxLatency;

    @Option(names = "--max-params", paramLabel = "N|MODEL",
            description = "At most this many parameters (25.6M, or a model's).")
    private String maxParams;

    @Option(names = "--min-params", paramLabel = "N|MODEL", description = "At least this many.")
    private String minParams;

    @Option(names = "--max-macs", paramLabel = "N|MODEL",
            description = "At most this many MACs per image (4.3G, or a model's).")
    private String maxMacs;

    @Option(names = "--min-macs", paramLabel = "N|MODEL", description = "At least this many.")
    private String minMacs;

    @Option(names = "--goal", paramLabel = "G", defaultValue = "most-macs",
            description = "fastest, most-macs, most-params or best-proxy (default: "
                    + "${DEFAULT-VALUE}).")
    private String goal;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3",
            converter = OptionTypes.NonNegative.class,
            description = "Candidates re-measured end to end (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--proxy-data", paramLabel = "PATH",
            description = "Train front candidates briefly on this data for a proxy accuracy.")
    private String proxyData;

    @Option(names = "--proxy-kind", paramLabel = "KIND", defaultValue = "folder",
            description = "The proxy data's kind: folder, cifar10, cifar10-jpg, fashion-mnist "
                    + "(default: ${DEFAULT-VALUE}).")
    private String proxyKind;

    @Option(names = "--proxy-trials", paramLabel = "N", defaultValue = "4",
            converter = OptionTypes.Positive.class,
            description = "Front candidates trained (default: ${DEFAULT-VALUE}).")
    private int proxyTrials;

    @Option(names = "--proxy-epochs", paramLabel = "N", defaultValue = "2",
            converter = OptionTypes.Positive.class,
            description = "Epochs per trial (default: ${DEFAULT-VALUE}).")
    private int proxyEpochs;

    @Option(names = "--proxy-per-class", paramLabel = "N", converter = OptionTypes.Positive.class,
            description = "Training images per class in a trial (default: all).")
    private Integer proxyPerClass;

    @Option(names = "--proxy-spark", paramLabel = "MASTER",
            description = "Run the trials as Spark tasks, one per trial, on an embedded "
                    + "local[N] (e.g. local[2]); default: one after another.")
    private String proxySpark;

    @Option(names = {"-o", "--proxy-override"}, paramLabel = "PATH=VALUE",
            description = "Recipe override for the trials, repeatable.")
    private List<String> proxyOverrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        ModelEntry baseEntry = Models.get(base);
        Engine eng = Engine.parse(engine);
        Goal g = Goal.parse(goal);
        if (g == Goal.BEST_PROXY && proxyData == null) {
            throw new IllegalArgumentException("--goal best-proxy needs --proxy-data");
        }
        java.util.function.Consumer<String> log = line -> {
            o.println(line);
            o.flush();
        };
        int planes0 = baseEntry.spec().stages().get(0).planes();
        List<Integer> w = widths != null ? widths
                : List.of(planes0 * 2 / 8, planes0 * 3 / 8, planes0 * 4 / 8);
        SearchSpace space = SearchSpace.around(baseEntry, sValues, w, depthDeltas, !noPlain,
                !noHs);
        Path tableFile = table != null ? table : CacheDir.root().resolve("search")
                .resolve("latency-" + eng.id() + "-b" + batch + ".json");
        TimingPolicy timing = new TimingPolicy(3, 0.2, runs, 0.3);
        int threads = dev.hsresnet.bench.Machine.threads();
        Double latencyMs = null;
        ModelEntry latencyModel = null;
        if (maxLatency != null) {
            try {
                latencyMs = Double.parseDouble(maxLatency.strip());
            } catch (NumberFormatException e) {
                latencyModel = BudgetValues.model(maxLatency);
            }
        }
        Budget budget = new Budget(latencyMs, limit(maxParams, baseEntry, false),
                limit(maxMacs, baseEntry, true), limit(minParams, baseEntry, false),
                limit(minMacs, baseEntry, true));
        SearchOptions options = new SearchOptions(eng, batch, threads, timing, warmUp,
                tableFile, remeasure, budget, g, top, latencyModel);
        o.printf(Locale.ROOT, "search: %s space, %,d candidates; budget: %s%s; goal: %s; %s, "
                + "batch %d, %d threads; table %s%n", baseEntry.name(), space.size(),
                budget.describe(), latencyModel == null ? "" : ", latency <= "
                        + latencyModel.name() + "'s", g.id(), eng.id(), batch, threads, tableFile);
        o.flush();
        SearchReport report = ArchitectureSearch.run(space, options, log);
        if (proxyData != null) {
            ProxyOptions p = new ProxyOptions(OptionTypes.dataKind(spec, proxyKind), proxyData,
                    proxyTrials, proxyEpochs, proxyPerClass, proxyOverrides);
            TrialRunner runner = proxySpark == null ? TrialRunner.SEQUENTIAL
                    : new SparkTrials(SparkSessions.local(proxySpark));
            report = ProxyTrials.run(report, space, p, out, g, runner,
                    c -> ArchitectureSearch.remeasure(space, options, c), log);
            log.accept(report.proxyNote());
        }
        ReportFiles.write(report, space, out, log);
        o.printf(Locale.ROOT, "front: %d candidates; wrote %s, %s, %s%n", report.front().size(),
                out.resolve(ReportFiles.REPORT), out.resolve(ReportFiles.FRONT_CSV),
                out.resolve(ReportFiles.FRONT_PNG));
        if (report.chosen() == null) {
            Candidate n = report.nearest();
            o.printf(Locale.ROOT, "no candidate meets the budget (%s)%s%n", report.budget(),
                    n == null ? "" : String.format(Locale.ROOT, "; nearest: %s, %,d params, %.3f "
                            + "GMACs, %.2f ms %s, misses by %.1f%%", n.label(), n.params(),
                            n.macs() / 1e9, n.latencyMs(), n.measuredMs() == null ? "predicted"
                                    : "measured", 100 * report.nearestExcess()));
            o.flush();
            return INFEASIBLE;
        }
        Candidate c = report.chosen();
        o.printf(Locale.ROOT, "chosen: %s, %,d params, %.3f GMACs, predicted %.2f ms%s%s%n",
                c.label(), c.params(), c.macs() / 1e9, c.predictedMs(),
                c.measuredMs() == null ? "" : String.format(Locale.ROOT, ", measured %.2f ms",
                        c.measuredMs()),
                c.proxyTop1() == null ? "" : String.format(Locale.ROOT, ", proxy top-1 %.2f%%",
                        c.proxyTop1()));
        o.println("spec file: " + out.resolve(ReportFiles.SPEC) + " (hsresnet init "
                + out.resolve(ReportFiles.SPEC) + " --out DIR; train --model ...)");
        o.flush();
        return 0;
    }

    private static Long limit(String text, ModelEntry baseEntry, boolean macs) {
        return text == null ? null
                : BudgetValues.countOrModel(text, baseEntry.inputSize(), macs);
    }
}
