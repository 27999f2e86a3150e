package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The Open Inference Protocol (KServe v2, REST/JSON), so that Triton's and KServe's clients can
 * call the server:
 *
 * <ul>
 *   <li>{@code GET /v2}: server metadata; {@code GET /v2/health/live}, {@code /v2/health/ready};
 *   <li>{@code GET /v2/models/{name}}: model metadata, input {@code input} FP32 {@code [-1, C, S,
 *       S]} (NCHW, already preprocessed: resized, cropped and normalized as {@code GET /v1/model}
 *       describes), output {@code probabilities} FP32 {@code [-1, K]} (softmax);
 *   <li>{@code GET /v2/models/{name}/ready};
 *   <li>{@code POST /v2/models/{name}/infer}: {@code {"id"?, "inputs": [{"name": "input",
 *       "shape": [N, C, S, S], "datatype": "FP32", "data": [...]}]}} with flat or nested data,
 *       answered {@code {"model_name", "model_version", "id"?, "outputs": [{"name":
 *       "probabilities", "shape": [N, K], "datatype": "FP32", "data": [...]}]}}.
 * </ul>
 *
 * Errors are {@code {"error": message}} as the protocol asks; the images go through the same
 * {@link Batcher} as {@code /v1/predict}.
 */
final class V2Endpoints {

    private static final String INPUT = "input";
    private static final String OUTPUT = "probabilities";
    private static final String VERSION = "1";

    private final Classifier classifier;
    private final Batcher<ClassifierRunner.Input, List<Prediction>> batcher;
    private final ServerOptions options;
    private final String name;
    private final int channels;
    private final int size;
    private final int classes;
    private final Router.Route server;
    private final Router.Route live;
    private final Router.Route healthReady;
    private final Router.Route model;
    private final Router.Route modelReady;
    private final Router.Route infer;

    V2Endpoints(Classifier classifier, Batcher<ClassifierRunner.Input, List<Prediction>> batcher,
            ServerOptions options, BooleanSupplier ready) {
        this.classifier = classifier;
        this.batcher = batcher;
        this.options = options;
        this.name = classifier.config().name();
        this.channels = classifier.config().architecture().inChannels();
        this.size = classifier.config().inputSize();
        this.classes = classifier.config().architecture().numClasses();
        String serverJson = Json.write(serverMetadata());
        String modelJson = Json.write(modelMetadata());
        this.server = get(call -> call.json(200, serverJson));
        this.live = get(call -> call.json(200, "{\"live\":true}"));
        this.healthReady = get(call -> {
            boolean now = ready.getAsBoolean();
            call.json(now ? 200 : 503, "{\"ready\":" + now + "}");
        });
        this.model = get(call -> call.json(200, modelJson));
        String readyPrefix = "{\"name\":" + Json.write(name) + ",\"ready\":";
        this.modelReady = get(call -> call.json(200, readyPrefix + ready.getAsBoolean() + "}"));
        this.infer = new Router.Route("POST", this::infer, true);
    }

    /** @return the route of a {@code /v2} path, or null when it is none */
    Router.Route route(String path) {
        switch (path) {
            case "/v2":
                return server;
            case "/v2/health/live":
                return live;
            case "/v2/health/ready":
                return healthReady;
            default:
                break;
        }
        if (!path.startsWith("/v2/models/")) {
            return null;
        }
        String rest = path.substring("/v2/models/".length());
        int slash = rest.indexOf('/');
        String asked = slash < 0 ? rest : rest.substring(0, slash);
        String action = slash < 0 ? "" : rest.substring(slash);
        if (!action.isEmpty() && !action.equals("/ready") && !action.equals("/infer")) {
            return null;
        }
        if (!asked.equals(name)) {
            return new Router.Route(action.equals("/infer") ? "POST" : "GET", call -> {
                throw new HttpError(404, "unknown model '" + Router.clip(asked)
                        + "'; this server serves '" + name + "'");
            }, false);
        }
        return switch (action) {
            case "" -> model;
            case "/ready" -> modelReady;
            default -> infer;
        };
    }

    private static Router.Route get(Endpoint endpoint) {
        return new Router.Route("GET", endpoint, false);
    }

