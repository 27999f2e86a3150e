package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.WAIT_SECONDS;
import static dev.hsresnet.deploy.server.ServerFixtures.assertHealthy;
import static dev.hsresnet.deploy.server.ServerFixtures.client;
import static dev.hsresnet.deploy.server.ServerFixtures.json;
import static dev.hsresnet.deploy.server.ServerFixtures.png;
import static dev.hsresnet.deploy.server.ServerFixtures.post;
import static dev.hsresnet.deploy.server.ServerFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.testing.HostilePngs;
import dev.hsresnet.data.ImageGuard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and broken requests: each is refused with the right status and a JSON message, none
 * reaches the network, and the server keeps answering.
 */
class ServerHostileInputTest {

    private static final int MAX_BODY = 64 * 1024;

    private static final ServerFixtures.FakeBackend BACKEND = new ServerFixtures.FakeBackend(false);
    private static final HttpClient CLIENT = client();
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.fake(BACKEND,
            o -> o.maxBodyBytes(MAX_BODY));

    private static URI base() {
        return SERVER.base();
    }

    @AfterEach
    void stillServing() {
        assertHealthy(CLIENT, base());
    }

    private static HttpResponse<String> predict(String contentType, byte[] body) {
        return send(CLIENT, post(base(), "/v1/predict", contentType, body));
    }

    private static String error(HttpResponse<String> r) {
        return json(r).get("error").asText();
    }

    @Test
    void echoedClientTextHasItsControlCharactersEscaped() {
        HttpResponse<String> r = send(CLIENT, post(base(), "/v1/predict?a%1b%5b2J=1", "image/png",
                png(8, 8, 1)));
        assertEquals(400, r.statusCode(), r.body());
        String error = error(r);
        assertTrue(error.contains("'a\\x1b[2J'"), error);
    }

    @Test
    void bodyOverTheLimitIsRefusedFromItsContentLength() {
        HttpResponse<String> r = predict("image/png", new byte[MAX_BODY + 1]);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(error(r).contains("over the limit of " + MAX_BODY), r.body());
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWhileReading() {
        byte[] big = new byte[4 * MAX_BODY];
        HttpRequest request = HttpRequest.newBuilder(base().resolve("/v1/predict"))
                .timeout(Duration.ofSeconds(WAIT_SECONDS)).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> r = send(CLIENT, request);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(error(r).contains("over the limit"), r.body());
    }

    @Test
    void garbageIsABadRequestWithTheDecodersMessage() {
        HttpResponse<String> r = predict("image/jpeg",
                "this is not an image".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error(r).contains("not a recognised image format: request body"), r.body());
    }

    @Test
    void truncatedPngIsABadRequest() {
        byte[] full = png(64, 64, 9);
        HttpResponse<String> r = predict("image/png", Arrays.copyOf(full, full.length / 2));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error(r).contains("request body"), r.body());
    }

    @Test
    void emptyBodyIsABadRequest() {
        HttpResponse<String> r = predict("image/png", new byte[0]);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error(r).contains("empty"), r.body());
    }

    @Test
    void pngDeclaringHugeDimensionsIsRefusedFromItsHeader() {
        int calls = BACKEND.batchSizes.size();
        HttpResponse<String> r = predict("image/png", ServerFixtures.pngClaiming(100_000, 100_000));
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(error(r).contains("100000x100000"), r.body());
        assertEquals(calls, BACKEND.batchSizes.size(), "nothing reached the network");
    }

    @Test
    void jpegDeclaringHugeDimensionsIsRefusedFromItsHeader() {
        HttpResponse<String> r = predict("image/jpeg", ServerFixtures.jpegClaiming(60_000, 60_000));
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(error(r).contains("60000x60000"), r.body());
    }

    @Test
    void stripsAreBadRequestsAndOversizedResizesAreRefusedFromTheHeader() throws IOException {
        for (int[] wh : new int[][] {{1, 20_000_000}, {20_000_000, 1}}) {
            byte[] png = HostilePngs.black(wh[0], wh[1]);
            assertTrue(png.length < MAX_BODY, "a small upload: " + png.length);
            HttpResponse<String> r = predict("image/png", png);
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(error(r).contains("request body declares " + wh[0] + "x" + wh[1]
                    + ", an aspect ratio of 20000000:1, more than the limit of 100:1"), r.body());
        }
        ImageGuard before = SERVER.classifier().imageGuard();
        SERVER.classifier().setImageGuard(before.withMaxResizePixels(100_000));
        try {
            HttpResponse<String> r = predict("image/png", HostilePngs.black(20, 2000));
            assertEquals(413, r.statusCode(), r.body());
            assertTrue(error(r).contains("resizing its short side to 32 would make 32x3200 = "
                    + "102400 pixels, more than the resize limit of 100000"), r.body());
        } finally {
            SERVER.classifier().setImageGuard(before);
        }
    }

    @Test
    void otherMediaTypesAreRefusedBeforeReading() {
        HttpResponse<String> r = predict("application/x-www-form-urlencoded", png(8, 8, 1));
        assertEquals(415, r.statusCode(), r.body());
        assertTrue(error(r).contains("multipart/form-data"), r.body());
    }

    @Test
    void brokenMultipartBodiesAreBadRequests() {
        byte[] image = png(16, 16, 2);
        HttpResponse<String> r = predict("multipart/form-data", image);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error(r).contains("boundary"), r.body());

        byte[] form = ServerFixtures.multipart("b0und", "x.png", "image/png", image);
        r = predict("multipart/form-data; boundary=b0und", Arrays.copyOf(form, form.length - 20));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error(r).contains("truncated"), r.body());

        byte[] textOnly = ("--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n"
                + "--b0und--\r\n").getBytes(StandardCharsets.US_ASCII);
        r = predict("multipart/form-data; boundary=b0und", textOnly);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error(r).contains("no file part"), r.body());

        r = predict("multipart/form-data; boundary=\"b0und\"",
                ServerFixtures.multipart("b0und", "x.png", "image/png", "garbage".getBytes(
                        StandardCharsets.US_ASCII)));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error(r).contains("uploaded file 'x.png'"), r.body());
    }

    @Test
    void bodyShorterThanItsContentLengthIsAnsweredWith408() throws IOException {
        String answer = ServerFixtures.raw(base(), "POST /v1/predict HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: image/png\r\nContent-Length: 1000\r\n\r\n"
                + "0123456789");
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        assertTrue(ServerFixtures.rawJson(answer).get("error").asText()
                .contains("request body not received within 2000 ms (10 bytes so far)"), answer);
    }
}
