package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DataLoaderThreadsTest {

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .count();
    }

    private static void awaitLoads(SyntheticDataset ds, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ds.loads.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    @Test
    void readAheadIsBoundedByPrefetchBatches() throws InterruptedException {
        SyntheticDataset ds = new SyntheticDataset(1000);
        int bs = 10;
        int prefetch = 2;
        DataLoader l = new DataLoader(ds, null, bs, true, false, 1L, 3, prefetch, null);
        try (EpochIterator it = l.epoch(0, 0)) {
            for (int k = 1; k <= 5; k++) {
                it.next();
                int bound = (k + prefetch) * bs;
                awaitLoads(ds, bound);
                Thread.sleep(50); // give the workers a chance to overrun, if they could
                assertEquals(bound, ds.loads.get(), "loads after " + k + " batches");
            }
        }
    }

    @Test
    void zeroWorkersDecodeOnDemandOnTheCallingThread() {
        SyntheticDataset ds = new SyntheticDataset(100);
        DataLoader l = new DataLoader(ds, null, 10, false, false, 1L, 0, 4, null);
        try (EpochIterator it = l.epoch(0, 0)) {
            it.next();
            assertEquals(10, ds.loads.get());
            assertEquals(0, liveThreads(it.threadNamePrefix()));
        }
    }

    @Test
    void closeStopsTheWorkersPromptly() throws InterruptedException {
        SyntheticDataset slow = new SyntheticDataset(500, 3, Set.of(), 20);
        DataLoader l = new DataLoader(slow, null, 8, true, false, 1L, 4, 4, null);
        EpochIterator it = l.epoch(0, 0);
        it.next();
        String prefix = it.threadNamePrefix();
        assertEquals(4, liveThreads(prefix));
        long t0 = System.nanoTime();
        it.close();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 2000, "close took " + millis + " ms");
        assertEquals(0, liveThreads(prefix));
        int loads = slow.loads.get();
        Thread.sleep(100);
        assertEquals(loads, slow.loads.get(), "no loading after close");
        assertTrue(loads < 40, "queued work was cancelled, only " + loads + " of 40 started");
    }

    @Test
    void exhaustingAnEpochReleasesItsThreads() {
        DataLoader l = new DataLoader(new SyntheticDataset(40), null, 8, true, false, 1L, 3, 1, null);
        EpochIterator it = l.epoch(0, 0);
        int n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        assertEquals(5, n);
        assertEquals(0, liveThreads(it.threadNamePrefix()));
    }
}
