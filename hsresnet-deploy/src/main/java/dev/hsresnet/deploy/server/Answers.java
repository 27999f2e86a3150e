package dev.hsresnet.deploy.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request once the inference of all its images is done, the same way for every
 * endpoint: 200 with the body, 504 when the request deadline passed first, 503 when the
 * batcher refused or cancelled an image (shutdown), 500 when the network failed or the body
 * could not be built. Exactly one answer is sent whatever throws.
 */
final class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

    private Answers() {}

    /**
     * An answer's body.
     *
     * @param contentType its media type
     * @param bytes the body
     */
    record Body(String contentType, byte[] bytes) {

        /** @return a JSON body */
        static Body json(String json) {
            return new Body(Call.JSON, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * @param call the request to answer
     * @param futures its images' results; each times out at the call's deadline, so that the
     *     batcher skips the ones not yet started
     * @param requestTimeout the server's request timeout, for the 504 message
     * @param body builds the 200 JSON body once every future completed normally
     */
    static void whenAll(Call call, List<? extends CompletableFuture<?>> futures,
            Duration requestTimeout, Supplier<String> body) {
        sendWhenAll(call, futures, requestTimeout, () -> Body.json(body.get()));
    }

    /**
     * As {@link #whenAll}, with a body of any media type.
     *
     * @param body builds the 200 body once every future completed normally
     */
    static void sendWhenAll(Call call, List<? extends CompletableFuture<?>> futures,
            Duration requestTimeout, Supplier<Body> body) {
        long left = Math.max(0, call.deadlineNanos() - System.nanoTime());
        futures.forEach(f -> f.orTimeout(left, TimeUnit.NANOSECONDS));
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .whenComplete((done, failure) -> {
                    try {
                        if (failure != null) {
                            fail(call, failure, requestTimeout);
                        } else {
                            Body b = body.get();
                            call.send(200, b.contentType(), b.bytes());
                        }
                    } catch (RuntimeException | Error e) {
                        LOG.error("could not answer {} {}", Router.clip(call.request().method()),
                                Router.clip(call.request().path()), e);
                        call.error(500, "internal error (" + e.getClass().getSimpleName() + ")");
                    }
                });
    }

    private static void fail(Call call, Throwable failure, Duration requestTimeout) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            call.error(504, "inference did not finish within the request timeout of "
                    + requestTimeout.toMillis() + " ms");
        } else if (cause instanceof CancellationException
                || cause instanceof RejectedExecutionException) {
            call.error(503, cause.getMessage() != null ? cause.getMessage()
                    : "the request was cancelled");
        } else {
            call.error(500, "inference failed: " + (cause.getMessage() != null
                    ? cause.getMessage() : cause.getClass().getSimpleName()));
        }
    }
}
