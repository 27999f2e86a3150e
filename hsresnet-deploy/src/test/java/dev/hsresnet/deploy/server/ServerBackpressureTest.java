package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.WAIT_SECONDS;
import static dev.hsresnet.deploy.server.ServerFixtures.assertHealthy;
import static dev.hsresnet.deploy.server.ServerFixtures.client;
import static dev.hsresnet.deploy.server.ServerFixtures.json;
import static dev.hsresnet.deploy.server.ServerFixtures.png;
import static dev.hsresnet.deploy.server.ServerFixtures.post;
import static dev.hsresnet.deploy.server.ServerFixtures.sendAsync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Queueing, batching, deadlines and shutdown, made deterministic with a fake backend that holds
 * every call until the test opens it (no sleeps).
 */
class ServerBackpressureTest {

    private static final HttpClient CLIENT = client();

    private static CompletableFuture<HttpResponse<String>> predict(URI base, byte[] image) {
        return sendAsync(CLIENT, post(base, "/v1/predict?top_k=3", "image/png", image));
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "timed out waiting");
    }

    private static HttpResponse<String> result(CompletableFuture<HttpResponse<String>> f)
            throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aBatchThatDoesNotFitTheQueueRunsNoneOfItsImages() throws Exception {
        ServerFixtures.FakeBackend backend = new ServerFixtures.FakeBackend(false);
        ServerOptions options = ServerFixtures.options().queueCapacity(2).maxImagesPerRequest(3)
                .build();
        try (Classifier classifier = ServerFixtures.fakeClassifier(backend);
                Server server = new Server(classifier, options).start()) {
            String one = "{\"b64\":\"" + Base64.getEncoder().encodeToString(png(8, 8, 1))
                    + "\"}";
            byte[] three = ("{\"instances\":[" + String.join(",", one, one, one) + "]}")
                    .getBytes(StandardCharsets.US_ASCII);
            HttpResponse<String> refused = result(sendAsync(CLIENT, post(server.uri(),
                    "/v1/predict", "application/json", three)));
            assertEquals(503, refused.statusCode(), refused.body());
            // the queue is first in, first out: images the refused request had left queued
            // would have run by the time a later one is answered
            HttpResponse<String> alone = result(predict(server.uri(), png(8, 8, 2)));
            assertEquals(200, alone.statusCode(), alone.body());
            assertEquals(1, backend.batchSizes.stream().mapToInt(Integer::intValue).sum(),
                    "only the later image ran: " + backend.batchSizes);
        }
    }

    @Test
    void fullQueueAnswers503WithRetryAfter() throws Exception {
        ServerFixtures.FakeBackend backend = new ServerFixtures.FakeBackend(true);
        ServerOptions options = ServerFixtures.options().maxBatch(1).queueCapacity(1).build();
        try (Classifier classifier = ServerFixtures.fakeClassifier(backend);
                Server server = new Server(classifier, options).start()) {
            byte[] image = png(32, 32, 1);
            CompletableFuture<HttpResponse<String>> running = predict(server.uri(), image);
            await(backend.entered); // the inference thread holds one image, the queue is empty

            int extra = 9;
            CountDownLatch answered = new CountDownLatch(extra - 1);
            List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
            for (int i = 0; i < extra; i++) {
                // count down from a dependent stage of the answer itself, so a counted answer
                // is already done when the test looks at it
                CompletableFuture<HttpResponse<String>> f = predict(server.uri(), image);
                f.whenComplete((r, e) -> answered.countDown());
                more.add(f);
            }
            await(answered); // one of the nine fits in the queue; the other eight are refused
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : more) {
                if (!f.isDone()) {
                    waiting.add(f);
                    continue;
                }
                HttpResponse<String> r = f.get();
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
                assertTrue(json(r).get("error").asText().contains("queue full"), r.body());
            }
            assertEquals(1, waiting.size());
            assertEquals(1, server.queueDepth());

            backend.open();
            assertEquals(200, result(running).statusCode());
            assertEquals(200, result(waiting.get(0)).statusCode());
            assertEquals(List.of(1, 1), List.copyOf(backend.batchSizes));
            assertTrue(ServerFixtures.get(CLIENT, server.uri(), "/metrics").body()
                    .contains("hsresnet_http_errors_total{reason=\"overloaded\"} 8"));
            assertHealthy(CLIENT, server.uri());
        }
    }

    @Test
    void imagesArrivingTogetherShareOneCallToTheNetwork() throws Exception {
        ServerFixtures.FakeBackend backend = new ServerFixtures.FakeBackend(false);
        ServerOptions options = ServerFixtures.options().maxBatch(8)
                .batchWindow(Duration.ofSeconds(WAIT_SECONDS)).build();
        try (Classifier classifier = ServerFixtures.fakeClassifier(backend);
                Server server = new Server(classifier, options).start()) {
            List<byte[]> images = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                images.add(png(32, 32, 100 + i));
                answers.add(predict(server.uri(), images.get(i)));
            }
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> r = result(answers.get(i));
                assertEquals(200, r.statusCode(), r.body());
                List<Prediction> expected = classifier.classify(images.get(i), "image", 3);
                JsonNode top = json(r).get("predictions");
                for (int k = 0; k < 3; k++) {
                    assertEquals(expected.get(k).index(), top.get(k).get("index").asInt());
                    assertEquals(expected.get(k).probability(),
                            top.get(k).get("probability").asDouble(), 1e-9);
                }
            }
            // one call of 8 from the server, then the test's own 8 single-image calls
            assertEquals(8, backend.batchSizes.peek());
        }
    }

    @Test
    void inferencePastTheDeadlineAnswers504AndIsSkippedWhenNotStarted() throws Exception {
        ServerFixtures.FakeBackend backend = new ServerFixtures.FakeBackend(true);
        ServerOptions options = ServerFixtures.options().maxBatch(1)
                .requestTimeout(Duration.ofSeconds(1)).build();
        try (Classifier classifier = ServerFixtures.fakeClassifier(backend);
                Server server = new Server(classifier, options).start()) {
            CompletableFuture<HttpResponse<String>> first = predict(server.uri(), png(32, 32, 1));
            await(backend.entered);
            CompletableFuture<HttpResponse<String>> second = predict(server.uri(), png(32, 32, 2));
            for (HttpResponse<String> r : List.of(result(first), result(second))) {
                assertEquals(504, r.statusCode(), r.body());
                assertTrue(json(r).get("error").asText().contains("timeout"), r.body());
            }
            backend.open();
            assertHealthy(CLIENT, server.uri());
            server.close(); // waits for the inference thread
            assertEquals(List.of(1), List.copyOf(backend.batchSizes),
                    "the timed-out queued image never reached the network");
        }
    }

    @Test
    void closeFinishesRequestsInFlightThenStopsListening() throws Exception {
        ServerFixtures.FakeBackend backend = new ServerFixtures.FakeBackend(true);
        try (Classifier classifier = ServerFixtures.fakeClassifier(backend)) {
            Server server = new Server(classifier, ServerFixtures.options().build()).start();
            URI base = server.uri();
            CompletableFuture<HttpResponse<String>> inFlight = predict(base, png(32, 32, 3));
            await(backend.entered);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            assertFalse(closing.isDone(), "close returned while a request was in flight");
            backend.open();
            assertEquals(200, result(inFlight).statusCode());
            closing.get(WAIT_SECONDS, TimeUnit.SECONDS);
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> result(ServerFixtures.sendAsync(CLIENT,
                            HttpRequest.newBuilder(base.resolve("/health")).build())));
            assertTrue(refused.getCause() instanceof ConnectException
                    || refused.getCause() instanceof IOException, refused.toString());
        }
    }
}
