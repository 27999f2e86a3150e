package dev.hsresnet.core.engine;

import ai.djl.engine.Engine;
import dev.hsresnet.core.model.ModelDir;
import java.nio.charset.StandardCharsets;

/**
 * What a self-test result depends on, the key of its cache file ({@link EnginePathCache}): the
 * CPU (model name and a hash of its feature flags, from {@code /proc/cpuinfo}), the libtorch
 * version, libtorch's intra-op thread count (the wrong results differ with 1 and 2 threads) and
 * the self-test's own version ({@link EnginePathSelfTest#VERSION}).
 *
 * @param cpuModel {@code model name} of the first processor, or {@code "unknown"}
 * @param cpuFlags the first 16 hex digits of the SHA-256 of the sorted {@code flags}, or {@code
 *     "unknown"}
 * @param libtorch the engine's version, e.g. {@code 2.7.1}
 * @param threads intra-op threads
 * @param selfTestVersion the self-test's version
 */
public record EnginePathKey(
        String cpuModel, String cpuFlags, String libtorch, int threads, int selfTestVersion) {

    /** @return the key of this process (loads the engine to ask its version) */
    public static EnginePathKey ofThisProcess() {
        return of(CpuInfo.current(), Engine.getInstance().getVersion(), threadsOfThisProcess());
    }

    /**
     * @param cpuinfo the text of {@code /proc/cpuinfo} (empty when unreadable)
     * @param libtorch the engine version
     * @param threads intra-op threads
     * @return the key
     */
    static EnginePathKey of(String cpuinfo, String libtorch, int threads) {
        return of(CpuInfo.parse(cpuinfo), libtorch, threads);
    }

    private static EnginePathKey of(CpuInfo cpu, String libtorch, int threads) {
        String flagsHash = cpu.flags().isEmpty() ? CpuInfo.UNKNOWN
                : sha256(String.join(" ", cpu.flags())).substring(0, 16);
        return new EnginePathKey(cpu.model(), flagsHash, libtorch, threads,
                EnginePathSelfTest.VERSION);
    }

    /**
     * @return libtorch's intra-op threads as this process sets them ({@code
     *     ai.djl.pytorch.num_threads}, else one per core, as {@link EngineSettings} would)
     */
    static int threadsOfThisProcess() {
        return Integer.getInteger("ai.djl.pytorch.num_threads",
                Runtime.getRuntime().availableProcessors());
    }

    /** @return the cache file name for this key: {@code conv-path-<hash>.json} */
    public String fileName() {
        return "conv-path-" + sha256(toString()).substring(0, 16) + ".json";
    }

    private static String sha256(String text) {
        return ModelDir.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
