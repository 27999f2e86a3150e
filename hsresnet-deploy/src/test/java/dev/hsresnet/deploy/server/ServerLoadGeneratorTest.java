package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.bench.SyntheticImages;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load generator against a server on a fake network. */
class ServerLoadGeneratorTest {

    @Test
    void countsEveryRequestAndOrdersThePercentiles() throws Exception {
        ServerFixtures.FakeBackend backend = new ServerFixtures.FakeBackend(false);
        try (Classifier classifier = ServerFixtures.fakeClassifier(backend);
                Server server = new Server(classifier, ServerFixtures.options().build()).start()) {
            LoadGenerator.Result r = LoadGenerator.run(new LoadGenerator.Options(
                    server.uri().resolve("/v1/predict"), 40, 4, 4,
                    SyntheticImages.jpegs(3, 48, 1)));
            assertEquals(40, r.requests());
            assertEquals(40, r.ok(), r.summary());
            assertEquals(Map.of(200, 40), r.statuses());
            assertTrue(r.p50Ms() <= r.p90Ms() && r.p90Ms() <= r.p99Ms()
                    && r.p99Ms() <= r.maxMs(), r.summary());
            assertTrue(r.throughput() > 0, r.summary());
            assertEquals(44, backend.batchSizes.stream().mapToInt(Integer::intValue).sum());
        }
    }

    @Test
    void heldIdleAndStalledConnectionsStayOpenWhileTheLoadIsAnswered() throws Exception {
        ServerFixtures.FakeBackend backend = new ServerFixtures.FakeBackend(false);
        try (Classifier classifier = ServerFixtures.fakeClassifier(backend);
                Server server = new Server(classifier, ServerFixtures.options().workers(2)
                        .headerTimeout(java.time.Duration.ofMinutes(10)).build()).start();
                HeldConnections held = HeldConnections.open(server.uri(), 30, 20)) {
            LoadGenerator.Result r = LoadGenerator.run(new LoadGenerator.Options(
                    server.uri().resolve("/v1/predict"), 20, 4, 0,
                    SyntheticImages.jpegs(2, 32, 1)));
            assertEquals(20, r.ok(), r.summary());
            assertEquals(30, held.idleOpen());
            assertEquals(20, held.stalledOpen());
        }
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] ms = new long[100];
        for (int i = 0; i < 100; i++) {
            ms[i] = (i + 1) * 1_000_000L;
        }
        assertEquals(50, LoadGenerator.percentile(ms, 0.5));
        assertEquals(99, LoadGenerator.percentile(ms, 0.99));
        assertEquals("image/jpeg", LoadGenerator.mediaType(SyntheticImages.jpegs(1, 8, 2)
                .get(0)));
    }
}
