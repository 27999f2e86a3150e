package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.deploy.Prediction;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every request waiting on inference gets exactly one answer, whatever fails. */
class AnswersTest {

    /** The answer a call sent, captured instead of written to a connection. */
    private static final class Captured implements Call.Responder {
        final CompletableFuture<FullHttpResponse> answer = new CompletableFuture<>();

        @Override
        public void respond(FullHttpResponse response, boolean close) {
            answer.complete(response);
        }

        FullHttpResponse get() throws Exception {
            return answer.get(ServerFixtures.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static Call call(Captured responder, InFlight inFlight) {
        Request request = Request.of("POST", "/v2/models/m/infer", new DefaultHttpHeaders(),
                new byte[0], System.nanoTime());
        Metrics metrics = new Metrics(() -> 0, 1, inFlight::count, () -> 0);
        return new Call(request, responder, TimeUnit.SECONDS.toNanos(30), metrics, inFlight);
    }

    private static String body(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void aBodyThatThrowsIsAnswered500AndTheRequestLeavesInFlight() throws Exception {
        Captured responder = new Captured();
        InFlight inFlight = new InFlight();
        Call call = call(responder, inFlight);
        CompletableFuture<List<Prediction>> done = CompletableFuture.completedFuture(List.of());
        Answers.whenAll(call, List.of(done), Duration.ofSeconds(30), () -> {
            throw new IllegalStateException("broken answer");
        });
        FullHttpResponse r = responder.get();
        assertEquals(500, r.status().code());
        assertTrue(body(r).contains("IllegalStateException"));
        assertEquals(0, inFlight.count());
    }

    @Test
    void aCancelledImageIs503WithRetryAfter() throws Exception {
        Captured responder = new Captured();
        Call call = call(responder, new InFlight());
        CompletableFuture<List<Prediction>> cancelled = new CompletableFuture<>();
        Answers.whenAll(call, List.of(cancelled), Duration.ofSeconds(30), () -> "{}");
        cancelled.completeExceptionally(new CancellationException("the server shut down"));
        FullHttpResponse r = responder.get();
        assertEquals(503, r.status().code());
        assertEquals("1", r.headers().get("Retry-After"));
        assertTrue(body(r).contains("the server shut down"));
    }
}
