package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.WAIT_SECONDS;
import static dev.hsresnet.deploy.server.ServerFixtures.assertHealthy;
import static dev.hsresnet.deploy.server.ServerFixtures.client;
import static dev.hsresnet.deploy.server.ServerFixtures.png;
import static dev.hsresnet.deploy.server.ServerFixtures.raw;
import static dev.hsresnet.deploy.server.ServerFixtures.rawJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Broken HTTP framing on a raw socket: every answer is JSON, the server keeps serving. */
class ServerFramingTest {

    private static final int MAX_BODY = 64 * 1024;

    @RegisterExtension
    static final RunningServer SERVER = RunningServer.fake(new ServerFixtures.FakeBackend(false),
            o -> o.maxBodyBytes(MAX_BODY));

    private static URI base() {
        return SERVER.base();
    }

    @AfterEach
    void stillServing() {
        assertHealthy(client(), base());
    }

    private static void assertJsonError(int status, String expected, String answer) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
        assertTrue(rawJson(answer).get("error").asText().contains(expected), answer);
    }

    @Test
    void nonNumericContentLengthIsAJsonBadRequest() throws IOException {
        assertJsonError(400, "", raw(base(), "POST /v1/predict HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: abc\r\n\r\n"));
    }

    @Test
    void badRequestLineIsAJsonBadRequest() throws IOException {
        assertJsonError(400, "malformed request", raw(base(), "HELLO\r\n\r\n"));
    }

    @Test
    void oversizeHeadersAreAJson431() throws IOException {
        assertJsonError(431, "malformed request", raw(base(), "GET /health HTTP/1.1\r\nHost: x\r\n"
                + "X-Big: " + "a".repeat(Server.MAX_HEADER_BYTES + 10) + "\r\n\r\n"));
    }

    @Test
    void badPercentEncodingInTheQueryIsNamed() throws IOException {
        assertJsonError(400, "bad percent-encoding in the query parameter 'top_k=%zz'",
                raw(base(), "POST /v1/predict?top_k=%zz HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        + "image/png\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"));
    }

    @Test
    void aRefusalOfTheHeadersCountsUnderTheRequestsEndpoint() throws IOException {
        // the only request of these tests to /v1/model with a body over the limit
        assertJsonError(413, "over the limit", raw(base(), "POST /v1/model HTTP/1.1\r\nHost: x"
                + "\r\nContent-Length: 52428800\r\n\r\n"));
        String metrics = ServerFixtures.get(client(), base(), "/metrics").body();
        assertTrue(metrics.contains(
                "hsresnet_http_requests_total{endpoint=\"/v1/model\",code=\"413\"} 1"), metrics);
    }

    @Test
    void expectContinueOverTheLimitGets413WithoutContinue() throws IOException {
        String answer = raw(base(), "POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: "
                + "image/png\r\nContent-Length: 52428800\r\nExpect: 100-continue\r\n\r\n");
        assertFalse(answer.contains("100 Continue"), answer);
        assertJsonError(413, "request body of 52428800 bytes is over the limit of " + MAX_BODY,
                answer);
    }

    @Test
    void expectContinueWithinTheLimitGetsContinueThenTheAnswer() throws IOException {
        byte[] image = png(16, 16, 4);
        try (Socket s = new Socket(base().getHost(), base().getPort())) {
            s.setSoTimeout((int) (WAIT_SECONDS * 1000));
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                    + "Content-Length: " + image.length + "\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] interim = new byte[25];
            int n = in.readNBytes(interim, 0, interim.length);
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n",
                    new String(interim, 0, n, StandardCharsets.US_ASCII));
            out.write(image);
            out.flush();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        String answer = raw(base(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        int second = answer.indexOf("HTTP/1.1 404");
        assertTrue(answer.startsWith("HTTP/1.1 200") && second > 0, answer);
    }
}
