package dev.hsresnet.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EnginePathCache} and {@link EnginePathChoice#resolve} with hand-written verdicts and a
 * stand-in self-test that counts its runs: a miss runs it and writes the file, a hit does not, a
 * changed key misses, a corrupt or foreign file is re-measured and replaced, a forced path needs
 * neither.
 */
class EnginePathCacheTest {

    @TempDir
    Path dir;

    private final AtomicInteger runs = new AtomicInteger();

    private EnginePathChoice resolve(ConvPathSetting setting, EnginePathKey key) {
        return EnginePathChoice.resolve(setting, new EnginePathCache(dir), () -> key, k -> {
            runs.incrementAndGet();
            return Verdicts.standardWrong(k);
        });
    }

    private static final ConvPathSetting AUTO = new ConvPathSetting(null, null);

    @Test
    void aMissRunsTheSelfTestAndAHitReadsItsFile() throws IOException {
        EnginePathKey key = Verdicts.key("AMD EPYC", 2);
        EnginePathChoice first = resolve(AUTO, key);
        assertEquals(EnginePathChoice.Source.MEASURED, first.source());
        assertEquals(ConvPath.CHANNELS_LAST, first.path());
        assertEquals(1, runs.get());
        Path file = dir.resolve(key.fileName());
        assertEquals(file, first.cacheFile());
        assertTrue(Files.readString(file).contains("\"choice\" : \"channels-last\""));
        assertEquals(List.of(), Files.list(dir).filter(p -> p.getFileName().toString()
                .endsWith(".tmp")).toList(), "no temp file left");

        EnginePathChoice second = resolve(AUTO, key);
        assertEquals(EnginePathChoice.Source.CACHE, second.source());
        assertEquals(1, runs.get(), "a hit runs no self-test");
        assertEquals(first.verdict(), second.verdict());
        assertTrue(second.reason().startsWith("self-test result from " + file
                + " (measured 2026-12-02T13:00:00Z)"), second.reason());
    }

    @Test
    void anotherCpuThreadCountOrLibtorchMisses() {
        resolve(AUTO, Verdicts.key("AMD EPYC", 2));
        resolve(AUTO, Verdicts.key("AMD EPYC", 1));
        resolve(AUTO, Verdicts.key("Intel(R) Xeon(R) Platinum 8488C", 2));
        resolve(AUTO, new EnginePathKey("AMD EPYC", "0123456789abcdef", "2.8.0", 2,
                EnginePathSelfTest.VERSION));
        assertEquals(4, runs.get());
        resolve(AUTO, Verdicts.key("AMD EPYC", 1));
        assertEquals(4, runs.get());
    }

    @Test
    void aCorruptOrForeignFileIsMeasuredAgainAndReplaced() throws IOException {
        EnginePathKey key = Verdicts.key("AMD EPYC", 2);
        Path file = dir.resolve(key.fileName());
        for (String bad : List.of("{ not json", "", "{\"key\": null}", "[1, 2]",
                EnginePathCache.json(Verdicts.standardWrong(Verdicts.key("AMD EPYC", 3))),
                EnginePathCache.json(Verdicts.standardWrong(key)).replace("\"choice\" : "
                        + "\"channels-last\"", "\"choice\" : \"fastest\""))) {
            Files.writeString(file, bad);
            int before = runs.get();
            EnginePathChoice c = resolve(AUTO, key);
            assertEquals(before + 1, runs.get(), "re-measured after: " + bad);
            assertEquals(EnginePathChoice.Source.MEASURED, c.source());
            assertEquals(Verdicts.standardWrong(key), new EnginePathCache(dir).read(key)
                    .orElseThrow(), "replaced after: " + bad);
        }
    }

    @Test
    void aForcedPathNeedsNoKeyNoCacheNoSelfTest() {
        EnginePathChoice c = EnginePathChoice.resolve(
                new ConvPathSetting(ConvPath.STANDARD, "environment variable HSRESNET_CONV_PATH"),
                new EnginePathCache(dir), () -> {
                    throw new AssertionError("key asked");
                }, k -> {
                    throw new AssertionError("self-test run");
                });
        assertEquals(ConvPath.STANDARD, c.path());
        assertEquals(EnginePathChoice.Source.FORCED, c.source());
        assertEquals("forced by environment variable HSRESNET_CONV_PATH=standard", c.reason());
        assertNull(c.verdict());
    }

    @Test
    void aSelfTestThatCannotRunFallsBackToChannelsLastUncached() throws IOException {
        EnginePathChoice c = EnginePathChoice.resolve(AUTO, new EnginePathCache(dir),
                () -> Verdicts.key("AMD EPYC", 2), k -> {
                    throw new IOException("no java binary");
                });
        assertEquals(ConvPath.CHANNELS_LAST, c.path());
        assertEquals(EnginePathChoice.Source.FALLBACK, c.source());
        assertTrue(c.reason().contains("no java binary"), c.reason());
        assertFalse(Files.list(dir).findAny().isPresent(), "nothing cached");
    }

    @Test
    void aSelfTestCutShortIsUsedButNotCachedAndACachedOneIsIgnored() throws IOException {
        EnginePathKey key = Verdicts.key("AMD EPYC", 2);
        EnginePathChoice c = EnginePathChoice.resolve(AUTO, new EnginePathCache(dir), () -> key,
                Verdicts::cutShort);
        assertEquals(EnginePathChoice.Source.MEASURED, c.source());
        assertEquals(ConvPath.CHANNELS_LAST, c.path());
        assertNull(c.cacheFile());
        assertTrue(c.reason().contains("not cached: it was cut short (a child JVM ran out of "
                + "time)"), c.reason());
        assertFalse(Files.list(dir).findAny().isPresent(), "nothing cached");
        assertThrows(IllegalArgumentException.class,
                () -> new EnginePathCache(dir).write(Verdicts.cutShort(key)));
        // a file written by hand (or by an older build) that holds one is a miss
        Files.writeString(dir.resolve(key.fileName()),
                EnginePathCache.json(Verdicts.cutShort(key)));
        assertTrue(new EnginePathCache(dir).read(key).isEmpty());
    }

    @Test
    void anInterruptedSelfTestFallsBackUncached() throws IOException {
        EnginePathChoice c = EnginePathChoice.resolve(AUTO, new EnginePathCache(dir),
                () -> Verdicts.key("AMD EPYC", 2), k -> {
                    throw new InterruptedIOException("interrupted while waiting for java");
                });
        assertEquals(EnginePathChoice.Source.FALLBACK, c.source());
        assertEquals(ConvPath.CHANNELS_LAST, c.path());
        assertFalse(Files.list(dir).findAny().isPresent(), "nothing cached");
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsReportedNotFatal() throws IOException {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        EnginePathChoice c = EnginePathChoice.resolve(AUTO, new EnginePathCache(notADir),
                () -> Verdicts.key("AMD EPYC", 2), Verdicts::standardWrong);
        assertEquals(EnginePathChoice.Source.MEASURED, c.source());
        assertNull(c.cacheFile());
        assertTrue(c.reason().contains("not cached"), c.reason());
    }

    @Test
    void theDirectoryComesFromThePropertyThenTheVariableThenHome() {
        Map<String, String> props = Map.of("user.home", "/home/u");
        assertEquals(Path.of("/home/u/.cache/hsresnet"),
                EnginePathCache.directory(props::get, Map.<String, String>of()::get));
        assertEquals(Path.of("/env"), EnginePathCache.directory(props::get,
                Map.of("HSRESNET_CACHE_DIR", "/env")::get));
        assertEquals(Path.of("/prop"), EnginePathCache.directory(
                Map.of("user.home", "/home/u", "hsresnet.cache.dir", "/prop")::get,
                Map.of("HSRESNET_CACHE_DIR", "/env")::get));
    }

    @Test
    void theKeyReadsCpuinfoAndNamesTheFileByAllItsParts() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R45\n"
                + "flags\t\t: fpu avx512f sse\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 9R45\n";
        EnginePathKey k = EnginePathKey.of(cpuinfo, "2.7.1", 2);
        assertEquals("AMD EPYC 9R45", k.cpuModel());
        assertEquals(16, k.cpuFlags().length());
        assertEquals(k.cpuFlags(), EnginePathKey.of(cpuinfo.replace("fpu avx512f sse",
                "sse  fpu avx512f"), "2.7.1", 2).cpuFlags(), "flag order does not matter");
        assertNotEquals(k.cpuFlags(), EnginePathKey.of(cpuinfo.replace(" avx512f", ""), "2.7.1",
                2).cpuFlags());
        assertNotEquals(k.fileName(), EnginePathKey.of(cpuinfo, "2.7.1", 1).fileName());
        assertNotEquals(k.fileName(), EnginePathKey.of(cpuinfo, "2.8.0", 2).fileName());
        assertNotEquals(k.fileName(), new EnginePathKey(k.cpuModel(), k.cpuFlags(), k.libtorch(),
                k.threads(), k.selfTestVersion() + 1).fileName());
        assertEquals("unknown", EnginePathKey.of("", "2.7.1", 2).cpuModel());
    }
}
