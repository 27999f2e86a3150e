package dev.hsresnet.cli;

import dev.hsresnet.core.models.Models;
import dev.hsresnet.train.bench.StepBenchmark;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hsresnet bench-step}: the network's own speed on synthetic data. */
@Command(name = "bench-step", mixinStandardHelpOptions = true,
        description = "Time training steps (forward, loss, backward, SGD update) or inference "
                + "forwards of a registered model on synthetic data, and print the median, the "
                + "spread, images/s and achieved GFLOP/s.")
final class BenchStepCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Registered model names.", arity = "1..*")
    private String[] models;

    @Option(names = "--batch", converter = OptionTypes.Positive.class,
            defaultValue = "32", description = "Images per step (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--size", converter = OptionTypes.Positive.class,
            description = "Input size in pixels (default: the model's).")
    private Integer size;

    @Option(names = "--classes", converter = OptionTypes.Positive.class,
            defaultValue = "10", description = "Classifier outputs (default: ${DEFAULT-VALUE}).")
    private int classes;

    @Option(names = "--inference", description = "Time eval-mode forwards instead of training steps.")
    private boolean inference;

    @Option(names = "--no-fold", description = "With --inference: run the BatchNorms instead of "
            + "folding them into the convolutions as deployed (what folding buys).")
    private boolean noFold;

    @Option(names = "--steps", converter = OptionTypes.Positive.class,
            defaultValue = "10", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--warmup", converter = OptionTypes.NonNegative.class,
            defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Override
    public Integer call() {
        if (noFold && !inference) {
            throw OptionTypes.usage(spec, "--no-fold applies to --inference only");
        }
        var out = spec.commandLine().getOut();
        TextTable t = new TextTable("model", "mode", "batch>", "input>", "median ms>", "min-max ms>",
                "images/s>", "GFLOP/s>");
        for (String name : models) {
            int s = size != null ? size : Models.get(name).inputSize();
            StepBenchmark.Result r = StepBenchmark.run(name, classes, batch, s, !inference,
                    !noFold, warmup, steps);
            t.row(name, inference ? "inference" : "train step", batch, s,
                    String.format(Locale.ROOT, "%.1f", r.medianMs()),
                    String.format(Locale.ROOT, "%.0f-%.0f", r.minMs(), r.maxMs()),
                    String.format(Locale.ROOT, "%.1f", r.imagesPerSecond()),
                    String.format(Locale.ROOT, "%.1f", r.gflops()));
        }
        out.print(t.render());
        out.println(Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("ai.djl.pytorch.num_threads", "default") + " libtorch threads; "
                + "synthetic data, no loading.");
        out.flush();
        return 0;
    }
}
