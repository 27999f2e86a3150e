package dev.hsresnet.deploy.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request being handled: answers it exactly once (from whichever thread finishes it), counts
 * the answer in the metrics and releases its place in {@link InFlight}. After an error answer
 * what is left of the request body is read and dropped (bounded), so a client still sending sees
 * the answer rather than a reset connection.
 */
final class Call {

    private static final Logger LOG = LoggerFactory.getLogger(Call.class);

    static final String JSON = "application/json; charset=utf-8";

    private final HttpExchange exchange;
    private final String endpoint;
    private final long startNanos;
    private final long deadlineNanos;
    private final long maxBodyBytes;
    private final Metrics metrics;
    private final InFlight inFlight;
    private final AtomicBoolean finished = new AtomicBoolean();

    /**
     * @param exchange the request
     * @param timeoutNanos the request deadline, from now
     * @param maxBodyBytes the body limit, also the most that is discarded after an error
     */
    Call(HttpExchange exchange, long timeoutNanos, long maxBodyBytes, Metrics metrics,
            InFlight inFlight) {
        this.exchange = exchange;
        this.endpoint = Metrics.endpointOf(exchange.getRequestURI().getPath());
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + timeoutNanos;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
        this.inFlight = inFlight;
        inFlight.enter();
    }

    HttpExchange exchange() {
        return exchange;
    }

    /** @return {@link System#nanoTime()} by which the request must be answered */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** @return milliseconds since the request started being handled */
    double elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** Answers with a JSON body. */
    void json(int status, String json) {
        send(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with {@code {"error": message}}; 503 carries {@code Retry-After: 1}. */
    void error(int status, String message) {
        if (status == 503) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        json(status, Json.error(message));
    }

    /** Answers with a body of the given media type. */
    void send(int status, String contentType, byte[] body) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body);
            out.flush();
            if (status >= 400) {
                BodyReader.discard(exchange.getRequestBody(), maxBodyBytes, deadlineNanos);
            }
        } catch (IOException e) {
            LOG.debug("could not send {} for {} {}: {}", status, exchange.getRequestMethod(),
                    endpoint, e.toString());
        } finally {
            exchange.close();
            metrics.request(endpoint, status, (System.nanoTime() - startNanos) / 1e9);
            inFlight.exit();
        }
    }

    /** Gives up on a request whose connection failed: nothing can be sent. */
    void abandon(IOException cause) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        LOG.debug("connection failed during {} {}: {}", exchange.getRequestMethod(), endpoint,
                cause.toString());
        try {
            exchange.close();
        } finally {
            metrics.abandoned();
            inFlight.exit();
        }
    }
}
