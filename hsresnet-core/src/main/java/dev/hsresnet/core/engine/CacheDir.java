package dev.hsresnet.core.engine;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

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

    /** @return this process's cache directory (not created here) */
    public static Path root() {
        return root(System::getProperty, System::getenv);
    }

    /**
     * @param properties looks up a system property
     * @param env looks up an environment variable
     * @return the directory they name, else {@code ${user.home}/.cache/hsresnet}
     */
    static Path root(UnaryOperator<String> properties, UnaryOperator<String> env) {
        String p = properties.apply(PROPERTY);
        if (p == null || p.isBlank()) {
            p = env.apply(VARIABLE);
        }
        if (p == null || p.isBlank()) {
            return Path.of(properties.apply("user.home"), ".cache", "hsresnet");
        }
        return Path.of(p);
    }
}
