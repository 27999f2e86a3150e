package dev.hsresnet.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hsresnet.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-test's results on disk, one JSON file per {@link EnginePathKey} ({@link
 * EnginePathKey#fileName}) in the cache directory ({@link CacheDir}: {@code bin/hsresnet} and the
 * Maven tests use the checkout's {@code .cache/hsresnet}). A file that cannot be read, is not
 * valid, or holds another key or self-test version is a miss (with one warning per process), never
 * an error.
 */
public final class EnginePathCache {

    /** System property naming the cache directory ({@link CacheDir#PROPERTY}). */
    public static final String PROPERTY = CacheDir.PROPERTY;
    /** Environment variable naming the cache directory ({@link CacheDir#VARIABLE}). */
    public static final String ENV = CacheDir.VARIABLE;

    private static final Logger LOG = LoggerFactory.getLogger(EnginePathCache.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    /** @param dir the cache directory (created on the first write) */
    public EnginePathCache(Path dir) {
        this.dir = dir;
    }

    /** @return the cache of this process's cache directory */
    public static EnginePathCache ofThisProcess() {
        return new EnginePathCache(directory(System::getProperty, System::getenv));
    }

    /**
     * @param properties looks up a system property
     * @param env looks up an environment variable
     * @return the cache directory they name, else {@code ${user.home}/.cache/hsresnet}
     */
    static Path directory(UnaryOperator<String> properties, UnaryOperator<String> env) {
        return CacheDir.root(properties, env);
    }

    /** @return the directory */
    public Path dir() {
        return dir;
    }

    /** @return the file a verdict for {@code key} is kept in */
    public Path file(EnginePathKey key) {
        return dir.resolve(key.fileName());
    }

    /**
     * @param key this machine's key
     * @return the cached verdict for {@code key}; empty when there is none, or when the file is
     *     unreadable, not a verdict, or for another key (warned about once per process)
     */
    public Optional<EnginePathVerdict> read(EnginePathKey key) {
        Path f = file(key);
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return ignored(f, "cannot be read (" + e + ")");
        }
        EnginePathVerdict v;
        try {
            v = JSON.readValue(text, EnginePathVerdict.class);
        } catch (JsonProcessingException e) {
            return ignored(f, "is not a self-test verdict (" + e.getOriginalMessage() + ")");
        } catch (RuntimeException e) {
            return ignored(f, "is not a self-test verdict (" + e + ")");
        }
        String problem = invalid(v, key);
        return problem == null ? Optional.of(v) : ignored(f, problem);
    }

    /** @return what makes {@code v} unusable for {@code key}, or null */
    private static String invalid(EnginePathVerdict v, EnginePathKey key) {
        if (v == null || v.key() == null) {
            return "has no key";
        }
        if (!key.equals(v.key())) {
            return "is for another machine or version (" + v.key() + ", this is " + key + ")";
        }
        if (v.choice() == null || v.paths() == null || v.paths().size() != ConvPath.values().length
                || v.paths().stream().anyMatch(p -> p == null || p.path() == null
                        || p.cases() == null)) {
            return "has no choice or not both paths' results";
        }
        if (v.cutShort() != null) {
            return "holds a self-test that was cut short (" + v.cutShort() + ")";
        }
        return null;
    }

    private static Optional<EnginePathVerdict> ignored(Path f, String why) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("ignoring the convolution-path cache file {}: it {}; running the self-test "
                    + "again", f, why);
        }
        return Optional.empty();
    }

    /**
     * Writes {@code v} to its key's file, atomically (temp file, then rename).
     *
     * @return the file
     * @throws IOException when the directory or the file cannot be written
     * @throws IllegalArgumentException when {@code v} was cut short: it is no result to keep
     */
    public Path write(EnginePathVerdict v) throws IOException {
        if (v.cutShort() != null) {
            throw new IllegalArgumentException("a self-test that was cut short is not cached: "
                    + v.cutShort());
        }
        Files.createDirectories(dir);
        Path f = file(v.key());
        AtomicFiles.write(f, JSON.writeValueAsBytes(v));
        return f;
    }

    /** @return {@code v} as the JSON the cache holds */
    public static String json(EnginePathVerdict v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a verdict as JSON", e);
        }
    }
}
