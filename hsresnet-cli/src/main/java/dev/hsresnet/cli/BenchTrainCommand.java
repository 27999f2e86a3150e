package dev.hsresnet.cli;

import dev.hsresnet.train.recipe.DataKind;
import dev.hsresnet.train.bench.BudgetTraining;
import dev.hsresnet.train.loop.TrainRun;
import dev.hsresnet.train.report.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet bench-train}: CIFAR-10 within a wall-clock budget. */
@Command(name = "bench-train", mixinStandardHelpOptions = true,
        description = "Train a model on CIFAR-10 within a wall-clock budget with one fixed recipe "
                + "(epochs chosen from the measured speed) and report test accuracy, images/s "
                + "and time. bench/cifar10.sh runs it for an HS model and its plain twin.")
final class BenchTrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, description = "Registered model.")
    private String model;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "CIFAR-10: the JPEG copy's folder (train/, test/) or the binary batches.")
    private Path data;

    @Option(names = "--kind", converter = OptionTypes.Kind.class, defaultValue = "cifar10-jpg",
            description = "cifar10-jpg or cifar10 (default: ${DEFAULT-VALUE}).")
    private DataKind kind;

    @Option(names = "--minutes", converter = OptionTypes.PositiveDouble.class, defaultValue = "60",
            description = "Wall-clock budget (default: ${DEFAULT-VALUE}).")
    private double minutes;

    @Option(names = "--epochs", converter = OptionTypes.Positive.class,
            description = "Train exactly this many epochs with the same recipe instead of the "
                    + "number that fits --minutes (for an equal-epoch comparison).")
    private Integer epochs;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run directory.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        TrainRun.Result r = BudgetTraining.run(model, kind, data, minutes,
                epochs == null ? 0 : epochs, out,
                ConsoleProgress.forStdout(spec.commandLine().getOut()));
        double wall = (System.nanoTime() - start) / 60e9;
        RunSummary s = r.summary();
        var o = spec.commandLine().getOut();
        o.println(String.format(Locale.ROOT, "| %s | %d | %.2f%% | %.2f%% | %.1f | %.1f min |",
                model, s.epochsDone(), 100 * s.finalMetrics().valTop1(), 100 * s.bestValTop1(),
                s.imagesPerSecond(), wall));
        o.flush();
        return 0;
    }
}
