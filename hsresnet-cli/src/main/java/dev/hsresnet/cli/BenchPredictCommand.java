package dev.hsresnet.cli;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.bench.PredictSoak;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet bench-predict}: latency and memory over many single-image predictions. */
@Command(name = "bench-predict", mixinStandardHelpOptions = true,
        description = "Soak test of the prediction path (JPEG decode, preprocessing, forward, "
                + "top-5): runs a warm-up, then COUNT single-image predictions, and prints "
                + "latency percentiles, throughput and the growth of resident memory.",
        footer = {"", "Example:", "  hsresnet bench-predict --count 10000 --backend djl"})
final class BenchPredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory (default: a fresh hs_resnet29_cifar in a temporary "
                    + "directory).")
    private Path model;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10000",
            converter = OptionTypes.Positive.class,
            description = "Measured predictions (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "500",
            converter = OptionTypes.NonNegative.class,
            description = "Predictions before the first memory reading (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "djl",
            converter = OptionTypes.Backend.class,
            description = "djl or onnx (default: ${DEFAULT-VALUE}).")
    private BackendKind backend;

    @Override
    public Integer call() throws IOException {
        Path dir = model != null ? model : freshModel();
        PrintWriter out = spec.commandLine().getOut();
        try (Classifier c = Classifier.open(dir, backend)) {
            out.println("soak: " + c.config().name() + " on " + backend.id() + ", " + warmup
                    + " warm-up + " + count + " predictions");
            out.flush();
            PredictSoak.Result r = PredictSoak.run(c, warmup, count, line -> {
                out.println(line);
                out.flush();
            });
            out.println(String.format(Locale.ROOT,
                    "latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; %.1f predictions/s",
                    r.latencyQuantile(0.5), r.latencyQuantile(0.9), r.latencyQuantile(0.99),
                    r.throughput()));
            out.println(String.format(Locale.ROOT,
                    "resident memory: %.1f MiB after warm-up, %.1f MiB at the end (max %.1f MiB): "
                            + "growth %+.2f%%", r.rssAfterWarmup() / 1048576.0,
                    r.rssEnd() / 1048576.0, r.rssMax() / 1048576.0, r.growthPercent()));
            out.flush();
        }
        return 0;
    }

    private static Path freshModel() throws IOException {
        Path dir = Files.createTempDirectory("hsresnet-soak");
        dir.toFile().deleteOnExit();
        try (ResNetModel m = ResNetModel.create(ModelConfig.of("hs_resnet29_cifar", 10, 3), 0)) {
            ModelDir.save(m, dir);
        }
        for (String f : new String[] {ModelDir.CONFIG_FILE, ModelDir.WEIGHTS_FILE,
            ModelDir.SERVING_PROPERTIES}) {
            dir.resolve(f).toFile().deleteOnExit();
        }
        return dir;
    }
}
