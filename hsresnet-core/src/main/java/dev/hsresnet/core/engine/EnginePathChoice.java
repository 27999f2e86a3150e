package dev.hsresnet.core.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's convolution path and why ({@link ConvPaths#choice}).
 *
 * @param path the path in use
 * @param source how it was chosen
 * @param reason a sentence for {@code hsresnet doctor}
 * @param verdict the self-test result it rests on; null when forced or when the self-test could
 *     not run
 * @param cacheFile the cache file the verdict was read from or written to; null when none
 */
public record EnginePathChoice(
        ConvPath path, Source source, String reason, EnginePathVerdict verdict, Path cacheFile) {

    private static final Logger LOG = LoggerFactory.getLogger(EnginePathChoice.class);

    /** How a choice was made. */
    public enum Source {
        /** By {@link ConvPathSetting}. */
        FORCED,
        /** From a cached self-test result. */
        CACHE,
        /** By a self-test run in this process's lifetime. */
        MEASURED,
        /** The self-test could not run: channels-last, to be safe. */
        FALLBACK
    }

    /** Runs the self-test for a key (the real one, or a stand-in in tests). */
    interface SelfTest {
        EnginePathVerdict run(EnginePathKey key) throws IOException;
    }

    /** @return this process's choice: forced, cached, or measured now and cached */
    static EnginePathChoice resolve() {
        return resolve(ConvPathSetting.current(), EnginePathCache.ofThisProcess(),
                EnginePathKey::ofThisProcess, EnginePathSelfTest::run);
    }

    /**
     * @param setting what the user asked for
     * @param cache where results are kept
     * @param key this machine's key (asked only when the setting is {@code auto})
     * @param selfTest runs the self-test on a cache miss
     * @return the choice
     */
    static EnginePathChoice resolve(ConvPathSetting setting, EnginePathCache cache,
            Supplier<EnginePathKey> key, SelfTest selfTest) {
        if (setting.forced() != null) {
            return new EnginePathChoice(setting.forced(), Source.FORCED, "forced by "
                    + setting.source() + "=" + setting.forced().id(), null, null);
        }
        EnginePathKey k = key.get();
        Path file = cache.file(k);
        Optional<EnginePathVerdict> cached = cache.read(k);
        if (cached.isPresent()) {
            EnginePathVerdict v = cached.get();
            return new EnginePathChoice(v.choice(), Source.CACHE, "self-test result from " + file
                    + " (measured " + v.measuredAt() + "): " + v.why(), v, file);
        }
        LOG.info("checking which convolution path is correct on this CPU, in a child JVM (once "
                + "per CPU model, libtorch version and thread count; cached in {})", cache.dir());
        EnginePathVerdict v;
        try {
            v = selfTest.run(k);
        } catch (IOException | RuntimeException e) {
            LOG.warn("the convolution self-test could not run ({}); using the channels-last path",
                    e.toString());
            return new EnginePathChoice(ConvPath.CHANNELS_LAST, Source.FALLBACK,
                    "the self-test could not run (" + e + "); channels-last, the path the "
                    + "project's tests hold to the reference", null, null);
        }
        String stored;
        Path written = null;
        if (v.cutShort() != null) {
            LOG.warn("the convolution self-test was cut short ({}); its result is used by this "
                    + "process only, not cached", v.cutShort());
            stored = "not cached: it was cut short (" + v.cutShort() + ")";
        } else {
            try {
                written = cache.write(v);
                stored = "cached in " + written;
            } catch (IOException e) {
                LOG.warn("cannot cache the convolution self-test's result in {}: {}", file,
                        e.toString());
                stored = "not cached (" + e + ")";
            }
        }
        return new EnginePathChoice(v.choice(), Source.MEASURED, String.format(Locale.ROOT,
                "self-test run now (%.1f s), %s: %s", v.seconds(), stored, v.why()), v, written);
    }
}
