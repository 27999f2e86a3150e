package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {
    @TempDir
    Path dir;

    static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    static final Instant END = Instant.parse("2025-03-01T10:12:30.5Z");

    @Test
    void ofComputesBestFinalAndThroughput() {
        MetricsLog log = new MetricsLog();
        log.add(new EpochMetrics(1, 100, 2, 0.3, 2, 0.40, 0.80, 0.1, 1000, 10, Double.NaN));
        log.add(new EpochMetrics(2, 200, 1, 0.5, 1, 0.60, 0.90, 0.05, 2000, 30, Double.NaN));
        log.add(new EpochMetrics(3, 300, 1, 0.6, 1, 0.55, 0.95, 0.0, Double.NaN, 5, Double.NaN));
        RunSummary s = RunSummary.of("hs_resnet50", "cifar10", 10, log, 7, 750.5, START, END);
        assertEquals(3, s.epochsDone());
        assertEquals(10, s.epochsPlanned());
        assertEquals(2, s.bestEpoch());
        assertEquals(0.60, s.bestValTop1());
        assertEquals(0.90, s.bestValTop5());
        assertEquals(log.epochs().get(2), s.finalMetrics());
        assertEquals(750.5, s.totalSeconds(), 1e-9);
        assertEquals((1000 * 10 + 2000 * 30) / 40.0, s.imagesPerSecond(), 1e-9);
        assertEquals(7, s.skippedImages());
        assertTrue(s.hardware().contains(" cores, " + System.getProperty("os.arch")), s.hardware());
        assertTrue(s.javaVersion().startsWith(System.getProperty("java.version")), s.javaVersion());
    }

    @Test
    void jsonRoundTripAndLayout() throws IOException {
        MetricsLog log = new MetricsLog();
        log.add(new EpochMetrics(1, 100, 2, Double.NaN, 2, 0.40, 0.80, 0.1, 1000, 10, 0.41));
        RunSummary s = RunSummary.of("hs_resnet50", "data/flowers", 3, log, 0, 750.5, START, END);
        Path f = dir.resolve("summary.json");
        s.write(f);
        assertEquals(s, RunSummary.read(f));

        String text = Files.readString(f);
        JsonNode n = new ObjectMapper().readTree(text); // plain JSON: no NaN literals
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        assertEquals(List.of("modelName", "dataset", "epochsDone", "epochsPlanned", "bestEpoch", "bestValTop1",
                "bestValTop5", "finalMetrics", "totalSeconds", "imagesPerSecond", "skippedImages", "startedAt",
                "finishedAt", "hardware", "javaVersion"), keys);
        assertEquals("2025-03-01T10:00:00Z", n.get("startedAt").asText());
        assertEquals("2025-03-01T10:12:30.500Z", n.get("finishedAt").asText());
        assertTrue(n.get("finalMetrics").get("trainTop1").isNull());
        assertEquals(0.41, n.get("finalMetrics").get("emaValTop1").asDouble());
    }

    @Test
    void emptyRunRoundTrips() throws IOException {
        RunSummary s = RunSummary.of("m", "d", 5, new MetricsLog(), 0, 0, START, START);
        assertEquals(0, s.bestEpoch());
        assertTrue(Double.isNaN(s.bestValTop1()));
        assertTrue(Double.isNaN(s.imagesPerSecond()));
        assertNull(s.finalMetrics());
        Path f = dir.resolve("s.json");
        s.write(f);
        RunSummary back = RunSummary.read(f);
        assertEquals(s, back);
        assertTrue(Files.readString(f).contains("\"bestValTop1\": null"), Files.readString(f));
    }

    @Test
    void malformedSummaryNamesFile() throws IOException {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{\"modelName\": \"m\",\n \"startedAt\": \"yesterday\"}");
        IOException e = assertThrows(IOException.class, () -> RunSummary.read(f));
        assertTrue(e.getMessage().startsWith(f + ":2:"), e.getMessage());
        Files.writeString(f, "{\"modelName\": ");
        IOException e2 = assertThrows(IOException.class, () -> RunSummary.read(f));
        assertTrue(e2.getMessage().startsWith(f.toString()), e2.getMessage());
    }
}
