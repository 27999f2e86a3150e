package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.client;
import static dev.hsresnet.deploy.server.ServerFixtures.json;
import static dev.hsresnet.deploy.server.ServerFixtures.png;
import static dev.hsresnet.deploy.server.ServerFixtures.post;
import static dev.hsresnet.deploy.server.ServerFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several images in one request: a multipart form with several files, and JSON instances. */
class ServerBatchPredictTest {

    private static final HttpClient CLIENT = client();
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.fake(new ServerFixtures.FakeBackend(false),
            o -> o.maxImagesPerRequest(3));

    private static URI base() {
        return SERVER.base();
    }

    /** @return the predictions of one image sent alone */
    private static JsonNode alone(byte[] image) {
        HttpResponse<String> r = send(CLIENT, post(base(), "/v1/predict?top_k=3", "image/png",
                image));
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("predictions");
    }

    @Test
    void severalFilesAreAnsweredInOrderWithPerImageErrors() {
        byte[] a = png(32, 32, 1);
        byte[] b = png(40, 24, 2);
        byte[] form = ServerFixtures.multipart("bnd", "image/png", List.of("a.png", "bad.png",
                "b.png"), List.of(a, "garbage".getBytes(StandardCharsets.US_ASCII), b));
        HttpResponse<String> r = send(CLIENT, post(base(), "/v1/predict?top_k=3",
                "multipart/form-data; boundary=bnd", form));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = json(r).get("results");
        assertEquals(3, results.size(), r.body());
        assertEquals(alone(a), results.get(0).get("predictions"));
        assertEquals(400, results.get(1).get("status").asInt(), r.body());
        assertTrue(results.get(1).get("error").asText().contains("'bad.png'"), r.body());
        assertEquals(alone(b), results.get(2).get("predictions"));
    }

    @Test
    void jsonInstancesAreAnsweredInOrder() {
        byte[] a = png(32, 32, 5);
        byte[] b = png(32, 32, 6);
        String body = "{\"instances\":[{\"b64\":\"" + Base64.getEncoder().encodeToString(b)
                + "\"},{\"b64\":\"" + Base64.getEncoder().encodeToString(a) + "\"}]}";
        HttpResponse<String> r = send(CLIENT, post(base(), "/v1/predict?top_k=3",
                "application/json", body.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = json(r).get("results");
        assertEquals(alone(b), results.get(0).get("predictions"));
        assertEquals(alone(a), results.get(1).get("predictions"));
    }

    @Test
    void moreImagesThanTheLimitAreRefused() {
        String one = "{\"b64\":\"" + Base64.getEncoder().encodeToString(png(8, 8, 1)) + "\"}";
        String body = "{\"instances\":[" + String.join(",", one, one, one, one) + "]}";
        HttpResponse<String> r = send(CLIENT, post(base(), "/v1/predict", "application/json",
                body.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains("more than the limit of 3"), r.body());
    }
}
