package dev.hsresnet.core.engine;

import java.nio.file.Path;

/**
 * Where measured, per-machine choices are cached: the system property {@value #PROPERTY}, else
 * the environment variable {@value #VARIABLE}, else {@code ~/.cache/hsresnet}. {@code
 * bin/hsresnet} and the Maven build point it at the checkout's {@code .cache/hsresnet}.
 */
public final class CacheDir {

    /** System property naming the cache directory. */
    public static final String PROPERTY = "hsresnet.cache.dir";

    /** Environment variable naming the cache directory. */
    public static final String VARIABLE = "HSRESNET_CACHE_DIR";

    private CacheDir() {}

    /** @return the cache directory (not created here) */
    public static Path root() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(VARIABLE);
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "hsresnet");
        }
        return Path.of(p);
    }
}
