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
import dev.hsresnet.deploy.detection.DetectionTestModels;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.detection.StubDetectionBackend;
import dev.hsresnet.deploy.instance.InstanceJson;
import dev.hsresnet.deploy.instance.InstanceResult;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import dev.hsresnet.deploy.instance.InstanceTestModels;
import dev.hsresnet.deploy.instance.StubInstanceBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server on an instance segmenter whose network is {@link StubInstanceBackend} (two known
 * instances per image), on 127.0.0.1: its answers against the {@link InstanceSegmenter} it serves,
 * and its errors against those of a detector served with the same options.
 */
class ServerInstanceTest {

    /** The servers' pixel limit: above the test images, below a claimed 1000 x 1000. */
    private static final long MAX_PIXELS = 200_000;

    private static final List<String> CLASSES = InstanceTestModels.CLASSES;

    private static StubInstanceBackend backend;
    private static InstanceSegmenter segmenter;
    private static Detector detector;
    private static Server server;
    private static Server detectionServer;
    private static URI base;
    private static final HttpClient CLIENT = client();

    @BeforeAll
    static void start() throws IOException {
        backend = new StubInstanceBackend(InstanceTestModels.spec());
        segmenter = new InstanceSegmenter(InstanceTestModels.config(), backend);
        detector = new Detector(DetectionTestModels.config(),
                new StubDetectionBackend(DetectionTestModels.spec()));
        ServerOptions options = ServerFixtures.options().maxImagePixels(MAX_PIXELS)
                .batchWindow(Duration.ofMillis(20)).build();
        server = new Server(segmenter, options).start();
        detectionServer = new Server(detector, options).start();
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {server, detectionServer, segmenter,
            detector}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
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
        InstanceResult expected = segmenter.segment(image);
        ObjectNode same = ((ObjectNode) o.deepCopy());
        same.remove(List.of("backend", "timeMs"));
        assertEquals(ServerFixtures.JSON.readTree(InstanceJson.toText(expected)), same,
                "the Java API's JSON, field by field");
        InstanceResult answered = InstanceJson.parse(r.body(), CLASSES, "answer");
        assertEquals(expected, answered);
        assertEquals(2, answered.count());
        assertTrue(answered.instances().get(0).mask().area() > 0);

        HttpResponse<String> high = send(CLIENT, post(base, "/v1/predict?threshold=0.99999",
                "image/png", image));
        assertEquals(200, high.statusCode(), high.body());
        assertEquals(0, json(high).get("instances").size(), high.body());
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
        assertEquals(InstanceTestModels.NAME, o.get("model").asText());
        JsonNode results = o.get("results");
        assertEquals(4, results.size(), r.body());
        Function<JsonNode, InstanceResult> entry = e -> InstanceJson.parse(((ObjectNode) e
                .deepCopy()).put("model", InstanceTestModels.NAME).toString(), CLASSES, "entry");
        assertEquals(segmenter.segment(files.get(0)), entry.apply(results.get(0)));
        assertEquals(segmenter.segment(files.get(1)), entry.apply(results.get(1)));
        assertEquals(400, results.get(2).get("status").asInt());
        assertTrue(results.get(2).get("error").asText().contains("'c.png'"), r.body());
        assertEquals(segmenter.segment(files.get(3)), entry.apply(results.get(3)));
        List<int[]> calls = backend.calls().subList(callsBefore, callsBefore + 2);
        assertEquals(2, calls.get(0)[0], "a.png and b.png pad to one size: one call");
        assertEquals(1, calls.get(1)[0], "d.png has another size");
    }

    @Test
    void modelInfoReportsTheTaskPrototypesAndInferenceSettings() {
        HttpResponse<String> r = get(CLIENT, base, "/v1/model");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode o = json(r);
        assertEquals("instance", o.get("task").asText());
        assertEquals(3, o.get("classes").asInt());
        assertEquals(16, o.get("prototypes").asInt());
        assertEquals(64, o.get("preprocessing").get("minSize").asInt());
        assertEquals(0.5, o.get("inference").get("maskThreshold").asDouble());
        assertTrue(o.get("output").get("json").asText().contains("COCO compressed RLE"));
        assertEquals(MAX_PIXELS, o.get("limits").get("maxImagePixels").asLong());
        assertTrue(o.get("params").asLong() > 1_000_000, r.body());
    }

    /** Not an image, too large, bad or unknown parameters: the detector's answers, exactly. */
    @Test
    void badInputGetsTheDetectorsErrors() {
        List<Function<URI, HttpRequest>> requests = List.of(
                b -> post(b, "/v1/predict", "image/png", "hello".getBytes()),
                b -> post(b, "/v1/predict", "image/png", ServerFixtures.pngClaiming(1000, 1000)),
                b -> post(b, "/v1/predict?threshold=abc", "image/png", png(20, 20, 1)),
                b -> post(b, "/v1/predict?threshold=1", "image/png", png(20, 20, 1)),
                b -> post(b, "/v1/predict?top_k=3", "image/png", png(20, 20, 1)),
                b -> post(b, "/v1/predict", "text/plain", "hello".getBytes()),
                b -> post(b, "/v1/predict", "image/png", new byte[0]));
        int[] statuses = {400, 413, 400, 400, 400, 415, 400};
        for (int i = 0; i < requests.size(); i++) {
            HttpResponse<String> a = send(CLIENT, requests.get(i).apply(base));
            HttpResponse<String> d = send(CLIENT, requests.get(i).apply(detectionServer.uri()));
            assertEquals(statuses[i], a.statusCode(), a.body());
            assertEquals(d.statusCode(), a.statusCode(), a.body());
            assertEquals(json(d).get("error"), json(a).get("error"));
        }
        HttpResponse<String> tooLarge = send(CLIENT, requests.get(1).apply(base));
        assertTrue(json(tooLarge).get("error").asText().contains(
                "declares 1000x1000 = 1000000 pixels, more than the limit of " + MAX_PIXELS),
                tooLarge.body());
        HttpResponse<String> v2 = get(CLIENT, base, "/v2/models/" + InstanceTestModels.NAME);
        assertEquals(404, v2.statusCode());
        assertHealthy(CLIENT, base);
    }
}
