package dev.hsresnet.cli;

import ai.djl.engine.Engine;
import dev.hsresnet.core.engine.ConvCheck;
import dev.hsresnet.core.engine.ConvPaths;
import dev.hsresnet.core.engine.EnginePathCache;
import dev.hsresnet.core.engine.EnginePathChoice;
import dev.hsresnet.core.engine.EnginePathKey;
import dev.hsresnet.core.engine.EnginePathVerdict;
import dev.hsresnet.core.engine.OpenMp;
import dev.hsresnet.core.engine.PreloadedLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hsresnet doctor}: the engine on this machine, the convolution path this process uses and
 * why ({@link ConvPathReport}), and whether its convolutions are right.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show the engine and machine settings and the convolution path (standard or "
                + "channels-last: forced by HSRESNET_CONV_PATH, from the self-test's cache file, or "
                + "measured now) with the self-test's findings per path, and check convolutions "
                + "(forward and gradients) against a plain-loop reference, through DJL's default "
                + "NCHW path and through hsresnet's. Exits 1 if hsresnet's path is wrong on this "
                + "machine.")
final class DoctorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Engine engine = Engine.getInstance();
        out.println("java " + System.getProperty("java.version") + ", " + engine.getEngineName()
                + " " + engine.getVersion() + ", DJL " + Engine.getDjlVersion());
        out.println("threads: " + System.getProperty("ai.djl.pytorch.num_threads", "default")
                + " intra-op, " + System.getProperty("ai.djl.pytorch.num_interop_threads",
                        "default") + " inter-op; " + Runtime.getRuntime().availableProcessors()
                + " cores (HSRESNET_THREADS sets intra-op)");
        out.println("OpenMP: " + OpenMp.loaded().map(r -> r.library() + ", "
                + OpenMp.waitSettings(r)
                + (r == OpenMp.Runtime.GNU && !"PASSIVE".equalsIgnoreCase(
                        System.getenv("OMP_WAIT_POLICY"))
                        ? " (threads spin while waiting: slow when other processes share the "
                                + "cores, see docs/engine.md)" : ""))
                .orElse("no OpenMP runtime loaded"));
        out.println("offline: " + System.getProperty("ai.djl.offline", "false")
                + ", GLIBC_TUNABLES " + (System.getenv("GLIBC_TUNABLES") == null ? "unset" : "set"));
        out.println("malloc: " + (PreloadedLibraries.tcmalloc() ? "tcmalloc"
                : "glibc (large activations page-fault on every step, see docs/engine.md)"));
        out.println("oneMKL code path: " + (PreloadedLibraries.mklIntelPath() ? "Intel (forced)"
                : "MKL's own choice (slower kernels on non-Intel CPUs, see docs/engine.md)"));
        out.println("CPU cache sizes visible to software: "
                + (Files.isDirectory(Path.of("/sys/devices/system/cpu/cpu0/cache")) ? "yes"
                        : "no (oneDNN's blocking heuristics then misbehave, see docs/engine.md)"));
        out.println();
        // may run the self-test in child JVMs (once per machine; up to a minute)
        EnginePathChoice choice = ConvPaths.choice();
        EnginePathCache cache = EnginePathCache.ofThisProcess();
        EnginePathVerdict forcedCache = choice.source() == EnginePathChoice.Source.FORCED
                ? cache.read(EnginePathKey.ofThisProcess()).orElse(null) : null;
        ConvPathReport.lines(choice, forcedCache, cache.dir()).forEach(out::println);
        out.println();
        List<ConvCheck.Result> results = ConvCheck.run();
        TextTable t = new TextTable("path", "conv", "forward>", "input grad>", "weight grad>", "");
        boolean ours = true;
        for (ConvCheck.Result r : results) {
            t.row(r.path() == ConvCheck.Path.HSRESNET ? "hsresnet (" + choice.path().id() + ")"
                    : r.path().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    r.in() + "->" + r.out() + " " + r.kernel() + "x" + r.kernel() + "/" + r.stride(),
                    error(r.forward()), error(r.inputGradient()), error(r.weightGradient()),
                    r.ok() ? "ok" : "WRONG");
            ours &= r.path() != ConvCheck.Path.HSRESNET || r.ok();
        }
        out.print(t.render());
        out.println();
        out.println(ours ? "hsresnet's convolutions are correct on this machine."
                : "hsresnet's convolutions are WRONG on this machine: please report this output.");
        out.flush();
        return ours ? 0 : ErrorHandler.FAILED;
    }

    private static String error(double e) {
        return Double.isFinite(e) ? String.format(Locale.ROOT, "%.1e", e) : "NaN/inf";
    }
}
