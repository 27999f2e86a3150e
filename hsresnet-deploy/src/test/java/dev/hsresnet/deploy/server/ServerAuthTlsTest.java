package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.WAIT_SECONDS;
import static dev.hsresnet.deploy.server.ServerFixtures.client;
import static dev.hsresnet.deploy.server.ServerFixtures.get;
import static dev.hsresnet.deploy.server.ServerFixtures.json;
import static dev.hsresnet.deploy.server.ServerFixtures.png;
import static dev.hsresnet.deploy.server.ServerFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.deploy.Classifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional bearer-token check and HTTPS from PEM files, with real clients. */
class ServerAuthTlsTest {

    @TempDir
    Path tmp;

    private static HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(
                WAIT_SECONDS));
    }

    @Test
    void aTokenIsRequiredExceptOnHealthChecks() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "s3cret-token\n");
        try (Classifier classifier = ServerFixtures.fakeClassifier(
                new ServerFixtures.FakeBackend(false));
                Server server = new Server(classifier, ServerFixtures.options()
                        .authTokenFile(token).build()).start()) {
            URI base = server.uri();
            HttpClient c = client();
            byte[] image = png(16, 16, 1);
            HttpResponse<String> none = send(c, request(base, "/v1/predict")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build());
            assertEquals(401, none.statusCode(), none.body());
            assertEquals("Bearer realm=\"hsresnet\"", none.headers()
                    .firstValue("WWW-Authenticate").orElse(""));
            assertTrue(json(none).get("error").asText().contains("bearer token"), none.body());
            HttpResponse<String> wrong = send(c, request(base, "/metrics")
                    .header("Authorization", "Bearer s3cret-tokeN").GET().build());
            assertEquals(401, wrong.statusCode(), wrong.body());
            assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("")
                    .contains("invalid_token"));
            HttpResponse<String> ok = send(c, request(base, "/v1/predict")
                    .header("Authorization", "Bearer s3cret-token")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build());
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals(200, get(c, base, "/health").statusCode());
            assertEquals(200, get(c, base, "/v2/health/ready").statusCode());
            assertEquals(401, get(c, base, "/v2/models/hs_resnet29_cifar").statusCode());
        }
    }

    @Test
    void anEmptyTokenFileIsRefusedNamingIt() throws IOException {
        Path token = Files.writeString(tmp.resolve("empty-token"), " \n");
        try (Classifier classifier = ServerFixtures.fakeClassifier(
                new ServerFixtures.FakeBackend(false))) {
            Server server = new Server(classifier, ServerFixtures.options().authTokenFile(token)
                    .build());
            IOException e = assertThrows(IOException.class, server::start);
            assertTrue(e.getMessage().contains("empty-token") && e.getMessage().contains("empty"),
                    e.getMessage());
            server.close();
        }
    }

    @Test
    void aTokenFileOverFourKilobytesIsRefusedNamingIt() throws IOException {
        Path token = Files.writeString(tmp.resolve("huge-token"), "a".repeat(5000));
        try (Classifier classifier = ServerFixtures.fakeClassifier(
                new ServerFixtures.FakeBackend(false))) {
            Server server = new Server(classifier, ServerFixtures.options().authTokenFile(token)
                    .build());
            IOException e = assertThrows(IOException.class, server::start);
            assertTrue(e.getMessage().contains("huge-token"), e.getMessage());
            server.close();
        }
    }

    @Test
    void httpsFromPemFilesServesAClientThatTrustsTheCertificate() throws Exception {
        Path store = tmp.resolve("server.p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "keytool").toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext",
                "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true)
                .start();
        byte[] log;
        try (InputStream in = keytool.getInputStream()) {
            log = in.readAllBytes();
        }
        assertTrue(keytool.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, keytool.exitValue(), new String(log, StandardCharsets.UTF_8));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        Certificate cert = ks.getCertificate("server");
        Path certPem = Files.writeString(tmp.resolve("cert.pem"), pem("CERTIFICATE",
                cert.getEncoded()));
        Path keyPem = Files.writeString(tmp.resolve("key.pem"), pem("PRIVATE KEY",
                ks.getKey("server", password).getEncoded()));

        TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ssl).connectTimeout(Duration.ofSeconds(WAIT_SECONDS)).build();
        try (Classifier classifier = ServerFixtures.fakeClassifier(
                new ServerFixtures.FakeBackend(false));
                Server server = new Server(classifier, ServerFixtures.options()
                        .tls(certPem, keyPem).build()).start()) {
            URI base = server.uri();
            assertEquals("https", base.getScheme());
            HttpResponse<String> r = send(c, request(base, "/v1/predict")
                    .header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png(16, 16, 2))).build());
            assertEquals(200, r.statusCode(), r.body());
        }
        try (Classifier classifier = ServerFixtures.fakeClassifier(
                new ServerFixtures.FakeBackend(false))) {
            Server bad = new Server(classifier, ServerFixtures.options()
                    .tls(certPem, tmp.resolve("missing-key.pem")).build());
            IOException e = assertThrows(IOException.class, bad::start);
            assertTrue(e.getMessage().contains("missing-key.pem"), e.getMessage());
            bad.close();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
