package dev.hsresnet.deploy.server;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's counters and histograms, rendered in the Prometheus text exposition format
 * (version 0.0.4) by {@code GET /metrics}. Label values come from fixed vocabularies (the known
 * endpoints, status codes, error reasons), so a client cannot grow the set of series.
 */
final class Metrics {

    /** Endpoint labels; any other path is counted as {@code other}. */
    static final List<String> ENDPOINTS = List.of("/v1/predict", "/v1/model", "/health",
            "/metrics", "/v2/infer", "/v2", "other");

    private static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Histogram batchSize = new Histogram(BATCH_SIZES);
    private final Histogram inferenceSeconds = new Histogram(Histogram.SECONDS);
    private final LongAdder inferenceFailures = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final IntSupplier queueDepth;
    private final int queueCapacity;
    private final IntSupplier inFlight;
    private final IntSupplier connections;

    /**
     * @param queueDepth reads the number of images waiting for inference
     * @param queueCapacity the queue's capacity
     * @param inFlight reads the number of requests being handled
     * @param connections reads the number of open connections
     */
    Metrics(IntSupplier queueDepth, int queueCapacity, IntSupplier inFlight,
            IntSupplier connections) {
        this.connections = connections;
        this.queueDepth = queueDepth;
        this.queueCapacity = queueCapacity;
        this.inFlight = inFlight;
        for (String e : ENDPOINTS) {
            latency.put(e, new Histogram(Histogram.SECONDS));
        }
    }

    /**
     * @return {@code path} when it is a known endpoint, {@code /v2/infer} for a v2 inference,
     *     {@code /v2} for the other v2 paths, else {@code other}
     */
    static String endpointOf(String path) {
        if (path.startsWith("/v2/models/") && path.endsWith("/infer")) {
            return "/v2/infer";
        }
        if (path.equals("/v2") || path.startsWith("/v2/") && !path.equals("/v2/infer")) {
            return "/v2";
        }
        return ENDPOINTS.contains(path) ? path : "other";
    }

    /**
     * Records an answered request.
     *
     * @param endpoint one of {@link #ENDPOINTS}
     * @param status the HTTP status sent
     * @param seconds time from the start of handling to the answer
     */
    void request(String endpoint, int status, double seconds) {
        String e = endpointOf(endpoint);
        requests.computeIfAbsent(e + "\u0000" + status, k -> new LongAdder()).increment();
        latency.get(e).observe(seconds);
        if (status >= 400) {
            errors.computeIfAbsent(reasonOf(status), k -> new LongAdder()).increment();
        }
    }

    /** Records a request whose connection failed before it could be answered. */
    void abandoned() {
        abandoned.increment();
    }

    /** Records one call to the network. */
    void batch(int size, double seconds, boolean failed) {
        batchSize.observe(size);
        inferenceSeconds.observe(seconds);
        if (failed) {
            inferenceFailures.increment();
        }
    }

    /** The error vocabulary: a fixed name per status class the server sends. */
    static String reasonOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 414, 431 -> "header_too_large";
            case 503 -> "overloaded";
            case 504 -> "inference_timeout";
            default -> status >= 500 ? "internal" : "client_other";
        };
    }

    /** @return the exposition text */
    String render() {
        StringBuilder out = new StringBuilder(4096);
        header(out, "hsresnet_http_requests_total", "counter",
                "Requests answered, by endpoint and HTTP status code.");
        Map<String, LongAdder> sorted = new TreeMap<>(requests);
        sorted.forEach((key, n) -> {
            String[] parts = key.split("\u0000");
            out.append("hsresnet_http_requests_total{endpoint=\"").append(parts[0])
                    .append("\",code=\"").append(parts[1]).append("\"} ").append(n.sum())
                    .append('\n');
        });
        header(out, "hsresnet_http_request_duration_seconds", "histogram",
                "Time from handling a request to sending its answer, in seconds.");
        for (String e : ENDPOINTS) {
            if (latency.get(e).count() > 0) {
                latency.get(e).render(out, "hsresnet_http_request_duration_seconds",
                        "endpoint=\"" + e + "\"");
            }
        }
        header(out, "hsresnet_http_errors_total", "counter",
                "Requests answered with a 4xx or 5xx status, by reason.");
        new TreeMap<>(errors).forEach((reason, n) -> out
                .append("hsresnet_http_errors_total{reason=\"").append(reason).append("\"} ")
                .append(n.sum()).append('\n'));
        header(out, "hsresnet_http_abandoned_total", "counter",
                "Requests whose connection failed before they could be answered.");
        out.append("hsresnet_http_abandoned_total ").append(abandoned.sum()).append('\n');
        header(out, "hsresnet_http_in_flight", "gauge", "Requests being handled.");
        out.append("hsresnet_http_in_flight ").append(inFlight.getAsInt()).append('\n');
        header(out, "hsresnet_http_open_connections", "gauge", "Open client connections.");
        out.append("hsresnet_http_open_connections ").append(connections.getAsInt())
                .append('\n');
        header(out, "hsresnet_queue_depth", "gauge", "Images waiting for inference.");
        out.append("hsresnet_queue_depth ").append(queueDepth.getAsInt()).append('\n');
        header(out, "hsresnet_queue_capacity", "gauge",
                "Images that may wait for inference before requests are refused with 503.");
        out.append("hsresnet_queue_capacity ").append(queueCapacity).append('\n');
        header(out, "hsresnet_batch_size", "histogram", "Images per call to the network.");
        batchSize.render(out, "hsresnet_batch_size", "");
        header(out, "hsresnet_inference_duration_seconds", "histogram",
                "Time of one call to the network (one batch), in seconds.");
        inferenceSeconds.render(out, "hsresnet_inference_duration_seconds", "");
        header(out, "hsresnet_inference_failures_total", "counter",
                "Calls to the network that threw.");
        out.append("hsresnet_inference_failures_total ").append(inferenceFailures.sum())
                .append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