    private ObjectNode serverMetadata() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", "hsresnet");
        o.put("version", VERSION);
        o.putArray("extensions");
        return o;
    }

    private ObjectNode modelMetadata() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", name);
        o.putArray("versions").add(VERSION);
        o.put("platform", "hsresnet_" + classifier.backendKind().id());
        tensor(o.putArray("inputs"), INPUT, -1, channels, size, size);
        tensor(o.putArray("outputs"), OUTPUT, -1, classes);
        return o;
    }

    private static ObjectNode tensor(ArrayNode list, String name, long... shape) {
        ObjectNode t = list.addObject();
        t.put("name", name);
        t.put("datatype", "FP32");
        ArrayNode s = t.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        return t;
    }

    private void infer(Call call) throws HttpError {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(call.request().body());
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed JSON body: " + Router.clip(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new HttpError(400, "cannot read the JSON body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new HttpError(400, "the body must be a JSON object with \"inputs\"");
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw new HttpError(400, "inputs must be a list of exactly one tensor, named '"
                    + INPUT + "'");
        }
        JsonNode input = inputs.get(0);
        JsonNode tensorName = input.get("name");
        if (tensorName == null || !INPUT.equals(tensorName.asText())) {
            throw new HttpError(400, "inputs[0].name must be '" + INPUT + "', got "
                    + Router.clip(String.valueOf(tensorName)));
        }
        JsonNode datatype = input.get("datatype");
        if (datatype == null || !"FP32".equals(datatype.asText())) {
            throw new HttpError(400, "inputs[0].datatype must be 'FP32', got "
                    + Router.clip(String.valueOf(datatype)));
        }
        int n = batchOf(input.get("shape"));
        int length = channels * size * size;
        long declared = (long) n * length;
        long bodyBytes = call.request().body().length;
        if (declared > bodyBytes / 2) { // every JSON number takes a digit and a separator
            throw new HttpError(400, "inputs[0].shape [" + n + ", " + channels + ", " + size
                    + ", " + size + "] declares " + declared + " values, more than a body of "
                    + bodyBytes + " bytes can hold");
        }
        JsonNode values = input.get("data");
        if (values == null || !values.isArray()) {
            throw new HttpError(400, "inputs[0].data must be a list of numbers (flat or nested)");
        }
        List<float[]> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            images.add(new float[length]);
        }
        long filled = flatten(values, images, length, 0);
        if (filled != declared) {
            throw new HttpError(400, "inputs[0].data has " + filled + " values, the shape ["
                    + n + ", " + channels + ", " + size + ", " + size + "] needs " + declared);
        }
        List<CompletableFuture<List<Prediction>>> rows;
        try {
            rows = batcher.submitAll(ClassifierRunner.inputs(images, classes));
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, e.getMessage());
        }
        JsonNode id = root.get("id");
        Answers.whenAll(call, rows, options.requestTimeout(), () -> Json.write(answer(id, rows)));
    }

    private ObjectNode answer(JsonNode id, List<CompletableFuture<List<Prediction>>> rows) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model_name", name);
        o.put("model_version", VERSION);
        if (id != null && id.isTextual()) {
            o.put("id", id.asText());
        }
        ObjectNode out = tensor(o.putArray("outputs"), OUTPUT, rows.size(), classes);
        ArrayNode data = out.putArray("data");
        for (CompletableFuture<List<Prediction>> row : rows) {
            double[] p = new double[classes];
            for (Prediction pr : row.join()) {
                p[pr.index()] = pr.probability();
            }
            for (double v : p) {
                data.add((float) v);
            }
        }
        return o;
    }

    /** @return N of a shape {@code [N, C, S, S]} that matches the model */
    private int batchOf(JsonNode shape) throws HttpError {
        String want = "[N, " + channels + ", " + size + ", " + size + "]";
        if (shape == null || !shape.isArray() || shape.size() != 4) {
            throw new HttpError(400, "inputs[0].shape must be " + want + ", got "
                    + Router.clip(String.valueOf(shape)));
        }
        for (int i = 0; i < 4; i++) {
            if (!shape.get(i).canConvertToInt()) {
                throw new HttpError(400, "inputs[0].shape[" + i + "] must be an integer, got "
                        + Router.clip(shape.get(i).toString()));
            }
        }
        if (shape.get(1).asInt() != channels || shape.get(2).asInt() != size
                || shape.get(3).asInt() != size) {
            throw new HttpError(400, "inputs[0].shape must be " + want + ", got " + shape);
        }
        int n = shape.get(0).asInt();
        if (n < 1 || n > options.maxImagesPerRequest()) {
            throw new HttpError(n < 1 ? 400 : 413, "inputs[0].shape[0] (the batch) must be 1 to "
                    + options.maxImagesPerRequest() + ", got " + n);
        }
        return n;
    }

    /**
     * Copies numbers depth-first into {@code images}, {@code length} to an image.
     *
     * @return the count seen (may exceed the room)
     */
    private static long flatten(JsonNode node, List<float[]> images, int length, long at)
            throws HttpError {
        long room = (long) images.size() * length;
        for (JsonNode v : node) {
            if (v.isArray()) {
                at = flatten(v, images, length, at);
            } else if (v.isNumber()) {
                if (at < room) {
                    images.get((int) (at / length))[(int) (at % length)] = v.floatValue();
                }
                at++;
            } else {
                throw new HttpError(400, "inputs[0].data holds " + Router.clip(v.toString())
                        + " at position " + at + ", not a number");
            }
        }
        return at;
    }
}
