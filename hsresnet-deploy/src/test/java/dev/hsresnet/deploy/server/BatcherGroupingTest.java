package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@link Batcher} stacks only inputs its grouping allows, keeping the queue's order. */
class BatcherGroupingTest {

    @Test
    void inputsOfAnotherSizeStartTheNextBatch() throws Exception {
        ConcurrentLinkedQueue<List<String>> calls = new ConcurrentLinkedQueue<>();
        // inputs are "HxW#i"; the same size stacks, at most 2 of them
        Batcher<String, String> batcher = new Batcher<>(inputs -> {
            calls.add(inputs);
            return inputs.stream().map(s -> "done " + s).toList();
        }, (first, size, next) -> size < 2 && next.split("#")[0].equals(first.split("#")[0]),
                8, Duration.ZERO, 16, 1, (n, s, f) -> { });
        try {
            List<String> inputs = List.of("4x6#0", "4x6#1", "4x6#2", "3x5#3", "4x6#4", "3x5#5",
                    "3x5#6");
            List<CompletableFuture<String>> futures = batcher.submitAll(inputs);
            batcher.start(); // everything is queued before the only inference thread looks
            for (int i = 0; i < inputs.size(); i++) {
                assertEquals("done " + inputs.get(i),
                        futures.get(i).get(ServerFixtures.WAIT_SECONDS, TimeUnit.SECONDS));
            }
            assertEquals(List.of(List.of("4x6#0", "4x6#1"), List.of("4x6#2"), List.of("3x5#3"),
                    List.of("4x6#4"), List.of("3x5#5", "3x5#6")), List.copyOf(calls));
        } finally {
            batcher.close(Duration.ofSeconds(5));
        }
    }
}
