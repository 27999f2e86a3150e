package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.WAIT_SECONDS;
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
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.MaskDecoder;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.TestModels;
import dev.hsresnet.deploy.segmentation.SegmentationResult;
import dev.hsresnet.deploy.segmentation.Segmenter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on a real (freshly initialized) fpn_hs_resnet26_nano with 3 classes, checked against
 * the {@link Segmenter} it serves.
 */
class ServerSegmentationTest {

    /** The server's pixel limit: above the test images, below a claimed 1000 x 1000. */
    private static final long MAX_PIXELS = 200_000;

    @TempDir
    static Path tmp;

    private static Segmenter segmenter;
    private static Server server;
    private static URI base;
    private static final HttpClient CLIENT = client();

    @BeforeAll
    static void start() throws IOException {
        segmenter = Segmenter.open(TestModels.segmentationModel(tmp.resolve("seg"), 5),
                BackendKind.DJL);
        server = new Server(segmenter, ServerFixtures.options().maxImagePixels(MAX_PIXELS)
                .batchWindow(Duration.ofMillis(20)).build()).start();
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (segmenter != null) {
            segmenter.close();
        }
    }

    private static HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that a JSON entry holds exactly the areas of {@code expected}. */
    private static void assertAreas(SegmentationResult expected, JsonNode answer) {
        assertEquals(expected.width(), answer.get("width").asInt(), answer.toString());
        assertEquals(expected.height(), answer.get("height").asInt());
        JsonNode classes = answer.get("classes");
        assertEquals(TestModels.SEGMENTATION_CLASSES.size(), classes.size());
        long sum = 0;
        for (int k = 0; k < classes.size(); k++) {
            JsonNode c = classes.get(k);
            SegmentationResult.ClassArea want = expected.classes().get(k);
            assertEquals(k, c.get("index").asInt());
            assertEquals(want.name(), c.get("name").asText());
            assertEquals(want.pixels(), c.get("pixels").asLong(), answer.toString());
            assertEquals(want.fraction(), c.get("fraction").asDouble(), 1e-12);
            sum += c.get("pixels").asLong();
        }
        assertEquals((long) expected.width() * expected.height(), sum);
    }

    @Test
    void aJsonAnswerGivesTheAreaOfEveryClass() throws IOException {
        byte[] image = png(96, 64, 1);
        HttpResponse<String> r = send(CLIENT, post(base, "/v1/predict", "image/png", image));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(
                "application/json"));
        JsonNode o = json(r);
        assertEquals("fpn_hs_resnet26_nano", o.get("model").asText());
        assertEquals("djl", o.get("backend").asText());
        assertTrue(o.get("timeMs").asDouble() > 0);
        assertAreas(segmenter.segment(image), o);
    }

    @Test
    void aPngAnswerIsTheMaskTheJavaApiGives() throws IOException {
        byte[] image = png(61, 45, 2);
        LabelMask expected = segmenter.segment(image).mask();
        HttpResponse<byte[]> query = sendBytes(post(base, "/v1/predict?format=png", "image/png",
                image));
        assertEquals(200, query.statusCode(), new String(query.body()));
        assertEquals("image/png", query.headers().firstValue("Content-Type").orElse(""));
        assertEquals(expected, MaskDecoder.decode(query.body(), "answer", ImageGuard.DEFAULT));

        HttpResponse<byte[]> accept = sendBytes(HttpRequest.newBuilder(
                base.resolve("/v1/predict")).timeout(Duration.ofSeconds(WAIT_SECONDS))
                .header("Content-Type", "image/png").header("Accept", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build());
        assertEquals(200, accept.statusCode());
        assertEquals(expected, MaskDecoder.decode(accept.body(), "answer", ImageGuard.DEFAULT));

        HttpResponse<String> prefersJson = send(CLIENT, HttpRequest.newBuilder(
                base.resolve("/v1/predict")).timeout(Duration.ofSeconds(WAIT_SECONDS))
                .header("Content-Type", "image/png")
                .header("Accept", "image/png;q=0.5, application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build());
        assertEquals(200, prefersJson.statusCode());
        assertEquals(45, json(prefersJson).get("height").asInt());
    }

    @Test
    void aBatchOfDifferentSizesIsAnsweredInOrder() throws IOException {
        List<byte[]> files = List.of(png(40, 30, 3), png(96, 64, 4), "not an image".getBytes(),
                png(40, 30, 5));
        byte[] body = ServerFixtures.multipart("b0undary", "image/png",
                List.of("a.png", "b.png", "c.png", "d.png"), files);
        HttpResponse<String> r = send(CLIENT, post(base, "/v1/predict",
                "multipart/form-data; boundary=b0undary", body));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = json(r).get("results");
        assertEquals(4, results.size(), r.body());
        assertAreas(segmenter.segment(files.get(0)), results.get(0));
        assertAreas(segmenter.segment(files.get(1)), results.get(1));
        assertEquals(400, results.get(2).get("status").asInt());
        assertTrue(results.get(2).get("error").asText().contains("'c.png'"), r.body());
        assertAreas(segmenter.segment(files.get(3)), results.get(3));

        HttpResponse<String> png = send(CLIENT, post(base, "/v1/predict?format=png",
                "multipart/form-data; boundary=b0undary", body));
        assertEquals(400, png.statusCode());
        assertTrue(json(png).get("error").asText().contains("a PNG answer holds one mask"),
                png.body());
    }

    @Test
    void modelInfoReportsTheTaskAndTheClasses() {
        HttpResponse<String> r = get(CLIENT, base, "/v1/model");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode o = json(r);
        assertEquals("segmentation", o.get("task").asText());
        assertEquals(3, o.get("classes").asInt());
        assertEquals(TestModels.SEGMENTATION_CLASSES.toString(),
                ServerFixtures.JSON.convertValue(o.get("labels"), List.class).toString());
        assertEquals(MAX_PIXELS, o.get("limits").get("maxImagePixels").asLong());
        assertTrue(o.get("params").asLong() > 1_000_000, r.body());
    }

    @Test
    void badInputGetsTheServersClearErrors() {
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

        HttpResponse<String> topK = send(CLIENT, post(base, "/v1/predict?top_k=3", "image/png",
                png(20, 20, 1)));
        assertEquals(400, topK.statusCode());
        assertTrue(json(topK).get("error").asText().contains(
                "unknown query parameter 'top_k' (only format is accepted)"), topK.body());

        HttpResponse<String> gif = send(CLIENT, post(base, "/v1/predict?format=gif", "image/png",
                png(20, 20, 1)));
        assertEquals(400, gif.statusCode());
        assertTrue(json(gif).get("error").asText().contains("format must be json or png"));

        HttpResponse<String> v2 = get(CLIENT, base, "/v2/models/fpn_hs_resnet26_nano");
        assertEquals(404, v2.statusCode());
        assertTrue(json(v2).get("error").asText().contains("?format=json|png"), v2.body());
        assertHealthy(CLIENT, base);
    }
}
