package dev.hsresnet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.CacheDir;
import dev.hsresnet.core.engine.ConvPaths;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.spec.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auto backend: measured, cached per machine and model, forced by a setting. */
class BackendChoiceTest {

    @TempDir
    Path tmp;

    private Path model;
    private String cacheBefore;
    private final List<String> log = new ArrayList<>();

    /**
     * Settles the process's convolution path before the cache directory points at a temporary
     * one: otherwise the first convolution would run the path self-test into it.
     */
    @BeforeAll
    static void choosePathFirst() {
        ConvPaths.choice();
    }

    @BeforeEach
    void setUp() throws IOException {
        cacheBefore = System.getProperty(CacheDir.PROPERTY);
        System.setProperty(CacheDir.PROPERTY, tmp.resolve("cache").toString());
        model = TestModels.cifarModel(tmp.resolve("model"), 3);
    }

    @AfterEach
    void tearDown() {
        if (cacheBefore == null) {
            System.clearProperty(CacheDir.PROPERTY);
        } else {
            System.setProperty(CacheDir.PROPERTY, cacheBefore);
        }
        System.clearProperty(BackendChoice.PROPERTY);
    }

    @Test
    void measuresBothOnceThenFollowsTheCache() throws IOException {
        ModelConfig config = ModelDir.readConfig(model);
        String key = BackendChoice.key(config, 2);
        Path cacheFile = BackendChoice.cacheFile(key);
        assertTrue(cacheFile.startsWith(tmp.resolve("cache")), cacheFile.toString());

        BackendKind first;
        try (Backend b = BackendChoice.open(model, 2, log::add)) {
            first = b.kind();
        }
        BackendChoice.Measured m = BackendChoice.readCache(cacheFile, key);
        assertNotNull(m, "the measurement is cached in " + cacheFile);
        assertTrue(m.djlMs() > 0 && m.onnxMs() > 0, m.toString());
        BackendKind faster = m.onnxMs() <= m.djlMs() ? BackendKind.ONNX : BackendKind.DJL;
        assertEquals(faster, first, "the faster one is kept: " + m);
        assertEquals(faster.id(), m.chosen());
        assertTrue(log.get(0).contains("measured now"), log.toString());

        // the cache decides from now on: a flipped choice in the file is obeyed, nothing is timed
        BackendKind other = first == BackendKind.ONNX ? BackendKind.DJL : BackendKind.ONNX;
        Files.writeString(cacheFile, SpecJson.write(new BackendChoice.Measured(key, other.id(),
                m.djlMs(), m.onnxMs(), 2, m.measuredAt())));
        log.clear();
        try (Backend b = BackendChoice.open(model, 2, log::add)) {
            assertEquals(other, b.kind());
        }
        assertTrue(log.get(0).contains("measured on this machine"), log.toString());
    }

    @Test
    void aCorruptOrForeignCacheFileIsMeasuredAgain() throws IOException {
        ModelConfig config = ModelDir.readConfig(model);
        String key = BackendChoice.key(config, 3);
        Path cacheFile = BackendChoice.cacheFile(key);
        Files.createDirectories(cacheFile.getParent());
        Files.writeString(cacheFile, "{\"key\": \"not json");
        assertNull(BackendChoice.readCache(cacheFile, key));
        Files.writeString(cacheFile, SpecJson.write(new BackendChoice.Measured("another machine",
                "djl", 1, 2, 1, "2026-01-01T00:00:00Z")));
        assertNull(BackendChoice.readCache(cacheFile, key), "a key mismatch is not used");

        try (Backend b = BackendChoice.open(model, 3, log::add)) {
            assertNotNull(b);
        }
        assertTrue(log.get(0).contains("measured now"), log.toString());
        assertNotNull(BackendChoice.readCache(cacheFile, key), "rewritten");
    }

    @Test
    void theKeyChangesWithTheBatchAndTheArchitecture() throws IOException {
        ModelConfig config = ModelDir.readConfig(model);
        assertNotEquals(BackendChoice.key(config, 1), BackendChoice.key(config, 8));
        ModelConfig plain = ModelConfig.of("resnet29_cifar", 10, 3);
        assertNotEquals(BackendChoice.key(config, 8), BackendChoice.key(plain, 8));
        assertTrue(BackendChoice.key(config, 8).contains("cpu "));
    }

    @Test
    void aSettingForcesEitherAndABadOneIsNamed() throws IOException {
        System.setProperty(BackendChoice.PROPERTY, "djl");
        try (Backend b = BackendChoice.open(model, 4, log::add)) {
            assertEquals(BackendKind.DJL, b.kind());
        }
        assertTrue(log.get(0).contains("forced by system property hsresnet.backend"),
                log.toString());
        System.setProperty(BackendChoice.PROPERTY, "Onnx ");
        try (Backend b = BackendChoice.open(model, 4, log::add)) {
            assertEquals(BackendKind.ONNX, b.kind());
        }
        assertTrue(Files.notExists(tmp.resolve("cache")), "forcing measures nothing");
        System.setProperty(BackendChoice.PROPERTY, "gpu");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackendChoice.open(model, 4, log::add));
        assertTrue(e.getMessage().contains("hsresnet.backend") && e.getMessage().contains("gpu"),
                e.getMessage());
    }
}
