package dev.hsresnet.cli;

import dev.hsresnet.core.models.Models;
import dev.hsresnet.train.bench.OpProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hsresnet bench-profile}: per-operator time of a forward or training step. */
@Command(name = "bench-profile", mixinStandardHelpOptions = true,
        description = "Profile inference forwards (or training steps) of a registered model on "
                + "synthetic data with libtorch's profiler: time per libtorch operator, and how "
                + "much of the wall time is outside libtorch (Java, DJL, JNI).",
        footer = {"", "Example:", "  hsresnet bench-profile hs_resnet50 --batch 1 --top 15"})
final class ProfileCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "A registered model name.")
    private String model;

    @Option(names = "--batch", converter = OptionTypes.Positive.class,
            defaultValue = "1", description = "Images per step (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--size", converter = OptionTypes.Positive.class,
            description = "Input size in pixels (default: the model's).")
    private Integer size;

    @Option(names = "--train", description = "Profile training steps instead of inference forwards.")
    private boolean train;

    @Option(names = "--steps", converter = OptionTypes.Positive.class,
            defaultValue = "10", description = "Profiled steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--warmup", converter = OptionTypes.NonNegative.class,
            defaultValue = "3", description = "Unprofiled steps first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--top", converter = OptionTypes.Positive.class,
            defaultValue = "20", description = "Operators listed (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--trace", paramLabel = "FILE", defaultValue = "target/profile/trace.json",
            description = "Where libtorch writes its Chrome trace (default: ${DEFAULT-VALUE}).")
    private Path trace;

    @Override
    public Integer call() throws IOException {
        int s = size != null ? size : Models.get(model).inputSize();
        OpProfile.Result r = OpProfile.run(model, batch, s, train, warmup, steps, trace);
        var out = spec.commandLine().getOut();
        TextTable t = new TextTable("operator", "calls/step>", "ms/step>", "share>");
        r.ops().stream().limit(top).forEach(op -> t.row(op.name(),
                String.format(Locale.ROOT, "%.0f", op.calls()),
                String.format(Locale.ROOT, "%.2f", op.msPerStep()),
                String.format(Locale.ROOT, "%.1f%%", 100 * op.msPerStep() / r.opsMsPerStep())));
        out.println(String.format(Locale.ROOT, "%s, %s, batch %d, %dx%d: %.1f ms per step (wall, "
                + "profiler on), %.1f ms inside libtorch operators (%.0f%%), %d operator calls",
                model, train ? "training step" : "inference", batch, s, s, r.wallMsPerStep(),
                r.opsMsPerStep(), 100 * r.opsMsPerStep() / r.wallMsPerStep(),
                Math.round(r.ops().stream().mapToDouble(OpProfile.Op::calls).sum())));
        out.print(t.render());
        out.println("trace: " + r.trace());
        out.flush();
        return 0;
    }
}
