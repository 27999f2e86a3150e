package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.assertHealthy;
import static dev.hsresnet.deploy.server.ServerFixtures.client;
import static dev.hsresnet.deploy.server.ServerFixtures.get;
import static dev.hsresnet.deploy.server.ServerFixtures.jpeg;
import static dev.hsresnet.deploy.server.ServerFixtures.json;
import static dev.hsresnet.deploy.server.ServerFixtures.png;
import static dev.hsresnet.deploy.server.ServerFixtures.post;
import static dev.hsresnet.deploy.server.ServerFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real (freshly initialized) HS-ResNet-29, checked against the classifier. */
class ServerPredictTest {

    @TempDir
    static Path tmp;

    private static Classifier classifier;
    private static Server server;
    private static URI base;
    private static final HttpClient CLIENT = client();

    @BeforeAll
    static void start() throws IOException {
        classifier = Classifier.open(ServerFixtures.modelDir(tmp), BackendKind.DJL);
        server = new Server(classifier, ServerFixtures.options().build()).start();
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (classifier != null) {
            classifier.close();
        }
    }

    /** Asserts that an answer lists the same classes as {@code expected}, in order. */
    private static void assertSame(List<Prediction> expected, JsonNode answer, double tolerance) {
        JsonNode top = answer.get("predictions");
        assertEquals(expected.size(), top.size(), answer.toString());
        for (int i = 0; i < expected.size(); i++) {
            Prediction p = expected.get(i);
            assertEquals(p.index(), top.get(i).get("index").asInt(), answer.toString());
            assertEquals(p.label(), top.get(i).get("label").asText());
            assertEquals(p.probability(), top.get(i).get("probability").asDouble(), tolerance);
        }
    }

