package dev.hsresnet.cli;

import dev.hsresnet.train.demo.Demo;
import dev.hsresnet.train.report.Plots;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet demo}: train, evaluate, save and use a small HS-ResNet, offline. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a small HS-ResNet on Fashion-MNIST (built-in slice, or Debian's "
                + "dataset-fashion-mnist when installed) for a few minutes, evaluate it, save the "
                + "model directory, classify a few test images and show where the plots are.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "RUN_DIR",
            description = "Run directory (default: runs/demo-<date>-<time>).")
    private Path out;

    @Option(names = "--model", defaultValue = "hs_resnet29_cifar",
            description = "Registered model (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--epochs", converter = OptionTypes.Positive.class,
            defaultValue = "8", description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--per-class", converter = OptionTypes.Positive.class, defaultValue = "200",
            description = "Training images per class (default: ${DEFAULT-VALUE}).")
    private int perClass;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A Fashion-MNIST IDX folder instead of the built-in data.")
    private Path data;

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : Path.of("runs", "demo-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        var o = spec.commandLine().getOut();
        Demo.Result r = Demo.run(new Demo.Options(dir, model, epochs, perClass, data),
                ConsoleProgress.forStdout(o));
        o.println();
        o.println(String.format(Locale.ROOT, "Reached %.1f%% top-1 on %d validation classes "
                + "(chance: %.0f%%).", 100 * r.top1(), Math.round(1 / r.chance()),
                100 * r.chance()));
        o.println("A few test images:");
        TextTable t = new TextTable("image", "actual", "predicted", "probability>");
        for (Demo.Prediction p : r.predictions()) {
            t.row(p.image(), p.actual(), p.predicted() + (p.predicted().equals(p.actual())
                    ? "" : "  (wrong)"), String.format(Locale.ROOT, "%.2f", p.probability()));
        }
        o.print(t.render());
        Path run = r.run().runDir();
        o.println("Model directory: " + r.run().bestModel() + " (final: " + r.run().finalModel()
                + ")");
        o.println("Plots: " + run.resolve(Plots.LOSS) + ", " + run.resolve(Plots.ACCURACY) + ", "
                + run.resolve(Plots.LR) + ", " + run.resolve("confusion.png"));
        o.println("Try: bin/hsresnet eval --model " + r.run().bestModel() + " --kind fashion-mnist "
                + "--data " + r.data());
        o.flush();
        return 0;
    }
}
