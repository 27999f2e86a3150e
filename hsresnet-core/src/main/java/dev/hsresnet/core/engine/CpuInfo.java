package dev.hsresnet.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU this process runs on, from {@code /proc/cpuinfo} (Linux): what a measured engine choice
 * depends on, so cached choices are keyed by it.
 *
 * @param model the first {@code model name}, e.g. {@code "AMD EPYC"}; {@value #UNKNOWN} where the
 *     file has none
 * @param flags the first {@code flags} line's instruction-set flags ({@code avx512f}, {@code
 *     avx512_vnni}, {@code amx_tile}, ...), empty where the file has none
 */
public record CpuInfo(String model, Set<String> flags) {

    /** The model name of a CPU whose {@code /proc/cpuinfo} names none. */
    public static final String UNKNOWN = "unknown";

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static volatile CpuInfo current;

    /** Copies {@code flags}, unmodifiable and sorted. */
    public CpuInfo {
        flags = Collections.unmodifiableSet(new TreeSet<>(flags));
    }

    /** @return this machine's CPU, read once per process */
    public static CpuInfo current() {
        CpuInfo c = current;
        if (c == null) {
            c = read(CPUINFO);
            current = c;
        }
        return c;
    }

    /**
     * Reads a {@code /proc/cpuinfo}-style file; an unreadable one gives {@value #UNKNOWN} and no
     * flags.
     *
     * @param file the file
     * @return its first processor's model name and flags
     */
    public static CpuInfo read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException | SecurityException e) {
            return parse("");
        }
    }

    /**
     * @param text the text of a {@code /proc/cpuinfo}-style file
     * @return its first processor's model name and flags
     */
    public static CpuInfo parse(String text) {
        String model = field(text, "model name").orElse(UNKNOWN);
        Set<String> flags = field(text, "flags")
                .map(f -> Set.copyOf(Arrays.asList(f.split("\\s+"))))
                .orElse(Set.of());
        return new CpuInfo(model, flags);
    }

    /** @return the model name, unless the file named none */
    public Optional<String> knownModel() {
        return UNKNOWN.equals(model) ? Optional.empty() : Optional.of(model);
    }

    /** @return whether the CPU has the instruction-set flag (e.g. {@code avx512_vnni}) */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** @return the model name and the flags, one string, for cache keys */
    public String fingerprint() {
        return model + " [" + String.join(" ", flags) + "]";
    }

    private static Optional<String> field(String text, String name) {
        return text.lines()
                .filter(l -> l.startsWith(name))
                .filter(l -> l.indexOf(':') > 0
                        && l.substring(0, l.indexOf(':')).strip().equals(name))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .filter(s -> !s.isEmpty())
                .findFirst();
    }
}
