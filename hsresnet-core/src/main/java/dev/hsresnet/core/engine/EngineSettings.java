package dev.hsresnet.core.engine;

/**
 * The DJL settings this project runs with (ENGINE.md): offline, no tracking, PyTorch engine,
 * intra-op threads = cores, one inter-op thread. The launcher, CI and Surefire set them too; this
 * fills in whatever the process was started without, and must run before the engine loads.
 * Environment variables read by native code when it loads ({@code OMP_WAIT_POLICY} for libtorch's
 * OpenMP threads, {@code LD_PRELOAD}) cannot be set from inside the JVM: the launcher and the
 * Maven test configuration set them, and {@link OpenMp} and {@link PreloadedLibraries} report
 * what is in force.
 */
public final class EngineSettings {

    private EngineSettings() {}

    /** Sets each setting as a system property unless it is already set. */
    public static void applyDefaults() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        setIfAbsent("ai.djl.pytorch.num_threads",
                String.valueOf(Runtime.getRuntime().availableProcessors()));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
