package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.data.Image;
import dev.hsresnet.deploy.detection.DetectionInput;
import dev.hsresnet.deploy.detection.DetectionJson;
import dev.hsresnet.deploy.detection.FcosImageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * {@code POST /v1/predict[?threshold=T]} for a model of the FCOS family (a detector, an instance
 * segmenter): reads the images ({@link Uploads}), decodes them and makes them ready ({@link
 * FcosImageModel#prepare}: resized to the model's inference size, normalized, padded) on the
 * calling worker thread, queues them for the {@link Batcher} and answers when they have run. One
 * image is answered with the model's JSON form ({@link DetectionJson}'s for a detector, {@code
 * InstanceJson}'s with the masks for an instance segmenter), in the uploaded image's pixels:
 *
 * <pre>{@code
 * {"model": "raccoon-fcos", "width": 640, "height": 480,
 *  "detections": [{"label": "raccoon", "classIndex": 0, "score": 0.91,
 *                  "box": {"x1": 81.5, "y1": 40.2, "x2": 355.0, "y2": 471.9}}],
 *  "backend": "djl", "timeMs": 41.7}
 * }</pre>
 *
 * {@code threshold} (in [0, 1)) replaces the model's score threshold for this request. A batch
 * (several file parts, or JSON instances) is answered with one entry per image in order, its
 * JSON without {@code model} ({@code {"width", "height", "detections"}}) or {@code {"error",
 * "status"}}, as {@link PredictEndpoint} does.
 *
 * <p>An image holds its share of the {@link DecodeBudget} only while it is decoded and resized:
 * what waits in the queue is the resized input, at most {@code maxSize} on its long side.
 */
final class DetectEndpoint<R> implements Endpoint {

    private final FcosImageModel<?, R> detector;
    private final Function<R, ObjectNode> json;
    private final Batcher<ServedFcosModel.Queued, R> batcher;
    private final DecodeBudget budget;
    private final ServerOptions options;

    /**
     * @param detector the model
     * @param json a result's JSON form
     * @param batcher the model's queue
     * @param budget the server's decoding budget
     * @param options the server's settings
     */
    DetectEndpoint(FcosImageModel<?, R> detector, Function<R, ObjectNode> json,
            Batcher<ServedFcosModel.Queued, R> batcher, DecodeBudget budget,
            ServerOptions options) {
        this.detector = detector;
        this.json = json;
        this.batcher = batcher;
        this.budget = budget;
        this.options = options;
    }

    @Override
    public void handle(Call call) throws HttpError {
        double threshold = threshold(call.request().rawQuery(), detector.scoreThreshold());
        Uploads.Images images = Uploads.read(call.request(), options.maxImagesPerRequest());
        List<Object> outcomes = new ArrayList<>(); // per image: its input, then its future; or
                                                   // its HttpError
        List<ServedFcosModel.Queued> prepared = new ArrayList<>();
        for (Uploads.Upload upload : images.images()) {
            try {
                ServedFcosModel.Queued q = new ServedFcosModel.Queued(
                        prepareWithinBudget(upload, call.deadlineNanos()), threshold);
                prepared.add(q);
                outcomes.add(q);
            } catch (HttpError e) {
                if (!images.batch()) {
                    throw e;
                }
                outcomes.add(e);
            }
        }
        List<CompletableFuture<R>> futures = submit(prepared);
        for (int i = 0, f = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof ServedFcosModel.Queued) {
                outcomes.set(i, futures.get(f++));
            }
        }
        if (images.batch()) {
            Answers.whenAll(call, futures, options.requestTimeout(),
                    () -> Json.write(timed(call, batch(outcomes))));
            return;
        }
        CompletableFuture<R> one = futures.get(0);
        Answers.whenAll(call, futures, options.requestTimeout(), () -> Json.write(timed(call,
                json.apply(one.join()).put("backend", detector.backendKind().id()))));
    }

    /**
     * Reads {@code threshold} from the query; any other parameter is refused, so a typo is not
     * silently ignored.
     *
     * @param rawQuery the undecoded query, or null
     * @param fallback the model's threshold
     * @return the threshold
     * @throws HttpError 400 naming the bad parameter or value
     */
    static double threshold(String rawQuery, double fallback) throws HttpError {
        String t = Query.parse(rawQuery, Set.of("threshold")).get("threshold");
        if (t == null) {
            return fallback;
        }
        String message = "threshold must be a number in [0, 1), got '" + Router.clip(t) + "'";
        double v;
        try {
            v = Double.parseDouble(t.strip());
        } catch (NumberFormatException e) {
            throw new HttpError(400, message);
        }
        if (!(v >= 0 && v < 1)) {
            throw new HttpError(400, message);
        }
        return v;
    }

    /** Decodes and prepares, holding the image's share of the decoding budget meanwhile. */
    private DetectionInput prepareWithinBudget(Uploads.Upload upload, long deadlineNanos)
            throws HttpError {
        int permits = budget.acquireFor(upload.bytes(), options.maxImagePixels(), deadlineNanos);
        try {
            Image image = Decoding.decode(upload, detector::decode);
            return Decoding.preprocess(() -> detector.prepare(image));
        } finally {
            budget.release(permits);
        }
    }

    /** Queues all the images or none: 503 when the queue has no room for all. */
    private List<CompletableFuture<R>> submit(List<ServedFcosModel.Queued> inputs)
            throws HttpError {
        if (inputs.isEmpty()) {
            return List.of();
        }
        try {
            return batcher.submitAll(inputs);
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, e.getMessage());
        }
    }

    private static ObjectNode timed(Call call, ObjectNode o) {
        o.put("timeMs", Math.round(call.elapsedMillis() * 1000) / 1000.0);
        return o;
    }

    @SuppressWarnings("unchecked")
    private ObjectNode batch(List<Object> outcomes) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", detector.config().name());
        o.put("backend", detector.backendKind().id());
        ArrayNode results = o.putArray("results");
        for (Object outcome : outcomes) {
            if (outcome instanceof HttpError e) {
                results.addObject().put("error", e.getMessage()).put("status", e.status());
            } else {
                ObjectNode r = json.apply(((CompletableFuture<R>) outcome).join());
                r.remove("model");
                results.add(r);
            }
        }
        return o;
    }
}
