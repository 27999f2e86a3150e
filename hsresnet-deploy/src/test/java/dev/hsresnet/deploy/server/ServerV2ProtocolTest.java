package dev.hsresnet.deploy.server;

import static dev.hsresnet.deploy.server.ServerFixtures.client;
import static dev.hsresnet.deploy.server.ServerFixtures.get;
import static dev.hsresnet.deploy.server.ServerFixtures.json;
import static dev.hsresnet.deploy.server.ServerFixtures.post;
import static dev.hsresnet.deploy.server.ServerFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Open Inference Protocol (KServe v2) as a standard client calls it. */
class ServerV2ProtocolTest {

    private static final String MODEL = "hs_resnet29_cifar";
    private static final int LENGTH = 3 * 32 * 32;
    private static final HttpClient CLIENT = client();
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.fake(new ServerFixtures.FakeBackend(false),
            o -> o.maxImagesPerRequest(4));

    private static URI base() {
        return SERVER.base();
    }

    private static HttpResponse<String> infer(String model, String body) {
        return send(CLIENT, post(base(), "/v2/models/" + model + "/infer", "application/json",
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static ObjectNode request(int n, boolean nested, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ObjectNode root = ServerFixtures.JSON.createObjectNode().put("id", "req-1");
        ObjectNode input = root.putArray("inputs").addObject().put("name", "input")
                .put("datatype", "FP32");
        input.putArray("shape").add(n).add(3).add(32).add(32);
        ArrayNode data = input.putArray("data");
        for (int i = 0; i < n; i++) {
            ArrayNode row = nested ? data.addArray() : data;
            for (int j = 0; j < LENGTH; j++) {
                row.add((float) r.nextGaussian());
            }
        }
        return root;
    }

    @Test
    void healthAndMetadataFollowTheProtocol() {
        assertEquals(200, get(CLIENT, base(), "/v2/health/live").statusCode());
        HttpResponse<String> ready = get(CLIENT, base(), "/v2/health/ready");
        assertEquals(200, ready.statusCode());
        assertTrue(json(ready).get("ready").asBoolean());
        assertEquals("hsresnet", json(get(CLIENT, base(), "/v2")).get("name").asText());
        JsonNode meta = json(get(CLIENT, base(), "/v2/models/" + MODEL));
        assertEquals(MODEL, meta.get("name").asText());
        assertEquals("[-1,3,32,32]", meta.get("inputs").get(0).get("shape").toString());
        assertEquals("FP32", meta.get("inputs").get(0).get("datatype").asText());
        assertEquals("[-1,10]", meta.get("outputs").get(0).get("shape").toString());
        assertTrue(json(get(CLIENT, base(), "/v2/models/" + MODEL + "/ready")).get("ready")
                .asBoolean());
    }

    @Test
    void inferAnswersOneProbabilityRowPerImageFlatOrNested() {
        HttpResponse<String> flat = infer(MODEL, request(2, false, 1).toString());
        assertEquals(200, flat.statusCode(), flat.body());
        JsonNode out = json(flat);
        assertEquals(MODEL, out.get("model_name").asText());
        assertEquals("req-1", out.get("id").asText());
        JsonNode logits = out.get("outputs").get(0);
        assertEquals("probabilities", logits.get("name").asText());
        assertEquals("[2,10]", logits.get("shape").toString());
        assertEquals(20, logits.get("data").size());
        for (int row = 0; row < 2; row++) {
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                sum += logits.get("data").get(row * 10 + k).asDouble();
            }
            assertEquals(1.0, sum, 1e-4, "softmax row " + row);
        }
        HttpResponse<String> nested = infer(MODEL, request(2, true, 1).toString());
        assertEquals(200, nested.statusCode(), nested.body());
        assertEquals(logits.get("data"), json(nested).get("outputs").get(0).get("data"));
    }

    @Test
    void badTensorsAreRefusedNamingTheField() {
        ObjectNode wrongShape = request(1, false, 2);
        ((ArrayNode) wrongShape.get("inputs").get(0).get("shape")).set(2, 31);
        assertError(400, "inputs[0].shape must be [N, 3, 32, 32]", infer(MODEL,
                wrongShape.toString()));
        ObjectNode wrongType = request(1, false, 2);
        ((ObjectNode) wrongType.get("inputs").get(0)).put("datatype", "INT8");
        assertError(400, "inputs[0].datatype must be 'FP32'", infer(MODEL, wrongType.toString()));
        ObjectNode shortData = request(1, false, 2);
        ((ArrayNode) shortData.get("inputs").get(0).get("data")).remove(0);
        assertError(400, "inputs[0].data has 3071 values", infer(MODEL, shortData.toString()));
        assertError(413, "inputs[0].shape[0] (the batch) must be 1 to 4",
                infer(MODEL, request(5, false, 2).toString()));
        assertError(400, "malformed JSON body", infer(MODEL, "{"));
        assertError(404, "unknown model 'resnet50'", infer("resnet50",
                request(1, false, 2).toString()));
    }

    private static void assertError(int status, String expected, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains(expected), r.body());
    }

    @Test
    void aShapeDeclaringMoreValuesThanTheBodyHoldsIsRefusedNamingTheShape() {
        // 4 x 3072 values cannot fit in a body of ~100 bytes: refused before any allocation
        HttpResponse<String> r = infer(MODEL, "{\"inputs\":[{\"name\":\"input\","
                + "\"datatype\":\"FP32\",\"shape\":[4,3,32,32],\"data\":[1.0]}]}");
        assertEquals(400, r.statusCode(), r.body());
        String error = json(r).get("error").asText();
        assertTrue(error.startsWith("inputs[0].shape"), error);
        assertTrue(error.contains("12288 values"), error);
    }

    @Test
    void optionalFieldsAreAcceptedAndDuplicateKeysRefused() {
        ObjectNode body = request(1, false, 3);
        body.putObject("parameters").put("binary_data_output", false);
        HttpResponse<String> ok = infer(MODEL, body.toString());
        assertEquals(200, ok.statusCode(), ok.body());
        String dup = body.toString().replaceFirst("\\{", "{\"id\":\"a\",");
        HttpResponse<String> r = infer(MODEL, dup);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains("Duplicate"), r.body());
    }
}
