package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.assertHealthy;
import static dev.hsresnet.deploy.server.ServerFixtures.client;
import static dev.hsresnet.deploy.server.ServerFixtures.get;
import static dev.hsresnet.deploy.server.ServerFixtures.json;
import static dev.hsresnet.deploy.server.ServerFixtures.png;
import static dev.hsresnet.deploy.server.ServerFixtures.post;
import static dev.hsresnet.deploy.server.ServerFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.deploy.detection.DetectionJson;
import dev.hsresnet.deploy.detection.DetectionResult;
import dev.hsresnet.deploy.detection.DetectionTestModels;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.detection.StubDetectionBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server on a detector whose network is {@link StubDetectionBackend} (two known objects per
 * image, boxes that depend on the image), checked against the {@link Detector} it serves.
 */
class ServerDetectionTest {

    /** The server's pixel limit: above the test images, below a claimed 1000 x 1000. */
    private static final long MAX_PIXELS = 200_000;

    private static final List<String> CLASSES = DetectionTestModels.CLASSES;

    private static StubDetectionBackend backend;
    private static Detector detector;
    private static Server server;
    private static URI base;
    private static final HttpClient CLIENT = client();

    @BeforeAll
    static void start() throws IOException {
        backend = new StubDetectionBackend(DetectionTestModels.spec());
        detector = new Detector(DetectionTestModels.config(), backend);
        server = new Server(detector, ServerFixtures.options().maxImagePixels(MAX_PIXELS)
                .batchWindow(Duration.ofMillis(20)).build()).start();
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (detector != null) {
            detector.close();
        }
    }

    /** @return a batch entry (no model field) read back as a result */
    private static DetectionResult entry(JsonNode entry) {
        ObjectNode o = ((ObjectNode) entry.deepCopy()).put("model", "fcos_resnet26_nano");
        return DetectionJson.parse(o.toString(), CLASSES, "entry");
    }

    @Test
    void oneImageIsAnsweredWithTheJsonOfTheJavaApi() throws IOException {
        byte[] image = png(70, 50, 1);
        HttpResponse<String> r = send(CLIENT, post(base, "/v1/predict", "image/png", image));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(
                "application/json"));
        JsonNode o = json(r);
        assertEquals("djl", o.get("backend").asText());
        assertTrue(o.get("timeMs").asDouble() > 0);
        DetectionResult answered = DetectionJson.parse(r.body(), CLASSES, "answer");
        assertEquals(detector.detect(image), answered);
        assertEquals(2, answered.count());
        assertEquals(70, answered.width());
        assertEquals(List.of("red", "blue"), answered.boxes().stream().map(answered::label)
                .sorted(java.util.Comparator.reverseOrder()).toList());

        HttpResponse<String> high = send(CLIENT, post(base, "/v1/predict?threshold=0.99999",
                "image/png", image));
        assertEquals(200, high.statusCode(), high.body());
        assertEquals(0, json(high).get("detections").size(), high.body());
    }

    @Test
    void aBatchIsAnsweredInOrderAndEqualSizesShareACall() throws IOException {
        List<byte[]> files = List.of(png(40, 30, 3), png(40, 30, 5), "not an image".getBytes(),
                png(100, 20, 4)); // 64 x 85 and 64 x 85 pad to 64 x 96; 19 x 96 to 32 x 96
        byte[] body = ServerFixtures.multipart("b0undary", "image/png",
                List.of("a.png", "b.png", "c.png", "d.png"), files);
        int callsBefore = backend.calls().size();
        HttpResponse<String> r = send(CLIENT, post(base, "/v1/predict",
                "multipart/form-data; boundary=b0undary", body));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode o = json(r);
        assertEquals("fcos_resnet26_nano", o.get("model").asText());
        JsonNode results = o.get("results");
        assertEquals(4, results.size(), r.body());
        assertEquals(detector.detect(files.get(0)), entry(results.get(0)));
        assertEquals(detector.detect(files.get(1)), entry(results.get(1)));
        assertEquals(400, results.get(2).get("status").asInt());
        assertTrue(results.get(2).get("error").asText().contains("'c.png'"), r.body());
        assertEquals(detector.detect(files.get(3)), entry(results.get(3)));
        List<int[]> calls = backend.calls().subList(callsBefore, callsBefore + 2);
        assertEquals(2, calls.get(0)[0], "a.png and b.png pad to one size: one call");
        assertEquals(1, calls.get(1)[0], "d.png has another size");
    }

    @Test
    void modelInfoReportsTheTaskClassesAndInferenceSettings() {
        HttpResponse<String> r = get(CLIENT, base, "/v1/model");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode o = json(r);
        assertEquals("detection", o.get("task").asText());
        assertEquals(3, o.get("classes").asInt());
        assertEquals(CLASSES.toString(),
                ServerFixtures.JSON.convertValue(o.get("labels"), List.class).toString());
        assertEquals(64, o.get("preprocessing").get("minSize").asInt());
        assertEquals(96, o.get("preprocessing").get("maxSize").asInt());
        assertEquals(0.05, o.get("inference").get("scoreThreshold").asDouble());
        assertEquals(MAX_PIXELS, o.get("limits").get("maxImagePixels").asLong());
        assertTrue(o.get("params").asLong() > 1_000_000, r.body());
    }

    @Test
    void badInputGetsClearErrors() {
        HttpResponse<String> notAnImage = send(CLIENT, post(base, "/v1/predict", "image/png",
                "hello".getBytes()));
        assertEquals(400, notAnImage.statusCode());
        assertTrue(json(notAnImage).get("error").asText().contains(
                "not a recognised image format: request body"), notAnImage.body());

        HttpResponse<String> tooLarge = send(CLIENT, post(base, "/v1/predict", "image/png",
                ServerFixtures.pngClaiming(1000, 1000)));
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertTrue(json(tooLarge).get("error").asText().contains(
                "declares 1000x1000 = 1000000 pixels, more than the limit of " + MAX_PIXELS),
                tooLarge.body());

        for (String t : List.of("abc", "1", "-0.1", "NaN")) {
            HttpResponse<String> bad = send(CLIENT, post(base, "/v1/predict?threshold=" + t,
                    "image/png", png(20, 20, 1)));
            assertEquals(400, bad.statusCode(), t);
            assertTrue(json(bad).get("error").asText().contains(
                    "threshold must be a number in [0, 1), got '" + t + "'"), bad.body());
        }
        HttpResponse<String> topK = send(CLIENT, post(base, "/v1/predict?top_k=3", "image/png",
                png(20, 20, 1)));
        assertEquals(400, topK.statusCode());
        assertTrue(json(topK).get("error").asText().contains(
                "unknown query parameter 'top_k' (only threshold is accepted)"), topK.body());

        HttpResponse<String> v2 = get(CLIENT, base, "/v2/models/fcos_resnet26_nano");
        assertEquals(404, v2.statusCode());
        assertTrue(json(v2).get("error").asText().contains("?threshold=T"), v2.body());
        assertHealthy(CLIENT, base);
    }
}
