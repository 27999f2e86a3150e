package dev.hsresnet.core.engine;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

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

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** @return the key of this process (loads the engine to ask its version) */
    public static EnginePathKey ofThisProcess() {
        String cpuinfo;
        try {
            cpuinfo = Files.readString(CPUINFO, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            cpuinfo = "";
        }
        return of(cpuinfo, Engine.getInstance().getVersion(), threadsOfThisProcess());
    }

    /**
     * @param cpuinfo the text of {@code /proc/cpuinfo} (empty when unreadable)
     * @param libtorch the engine version
     * @param threads intra-op threads
     * @return the key
     */
    static EnginePathKey of(String cpuinfo, String libtorch, int threads) {
        String model = field(cpuinfo, "model name");
        String flags = field(cpuinfo, "flags");
        String flagsHash = flags == null ? "unknown"
                : sha256(String.join(" ", new TreeSet<>(
                        List.of(flags.trim().split("\\s+"))))).substring(0, 16);
        return new EnginePathKey(model == null ? "unknown" : model, flagsHash, libtorch, threads,
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

    /** @return the value of the first {@code name : value} line, or null */
    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
