package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.data.Image;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /v1/predict[?top_k=K]}: reads the images ({@link Uploads}), decodes and
 * preprocesses them on the calling worker thread, queues them for the {@link Batcher} and answers
 * when their batches have run. One image:
 *
 * <pre>{@code
 * {"model": "hs_resnet29_cifar", "backend": "djl",
 *  "predictions": [{"index": 3, "label": "cat", "probability": 0.91}, ...], "timeMs": 12.4}
 * }</pre>
 *
 * <p>A batch (several file parts, or JSON instances) is answered 200 with one entry per image, in
 * order; an image that cannot be decoded gets its own error and status, the others their
 * predictions:
 *
 * <pre>{@code
 * {"model": ..., "backend": ..., "results": [{"predictions": [...]},
 *   {"error": "not a recognised image format: instances[1]", "status": 400}], "timeMs": 20.1}
 * }</pre>
 *
 * A full queue (503) or a missed deadline (504) fails the whole request.
 */
final class PredictEndpoint implements Endpoint {

    private final Classifier classifier;
    private final Batcher<ClassifierRunner.Input, List<Prediction>> batcher;
    private final DecodeBudget budget;
    private final ServerOptions options;

    PredictEndpoint(Classifier classifier,
            Batcher<ClassifierRunner.Input, List<Prediction>> batcher, DecodeBudget budget,
            ServerOptions options) {
        this.classifier = classifier;
        this.batcher = batcher;
        this.budget = budget;
        this.options = options;
    }

    @Override
    public void handle(Call call) throws HttpError {
        int topK = topK(call.request().rawQuery(), options.defaultTopK(), options.maxTopK());
        Uploads.Images images = Uploads.read(call.request(), options.maxImagesPerRequest());
        if (!images.batch()) {
            float[] pixels = decodeWithinBudget(images.images().get(0), call.deadlineNanos());
            whenDone(call, submit(List.of(pixels), topK), results -> single(results.get(0)));
            return;
        }
        List<Object> outcomes = new ArrayList<>(); // a future, or the image's HttpError
        for (Uploads.Upload upload : images.images()) {
            try {
                outcomes.add(decodeWithinBudget(upload, call.deadlineNanos()));
            } catch (HttpError e) {
                outcomes.add(e);
            }
        }
        List<float[]> decoded = new ArrayList<>();
        for (Object outcome : outcomes) {
            if (outcome instanceof float[] pixels) {
                decoded.add(pixels);
            }
        }
        List<CompletableFuture<List<Prediction>>> futures = submit(decoded, topK);
        for (int i = 0, f = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof float[]) {
                outcomes.set(i, futures.get(f++));
            }
        }
        whenDone(call, futures, results -> batch(outcomes));
    }

    /** Queues all the images or none: 503 when the queue has no room for all. */
    private List<CompletableFuture<List<Prediction>>> submit(List<float[]> pixels, int topK)
            throws HttpError {
        try {
            return batcher.submitAll(ClassifierRunner.inputs(pixels, topK));
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, e.getMessage());
        }
    }

    /** Answers once every future is done: 200 with {@code body}, or the failure's status. */
    private void whenDone(Call call, List<CompletableFuture<List<Prediction>>> futures,
            Function<List<List<Prediction>>, ObjectNode> body) {
        Answers.whenAll(call, futures, options.requestTimeout(), () -> {
            ObjectNode o = body.apply(futures.stream().map(CompletableFuture::join).toList());
            o.put("timeMs", Math.round(call.elapsedMillis() * 1000) / 1000.0);
            return Json.write(o);
        });
    }

    private ObjectNode answer() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", classifier.config().name());
        o.put("backend", classifier.backendKind().id());
        return o;
    }

    private ObjectNode single(List<Prediction> top) {
        ObjectNode o = answer();
        o.set("predictions", predictions(top));
        return o;
    }

    @SuppressWarnings("unchecked")
    private ObjectNode batch(List<Object> outcomes) {
        ObjectNode o = answer();
        ArrayNode results = o.putArray("results");
        for (Object outcome : outcomes) {
            ObjectNode r = results.addObject();
            if (outcome instanceof HttpError e) {
                r.put("error", e.getMessage());
                r.put("status", e.status());
            } else {
                r.set("predictions", predictions(
                        ((CompletableFuture<List<Prediction>>) outcome).join()));
            }
        }
        return o;
    }

    private static ArrayNode predictions(List<Prediction> top) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Prediction p : top) {
            a.addObject().put("index", p.index()).put("label", p.label())
                    .put("probability", p.probability());
        }
        return a;
    }

    /** Decodes and preprocesses, holding the image's share of the decoding budget meanwhile. */
    private float[] decodeWithinBudget(Uploads.Upload upload, long deadlineNanos) throws HttpError {
        int permits = budget.acquireFor(upload.bytes(), options.maxImagePixels(), deadlineNanos);
        try {
            Image image = Decoding.decode(upload, classifier::decode);
            return Decoding.preprocess(() -> classifier.preprocess(image));
        } finally {
            budget.release(permits);
        }
    }

    /**
     * Reads {@code top_k} from the query; any other parameter is refused, so a typo such as
     * {@code topk=3} is not silently ignored.
     *
     * @param rawQuery the undecoded query, or null
     * @return {@code top_k}, or {@code defaultTopK} when absent
     * @throws HttpError 400 naming the bad parameter or value
     */
    static int topK(String rawQuery, int defaultTopK, int maxTopK) throws HttpError {
        String k = Query.parse(rawQuery, Set.of("top_k")).get("top_k");
        return k == null ? defaultTopK : parseTopK(k, maxTopK);
    }

    private static int parseTopK(String value, int maxTopK) throws HttpError {
        String message = "top_k must be an integer from 1 to " + maxTopK + ", got '"
                + Router.clip(value) + "'";
        int k;
        try {
            k = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new HttpError(400, message);
        }
        if (k < 1 || k > maxTopK) {
            throw new HttpError(400, message);
        }
        return k;
    }
}
