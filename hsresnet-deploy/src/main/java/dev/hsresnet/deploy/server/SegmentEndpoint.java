package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.data.Image;
import dev.hsresnet.deploy.segmentation.MaskPng;
import dev.hsresnet.deploy.segmentation.SegmentationJson;
import dev.hsresnet.deploy.segmentation.SegmentationResult;
import dev.hsresnet.deploy.segmentation.Segmenter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /v1/predict[?format=json|png]} for a segmentation model: reads the images ({@link
 * Uploads}), decodes and normalizes them on the calling worker thread (whole, at their own size),
 * queues them for the {@link Batcher} (which stacks only images of one size) and answers when
 * they have run. One image is answered, by default, with {@link SegmentationJson}'s summary:
 *
 * <pre>{@code
 * {"model": "camvid-fpn", "width": 480, "height": 360,
 *  "classes": [{"index": 0, "name": "Sky", "pixels": 41210, "fraction": 0.2385}, ...],
 *  "backend": "djl", "timeMs": 130.2}
 * }</pre>
 *
 * and with the mask as an index PNG ({@link MaskPng}: {@code image/png}, 8-bit gray up to 256
 * classes, else 16-bit) when {@link AnswerFormat} says so ({@code ?format=png} or {@code Accept:
 * image/png}). A batch (several file parts, or JSON instances) is answered in JSON only, with one
 * entry per image in order, {@code {"width", "height", "classes"}} or {@code {"error",
 * "status"}}, as {@link PredictEndpoint} does.
 *
 * <p>An image's pixels count against the {@link DecodeBudget} from before it is decoded until its
 * result is done (or its request gave up), not just while it is decoded: a segmentation input is
 * held at full size through the queue and the network. A request takes the permits of all its
 * images at once, so that two requests never wait for each other's.
 */
final class SegmentEndpoint implements Endpoint {

    private final Segmenter segmenter;
    private final Batcher<Image, SegmentationResult> batcher;
    private final DecodeBudget budget;
    private final ServerOptions options;

    SegmentEndpoint(Segmenter segmenter, Batcher<Image, SegmentationResult> batcher,
            DecodeBudget budget, ServerOptions options) {
        this.segmenter = segmenter;
        this.batcher = batcher;
        this.budget = budget;
        this.options = options;
    }

    @Override
    public void handle(Call call) throws HttpError {
        AnswerFormat format = AnswerFormat.of(
                Query.parse(call.request().rawQuery(), Set.of("format")).get("format"),
                call.request().header("Accept"));
        Uploads.Images images = Uploads.read(call.request(), options.maxImagesPerRequest());
        if (images.batch() && format == AnswerFormat.PNG) {
            throw new HttpError(400, "a PNG answer holds one mask, and this request has "
                    + images.images().size() + " images: send one image per request, or ask "
                    + "for JSON");
        }
        int permits = budget.acquire(declaredPixels(images.images()), call.deadlineNanos());
        List<Object> outcomes = new ArrayList<>(); // per image: its future, or its HttpError
        List<CompletableFuture<SegmentationResult>> futures = List.of();
        try {
            List<Image> decoded = new ArrayList<>();
            for (Uploads.Upload upload : images.images()) {
                try {
                    Image image = decode(upload);
                    decoded.add(image);
                    outcomes.add(image);
                } catch (HttpError e) {
                    if (!images.batch()) {
                        throw e;
                    }
                    outcomes.add(e);
                }
            }
            futures = submit(decoded);
            for (int i = 0, f = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) instanceof Image) {
                    outcomes.set(i, futures.get(f++));
                }
            }
        } finally {
            releaseWhenDone(permits, futures);
        }
        if (images.batch()) {
            Answers.whenAll(call, futures, options.requestTimeout(),
                    () -> Json.write(timed(call, batch(outcomes))));
            return;
        }
        CompletableFuture<SegmentationResult> one = futures.get(0);
        Answers.sendWhenAll(call, futures, options.requestTimeout(),
                () -> format == AnswerFormat.PNG
                        ? new Answers.Body("image/png", MaskPng.encode(one.join().mask(),
                                segmenter.numClasses()))
                        : Answers.Body.json(Json.write(timed(call,
                                withBackend(SegmentationJson.toJson(one.join()))))));
    }

    /** @return the pixels the images' headers declare, counting none for those refused anyway */
    private long declaredPixels(List<Uploads.Upload> uploads) {
        long sum = 0;
        for (Uploads.Upload u : uploads) {
            long declared = DecodeBudget.declaredPixels(u.bytes());
            if (declared > 0 && declared <= options.maxImagePixels()) {
                sum = Math.addExact(sum, declared);
            }
        }
        return sum;
    }

    /** Returns the permits once every image ran (or gave up); at once when none was queued. */
    private void releaseWhenDone(int permits, List<CompletableFuture<SegmentationResult>> futures) {
        if (futures.isEmpty()) {
            budget.release(permits);
            return;
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .whenComplete((done, failure) -> budget.release(permits));
    }

    private Image decode(Uploads.Upload upload) throws HttpError {
        Image image = Decoding.decode(upload, segmenter::decode);
        return Decoding.preprocess(() -> segmenter.preprocess(image));
    }

    /** Queues all the images or none: 503 when the queue has no room for all. */
    private List<CompletableFuture<SegmentationResult>> submit(List<Image> images)
            throws HttpError {
        if (images.isEmpty()) {
            return List.of();
        }
        try {
            return batcher.submitAll(images);
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, e.getMessage());
        }
    }

    private ObjectNode withBackend(ObjectNode o) {
        o.put("backend", segmenter.backendKind().id());
        return o;
    }

    private static ObjectNode timed(Call call, ObjectNode o) {
        o.put("timeMs", Math.round(call.elapsedMillis() * 1000) / 1000.0);
        return o;
    }

    @SuppressWarnings("unchecked")
    private ObjectNode batch(List<Object> outcomes) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", segmenter.config().name());
        o.put("backend", segmenter.backendKind().id());
        ArrayNode results = o.putArray("results");
        for (Object outcome : outcomes) {
            if (outcome instanceof HttpError e) {
                results.addObject().put("error", e.getMessage()).put("status", e.status());
            } else {
                ObjectNode r = SegmentationJson.toJson(
                        ((CompletableFuture<SegmentationResult>) outcome).join());
                r.remove("model");
                results.add(r);
            }
        }
        return o;
    }
}
