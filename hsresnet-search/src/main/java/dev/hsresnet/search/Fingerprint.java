package dev.hsresnet.search;

import ai.onnxruntime.OrtEnvironment;
import dev.hsresnet.bench.Machine;
import dev.hsresnet.core.engine.CpuInfo;
import dev.hsresnet.core.model.ModelDir;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where and how a latency table was measured. A table is only valid for the machine, engine,
 * batch and thread count it was measured with; {@link #differences} names what differs.
 *
 * @param cpuModel the CPU's model name ({@code /proc/cpuinfo})
 * @param cpuFlags the first 16 hex digits of the SHA-256 of its feature flags
 * @param cores available processors
 * @param threads intra-op threads of the engine
 * @param arch {@code os.arch}
 * @param engine {@code djl} or {@code onnx}
 * @param engineVersion libtorch's or ONNX Runtime's version
 * @param batch images per call
 */
public record Fingerprint(String cpuModel, String cpuFlags, int cores, int threads, String arch,
        String engine, String engineVersion, int batch) {

    /** Validates the values. */
    public Fingerprint {
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(cpuFlags, "cpuFlags");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(engineVersion, "engineVersion");
        if (batch < 1 || threads < 1 || cores < 1) {
            throw new IllegalArgumentException("batch, threads and cores must be >= 1");
        }
    }

    /**
     * @param engine the engine (loaded to ask its version)
     * @param batch images per call
     * @return this process's fingerprint
     */
    public static Fingerprint current(Engine engine, int batch) {
        CpuInfo cpu = CpuInfo.current();
        String flags = cpu.flags().isEmpty() ? CpuInfo.UNKNOWN
                : ModelDir.sha256(String.join(" ", cpu.flags()).getBytes(StandardCharsets.UTF_8))
                        .substring(0, 16);
        String version = engine == Engine.DJL
                ? "libtorch " + ai.djl.engine.Engine.getInstance().getVersion()
                : "onnxruntime " + OrtEnvironment.getEnvironment().getVersion();
        return new Fingerprint(cpu.model(), flags, Runtime.getRuntime().availableProcessors(),
                Machine.threads(), System.getProperty("os.arch"), engine.id(), version, batch);
    }

    /**
     * @param other another fingerprint (a table's)
     * @return one line per field that differs, {@code "cpuModel: table 'X', here 'Y'"}; empty
     *     when they match
     */
    public List<String> differences(Fingerprint other) {
        List<String> d = new ArrayList<>();
        diff(d, "cpuModel", other.cpuModel, cpuModel);
        diff(d, "cpuFlags", other.cpuFlags, cpuFlags);
        diff(d, "cores", other.cores, cores);
        diff(d, "threads", other.threads, threads);
        diff(d, "arch", other.arch, arch);
        diff(d, "engine", other.engine, engine);
        diff(d, "engineVersion", other.engineVersion, engineVersion);
        diff(d, "batch", other.batch, batch);
        return d;
    }

    private static void diff(List<String> out, String field, Object table, Object here) {
        if (!table.equals(here)) {
            out.add(field + ": table '" + table + "', here '" + here + "'");
        }
    }
}
