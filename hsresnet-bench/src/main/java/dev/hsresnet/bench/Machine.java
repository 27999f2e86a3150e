package dev.hsresnet.bench;

import dev.hsresnet.core.engine.CpuInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The facts about this machine and process that a benchmark figure depends on. */
public final class Machine {

    /** The malloc tunables the launcher sets (docs/engine.md). */
    public static final String TUNABLES_VARIABLE = "GLIBC_TUNABLES";

    private Machine() {}

    /** @return e.g. {@code "2 cores, AMD EPYC, Linux 6.1.102, Java 17.0.15"} */
    public static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + cpuModel().orElse(System.getProperty("os.arch")) + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + ", Java " + System.getProperty("java.version");
    }

    /**
     * @return libtorch's intra-op threads ({@code ai.djl.pytorch.num_threads}, which
     *     {@code EngineSettings} and the launcher set), else the available processors; every
     *     engine of a run uses this many
     */
    public static int threads() {
        String s = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            int t = s == null ? 0 : Integer.parseInt(s.trim());
            return t > 0 ? t : Runtime.getRuntime().availableProcessors();
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** @return this process's {@value #TUNABLES_VARIABLE}, which the PyTorch child inherits */
    public static Optional<String> mallocTunables() {
        return Optional.ofNullable(System.getenv(TUNABLES_VARIABLE)).filter(s -> !s.isBlank());
    }

    /**
     * @return the 1, 5 and 15 minute load averages from {@code /proc/loadavg} (e.g. {@code "2.10
     *     1.95 1.40"}), where there are some: above the core count, other processes competed
     */
    public static Optional<String> loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
                    .strip().split("\\s+");
            return f.length >= 3 ? Optional.of(f[0] + " " + f[1] + " " + f[2]) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** @return the CPU's model name from {@code /proc/cpuinfo}, where there is one */
    static Optional<String> cpuModel() {
        return CpuInfo.current().knownModel();
    }
}
