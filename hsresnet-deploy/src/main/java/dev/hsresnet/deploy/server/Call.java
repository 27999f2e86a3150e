package dev.hsresnet.deploy.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request being handled: answers it exactly once (from whichever thread finishes it), counts
 * the answer in the metrics and releases its place in {@link InFlight}. The answer is handed to
 * the connection, which writes it on its event loop and then reads the next request (or closes).
 */
final class Call {

    static final String JSON = "application/json; charset=utf-8";

    /** How long a 503 asks the client to wait before retrying, in seconds. */
    private static final String RETRY_AFTER_SECONDS = "1";

    /** Where the answer goes: the request's connection. */
    interface Responder {

        /**
         * @param response the answer, written and released by the connection
         * @param close whether to close the connection once it is written
         */
        void respond(FullHttpResponse response, boolean close);
    }

    private final Request request;
    private final Responder responder;
    private final String endpoint;
    private final long deadlineNanos;
    private final Metrics metrics;
    private final InFlight inFlight;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean close;

    /**
     * @param request the request
     * @param responder its connection
     * @param timeoutNanos the request deadline, from the arrival of its headers
     */
    Call(Request request, Responder responder, long timeoutNanos, Metrics metrics,
            InFlight inFlight) {
        this.request = request;
        this.responder = responder;
        this.endpoint = Metrics.endpointOf(request.path());
        this.deadlineNanos = request.receivedNanos() + timeoutNanos;
        this.metrics = metrics;
        this.inFlight = inFlight;
        inFlight.enter();
    }

    Request request() {
        return request;
    }

    /** @return {@link System#nanoTime()} by which the request must be answered */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** @return milliseconds since the request's headers arrived */
    double elapsedMillis() {
        return (System.nanoTime() - request.receivedNanos()) / 1e6;
    }

    /** Adds a header to the answer (before it is sent). */
    void header(String name, String value) {
        synchronized (headers) {
            headers.put(name, value);
        }
    }

    /** Closes the connection after the answer. */
    void closeAfter() {
        close = true;
    }

    /** Answers with a JSON body. */
    void json(int status, String json) {
        send(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with {@code {"error": message}}; 503 carries {@code Retry-After: 1}. */
    void error(int status, String message) {
        json(status, Json.error(message));
    }

    /** Answers with a body of the given media type. */
    void send(int status, String contentType, byte[] body) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            FullHttpResponse response = response(status, contentType, body);
            synchronized (headers) {
                headers.forEach((k, v) -> response.headers().set(k, v));
            }
            responder.respond(response, close);
        } finally {
            metrics.request(endpoint, status, (System.nanoTime() - request.receivedNanos())
                    / 1e9);
            inFlight.exit();
        }
    }

    /**
     * @return an HTTP/1.1 answer with {@code Content-Type} and {@code Content-Length} set, and
     *     {@code Retry-After: 1} when it is a 503
     */
    static FullHttpResponse response(int status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (status == 503) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return r;
    }

    /** @return {@code {"error": message}} as an answer; 503 carries {@code Retry-After: 1} */
    static FullHttpResponse errorResponse(int status, String message) {
        return response(status, JSON, Json.error(message).getBytes(StandardCharsets.UTF_8));
    }
}
