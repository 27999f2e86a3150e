package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.WAIT_SECONDS;
import static dev.hsresnet.deploy.server.ServerFixtures.assertHealthy;
import static dev.hsresnet.deploy.server.ServerFixtures.client;
import static dev.hsresnet.deploy.server.ServerFixtures.json;
import static dev.hsresnet.deploy.server.ServerFixtures.png;
import static dev.hsresnet.deploy.server.ServerFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.deploy.Classifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clients that stall: they cost no worker thread (other clients are answered meanwhile) and are
 * cut off after their timeout; past the connection cap a new connection gets 503.
 */
class ServerSlowClientTest {

    private static final int STALLED = 50;

    /** An answer that waits on nothing comes within this even on a loaded machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(15);

    private static Socket stalled(URI base) throws IOException {
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout((int) Duration.ofSeconds(WAIT_SECONDS).toMillis());
        s.getOutputStream().write('P');
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void stalledConnectionsFarAboveTheWorkerCountLeaveOtherClientsAnswered() throws Exception {
        ServerFixtures.FakeBackend backend = new ServerFixtures.FakeBackend(false);
        List<Socket> sockets = new ArrayList<>();
        try (Classifier classifier = ServerFixtures.fakeClassifier(backend);
                Server server = new Server(classifier, ServerFixtures.options().workers(2)
                        .headerTimeout(Duration.ofMinutes(10)).build()).start()) {
            URI base = server.uri();
            for (int i = 0; i < STALLED; i++) {
                sockets.add(stalled(base));
            }
            HttpClient client = client();
            // Far below the stalled connections' own cut (10 min) and the request timeout
            // (60 s): the JDK server hung here, every worker reading a stalled request's headers.
            HttpResponse<String> health = send(client, HttpRequest.newBuilder(
                    base.resolve("/health")).timeout(PROMPTLY).GET().build());
            assertEquals(200, health.statusCode(), health.body());
            HttpResponse<String> r = send(client, HttpRequest.newBuilder(
                    base.resolve("/v1/predict")).timeout(PROMPTLY).header("Content-Type",
                            "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(
                                    png(32, 32, 3))).build());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(5, json(r).get("predictions").size());
            for (Socket s : sockets) {
                s.setSoTimeout(1);
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(),
                        "a stalled connection is still open, unanswered");
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void headersThatNeverFinishAreCutOffAfterTheHeaderTimeout() throws Exception {
        try (Classifier classifier = ServerFixtures.fakeClassifier(
                new ServerFixtures.FakeBackend(false));
                Server server = new Server(classifier, ServerFixtures.options()
                        .headerTimeout(Duration.ofMillis(300)).build()).start();
                Socket s = stalled(server.uri())) {
            String answer = new String(s.getInputStream().readAllBytes(),
                    StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(ServerFixtures.rawJson(answer).get("error").asText()
                    .contains("request headers not received within 300 ms"), answer);
            assertHealthy(client(), server.uri());
        }
    }

    @Test
    void idleKeepAliveConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        try (Classifier classifier = ServerFixtures.fakeClassifier(
                new ServerFixtures.FakeBackend(false));
                Server server = new Server(classifier, ServerFixtures.options()
                        .idleTimeout(Duration.ofMillis(300)).build()).start();
                Socket s = new Socket(server.uri().getHost(), server.port())) {
            s.setSoTimeout((int) Duration.ofSeconds(WAIT_SECONDS).toMillis());
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("{\"status\":\"ok\"}"), "closed after one answer: "
                    + answer);
        }
    }

    @Test
    void connectionsPastTheCapAreAnswered503() throws Exception {
        try (Classifier classifier = ServerFixtures.fakeClassifier(
                new ServerFixtures.FakeBackend(false));
                Server server = new Server(classifier, ServerFixtures.options().maxConnections(3)
                        .headerTimeout(Duration.ofMinutes(10)).build()).start()) {
            URI base = server.uri();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(stalled(base));
                }
                // connections are set up on several event loops: wait until all three count
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
                while (server.openConnections() < 3 && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
                assertEquals(3, server.openConnections());
                String answer = ServerFixtures.raw(base, "GET /health HTTP/1.1\r\nHost: x\r\n"
                        + "Connection: close\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertTrue(answer.contains("Retry-After: 1") || answer.contains("retry-after: 1"),
                        answer);
                assertTrue(ServerFixtures.rawJson(answer).get("error").asText()
                        .contains("too many open connections (limit 3)"), answer);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