    @Test
    void pngAnswerMatchesTheClassifier() throws IOException {
        byte[] image = png(40, 30, 1);
        HttpResponse<String> r = send(CLIENT, post(base, "/v1/predict?top_k=3", "image/png",
                image));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(
                "application/json"));
        JsonNode answer = json(r);
        assertEquals("hs_resnet29_cifar", answer.get("model").asText());
        assertEquals("djl", answer.get("backend").asText());
        assertTrue(answer.get("timeMs").asDouble() > 0, r.body());
        assertSame(classifier.classify(image, "test image", 3), answer, 1e-6);
    }

    @Test
    void jpegWithTheDefaultTopKMatchesTheClassifier() throws IOException {
        byte[] image = jpeg(64, 48, 2);
        HttpResponse<String> r = send(CLIENT, post(base, "/v1/predict",
                "application/octet-stream", image));
        assertEquals(200, r.statusCode(), r.body());
        assertSame(classifier.classify(image, "test image", 5), json(r), 1e-6);
    }

    @Test
    void multipartUploadIsClassified() throws IOException {
        byte[] image = png(32, 32, 3);
        String boundary = "----hsresnet-test-7d1f";
        HttpResponse<String> r = send(CLIENT, post(base, "/v1/predict?top_k=10",
                "multipart/form-data; boundary=" + boundary,
                ServerFixtures.multipart(boundary, "cat.png", "image/png", image)));
        assertEquals(200, r.statusCode(), r.body());
        assertSame(classifier.classify(image, "test image", 10), json(r), 1e-6);
    }

    @Test
    void batchedAnswersMatchSingleImageAnswers() throws IOException {
        ServerOptions batching = ServerFixtures.options().maxBatch(4)
                .batchWindow(Duration.ofSeconds(60)).build();
        try (Server s = new Server(classifier, batching).start()) {
            List<byte[]> images = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                images.add(png(32, 32, 10 + i));
                answers.add(ServerFixtures.sendAsync(CLIENT,
                        post(s.uri(), "/v1/predict?top_k=3", "image/png", images.get(i))));
            }
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = answers.get(i).join();
                assertEquals(200, r.statusCode(), r.body());
                assertSame(classifier.classify(images.get(i), "test image", 3), json(r), 1e-4);
            }
            assertTrue(get(CLIENT, s.uri(), "/metrics").body()
                    .contains("hsresnet_batch_size_bucket{le=\"4\"} 1"));
        }
    }

    @Test
    void healthAndModelDescribeTheServer() {
        assertHealthy(CLIENT, base);
        HttpResponse<String> r = get(CLIENT, base, "/v1/model");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode model = json(r);
        assertEquals("hs_resnet29_cifar", model.get("name").asText());
        assertEquals("djl", model.get("backend").asText());
        assertEquals(10, model.get("classes").asInt());
        assertEquals("cat", model.get("labels").get(3).asText());
        assertEquals(32, model.get("inputSize").asInt());
        assertEquals(3, model.get("channels").asInt());
        assertEquals(3, model.get("preprocessing").get("mean").size());
        assertEquals("bilinear", model.get("preprocessing").get("interpolation").asText());
        assertEquals(Complexity.of(classifier.config().architecture(), 32).params(),
                model.get("params").asLong());
        assertEquals(server.options().maxBodyBytes(),
                model.get("limits").get("maxBodyBytes").asLong());
    }

    @Test
    void metricsCountRequestsLatencyAndBatches() {
        String before = get(CLIENT, base, "/metrics").body();
        HttpResponse<String> r = send(CLIENT, post(base, "/v1/predict", "image/png",
                png(32, 32, 4)));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(400, send(CLIENT, post(base, "/v1/predict", "image/png",
                new byte[] {1, 2, 3})).statusCode());
        HttpResponse<String> m = get(CLIENT, base, "/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String after = m.body();

        String ok = "hsresnet_http_requests_total{endpoint=\"/v1/predict\",code=\"200\"}";
        String bad = "hsresnet_http_requests_total{endpoint=\"/v1/predict\",code=\"400\"}";
        assertEquals(value(before, ok) + 1, value(after, ok), after);
        assertEquals(value(before, bad) + 1, value(after, bad), after);
        String count = "hsresnet_http_request_duration_seconds_count{endpoint=\"/v1/predict\"}";
        assertEquals(value(before, count) + 2, value(after, count), after);
        assertTrue(after.contains("hsresnet_http_request_duration_seconds_bucket{endpoint="
                + "\"/v1/predict\",le=\"+Inf\"}"), after);
        assertTrue(after.contains("# TYPE hsresnet_http_request_duration_seconds histogram"));
        assertTrue(value(after, "hsresnet_http_errors_total{reason=\"bad_request\"}") >= 1);
        assertEquals(value(before, "hsresnet_batch_size_count") + 1,
                value(after, "hsresnet_batch_size_count"), after);
        assertEquals(0, value(after, "hsresnet_queue_depth"));
        assertEquals(server.options().queueCapacity(), value(after, "hsresnet_queue_capacity"));
    }

    @Test
    void unknownPathsAndWrongMethodsAreJsonErrors() {
        HttpResponse<String> r = get(CLIENT, base, "/v1/nothing");
        assertEquals(404, r.statusCode());
        assertTrue(json(r).get("error").asText().contains("/v1/nothing"), r.body());
        assertEquals(404, get(CLIENT, base, "/healthz").statusCode());

        r = get(CLIENT, base, "/v1/predict");
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(""));
        assertTrue(json(r).has("error"));
        r = send(CLIENT, post(base, "/health", "image/png", new byte[] {1}));
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("Allow").orElse(""));
        assertHealthy(CLIENT, base);
    }

    @Test
    void badTopKIsRefused() {
        byte[] image = png(32, 32, 5);
        for (String query : List.of("top_k=0", "top_k=-1", "top_k=abc", "top_k=101", "top_k=",
                "top_k=1&top_k=2", "topk=3")) {
            HttpResponse<String> r = send(CLIENT, post(base, "/v1/predict?" + query, "image/png",
                    image));
            assertEquals(400, r.statusCode(), query + ": " + r.body());
            assertTrue(json(r).get("error").asText().contains("top_k")
                    || json(r).get("error").asText().contains("query"), r.body());
        }
        HttpResponse<String> one = send(CLIENT, post(base, "/v1/predict?top_k=1", "image/png",
                image));
        assertEquals(1, json(one).get("predictions").size(), one.body());
        HttpResponse<String> all = send(CLIENT, post(base, "/v1/predict?top_k=100", "image/png",
                image));
        assertEquals(10, json(all).get("predictions").size(), all.body());
    }

    /** The value of a sample line {@code name value}, 0 when absent. */
    private static long value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$")
                .matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
