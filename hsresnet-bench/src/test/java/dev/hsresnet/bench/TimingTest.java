package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimingTest {

    @Test
    void runsWarmupThenTimesExactlyTheRepeatsWithoutDurations() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        double[] ms = Timing.repeat(TimingPolicy.steps(3, 5), calls::incrementAndGet);
        assertEquals(5, ms.length);
        assertEquals(8, calls.get());
        for (double m : ms) {
            assertTrue(m >= 0, "time " + m);
        }
    }

    @Test
    void aDurationAddsStepsButNeverRemovesAny() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        double[] ms = Timing.repeat(new TimingPolicy(0, 0, 2, 0.05),
                () -> {
                    calls.incrementAndGet();
                    Thread.sleep(1);
                });
        assertTrue(ms.length >= 2, "timed " + ms.length);
        assertEquals(calls.get(), ms.length);
    }

    @Test
    void aFailingStepStopsTheTiming() {
        assertThrows(IllegalStateException.class, () -> Timing.repeat(TimingPolicy.steps(0, 3),
                () -> {
                    throw new IllegalStateException("engine failed");
                }));
    }

    @Test
    void policyRejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> TimingPolicy.steps(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> TimingPolicy.steps(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TimingPolicy(0, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TimingPolicy(0, 0, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new TimingPolicy(0, Double.POSITIVE_INFINITY, 1, 0));
    }
}
