package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bound on pixels decoded at once. */
class ServerDecodeBudgetTest {

    private static final long FAR = TimeUnit.SECONDS.toNanos(ServerFixtures.WAIT_SECONDS);

    @Test
    void headersGiveThePixelsWithoutDecoding() {
        assertEquals(40L * 30, DecodeBudget.declaredPixels(ServerFixtures.png(40, 30, 1)));
        assertEquals(10_000_000_000L,
                DecodeBudget.declaredPixels(ServerFixtures.pngClaiming(100_000, 100_000)));
        assertEquals(-1, DecodeBudget.declaredPixels(new byte[] {1, 2, 3}));
    }

    @Test
    void theBudgetIsHalfTheHeapButAlwaysFitsOneLargestImage() {
        assertEquals((1L << 30) / 2 / DecodeBudget.BYTES_PER_PIXEL,
                DecodeBudget.forHeap(1L << 30, 1000));
        assertEquals(50_000_000, DecodeBudget.forHeap(1L << 30, 50_000_000));
    }

    @Test
    void aLargeImageWaitsForOthersThenGivesUpAtItsDeadline() throws Exception {
        DecodeBudget budget = new DecodeBudget(100);
        int first = budget.acquire(60, System.nanoTime() + FAR);
        HttpError late = assertThrows(HttpError.class,
                () -> budget.acquire(60, System.nanoTime()));
        assertEquals(503, late.status());

        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.acquire(1_000, System.nanoTime() + FAR); // clamped to 100
            } catch (HttpError e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(second.isDone());
        budget.release(first);
        assertEquals(100, second.get(ServerFixtures.WAIT_SECONDS, TimeUnit.SECONDS));
        budget.release(100);
        assertTrue(budget.acquire(100, System.nanoTime()) == 100);
    }
}
