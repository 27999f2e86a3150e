package dev.hsresnet.deploy.server;

import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import dev.hsresnet.train.data.Image;
import dev.hsresnet.train.data.ImageBudgetException;
import dev.hsresnet.train.data.ImageTooLargeException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/predict[?top_k=K]}: reads the image (raw bytes, or the first file part of a
 * multipart form), decodes and preprocesses it on the calling worker thread, queues it for the
 * {@link Batcher} and answers when its batch has run:
 *
 * <pre>{@code
 * {"model": "hs_resnet29_cifar", "backend": "djl",
 *  "predictions": [{"index": 3, "label": "cat", "probability": 0.91}, ...], "timeMs": 12.4}
 * }</pre>
 */
final class PredictEndpoint implements Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(PredictEndpoint.class);

    private final Classifier classifier;
    private final Batcher batcher;
    private final DecodeBudget budget;
    private final ServerOptions options;
    private final String prefix;

    PredictEndpoint(Classifier classifier, Batcher batcher, DecodeBudget budget,
            ServerOptions options) {
        this.classifier = classifier;
        this.batcher = batcher;
        this.budget = budget;
        this.options = options;
        this.prefix = "{\"model\":" + Json.quote(classifier.config().name()) + ",\"backend\":"
                + Json.quote(classifier.backendKind().id()) + ",\"predictions\":[";
    }

    @Override
    public void handle(Call call) throws HttpError, IOException {
        int topK = topK(call.exchange().getRequestURI().getRawQuery(), options.defaultTopK(),
                options.maxTopK());
        Upload upload = Upload.read(call, options.maxBodyBytes());
        float[] pixels = decodeWithinBudget(upload, call.deadlineNanos());
        CompletableFuture<List<Prediction>> result;
        try {
            result = batcher.submit(pixels, topK);
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, e.getMessage());
        }
        long left = call.deadlineNanos() - System.nanoTime();
        result.orTimeout(Math.max(0, left), TimeUnit.NANOSECONDS)
                .whenComplete((top, failure) -> answer(call, top, failure));
    }

    /** Decodes and preprocesses, holding the image's share of the decoding budget meanwhile. */
    private float[] decodeWithinBudget(Upload upload, long deadlineNanos) throws HttpError {
        long declared = DecodeBudget.declaredPixels(upload.bytes());
        if (declared < 0 || declared > options.maxImagePixels()) {
            return preprocess(decode(upload)); // refused by the decoder, before any pixel
        }
        int permits = budget.acquire(declared, deadlineNanos);
        try {
            return preprocess(decode(upload));
        } finally {
            budget.release(permits);
        }
    }

    /** 413 for too many pixels (declared, or of the resize), 400 for anything else wrong. */
    private Image decode(Upload upload) throws HttpError {
        try {
            return classifier.decode(upload.bytes(), upload.source());
        } catch (ImageTooLargeException e) {
            throw new HttpError(413, e.getMessage());
        } catch (IOException e) {
            throw new HttpError(400, e.getMessage());
        }
    }

    private float[] preprocess(Image image) throws HttpError {
        try {
            return classifier.preprocess(image);
        } catch (ImageBudgetException e) {
            throw new HttpError(413, "cannot preprocess the image: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "cannot preprocess the image: " + e.getMessage());
        }
    }

    private void answer(Call call, List<Prediction> top, Throwable failure) {
        try {
            if (failure == null) {
                call.json(200, json(top, call.elapsedMillis()));
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                call.error(504, "inference did not finish within the request timeout of "
                        + options.requestTimeout().toMillis() + " ms");
            } else if (cause instanceof CancellationException) {
                call.error(503, cause.getMessage() != null ? cause.getMessage()
                        : "the request was cancelled");
            } else {
                call.error(500, "inference failed: " + (cause.getMessage() != null
                        ? cause.getMessage() : cause.getClass().getSimpleName()));
            }
        } catch (RuntimeException e) {
            LOG.error("could not answer a prediction", e);
            call.error(500, "internal error (" + e.getClass().getSimpleName() + ")");
        }
    }

    private String json(List<Prediction> top, double millis) {
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < top.size(); i++) {
            Prediction p = top.get(i);
            b.append(i > 0 ? "," : "").append("{\"index\":").append(p.index())
                    .append(",\"label\":").append(Json.quote(p.label()))
                    .append(",\"probability\":").append(Json.number(p.probability())).append('}');
        }
        return b.append("],\"timeMs\":").append(Json.number(Math.round(millis * 1000) / 1000.0))
                .append('}').toString();
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
        if (rawQuery == null || rawQuery.isEmpty()) {
            return defaultTopK;
        }
        Integer k = null;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!name.equals("top_k")) {
                throw new HttpError(400, "unknown query parameter '" + Router.clip(name)
                        + "' (only top_k is accepted)");
            }
            if (k != null) {
                throw new HttpError(400, "top_k given more than once");
            }
            k = parseTopK(value, maxTopK);
        }
        return k == null ? defaultTopK : k;
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

    private static String decode(String s) throws HttpError {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed query string: " + e.getMessage());
        }
    }

    /**
     * The encoded image of a request.
     *
     * @param bytes the image file's bytes
     * @param source what they are, for messages
     */
    record Upload(byte[] bytes, String source) {

        /**
         * Reads the body: raw image bytes ({@code image/*}, {@code application/octet-stream} or
         * no type) or a multipart form. The media type is checked before the body is read.
         *
         * @throws HttpError 415 for another media type, 413 when too large, 400 when empty or not
         *     a valid form
         */
        static Upload read(Call call, long maxBytes) throws HttpError, IOException {
            String type = call.exchange().getRequestHeaders().getFirst("Content-Type");
            String base = type == null ? "" : type.split(";", 2)[0].strip()
                    .toLowerCase(Locale.ROOT);
            boolean multipart = base.equals("multipart/form-data");
            if (!(base.isEmpty() || base.startsWith("image/")
                    || base.equals("application/octet-stream") || multipart)) {
                throw new HttpError(415, "unsupported Content-Type '" + Router.clip(type)
                        + "': send the image bytes as image/* or application/octet-stream, or a "
                        + "multipart/form-data upload");
            }
            String boundary = multipart ? Multipart.boundary(type) : null;
            byte[] body = BodyReader.read(call.exchange(), maxBytes, call.deadlineNanos());
            if (body.length == 0) {
                throw new HttpError(400, "empty request body: send the image's bytes");
            }
            if (!multipart) {
                return new Upload(body, "request body");
            }
            Multipart.Part part = Multipart.firstFile(body, boundary);
            if (part.content().length == 0) {
                throw new HttpError(400, "the uploaded file is empty");
            }
            String name = part.filename() == null || part.filename().isEmpty() ? ""
                    : " '" + Router.clip(part.filename()) + "'";
            return new Upload(part.content(), "uploaded file" + name);
        }
    }
}
