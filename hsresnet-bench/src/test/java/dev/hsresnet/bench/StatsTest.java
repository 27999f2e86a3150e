package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void oddCountHasTheMiddleValueAsMedianWhateverTheOrder() {
        Stats s = Stats.of(5, 1, 4, 2, 3);
        assertEquals(3, s.medianMs());
        assertEquals(1, s.minMs());
        assertEquals(5, s.maxMs());
        assertEquals(5, s.count());
    }

    @Test
    void evenCountAveragesTheMiddleTwo() {
        assertEquals(2.5, Stats.of(4, 1, 3, 2).medianMs(), 1e-12);
    }

    @Test
    void percentilesInterpolateLinearlyLikeNumpy() {
        // numpy.percentile([10, 20, ..., 100], [10, 90]) = [19, 91]
        double[] v = {100, 90, 80, 70, 60, 50, 40, 30, 20, 10};
        Stats s = Stats.of(v);
        assertEquals(19, s.p10Ms(), 1e-9);
        assertEquals(91, s.p90Ms(), 1e-9);
        assertEquals(55, s.medianMs(), 1e-9);
        assertEquals((91 - 19) / 55.0, s.spread(), 1e-12);
    }

    @Test
    void oneTimingIsEveryStatisticAndHasNoSpread() {
        Stats s = Stats.of(7.5);
        assertEquals(7.5, s.medianMs());
        assertEquals(7.5, s.p10Ms());
        assertEquals(7.5, s.p90Ms());
        assertEquals(0, s.spread());
    }

    @Test
    void doesNotReorderTheCallersArray() {
        double[] v = {3, 1, 2};
        Stats.of(v);
        assertEquals(3, v[0]);
    }

    @Test
    void rejectsEmptyNegativeAndNonFiniteTimings() {
        assertThrows(IllegalArgumentException.class, Stats::of);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stats.of(1, -2));
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Stats.of(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Stats.of(Double.POSITIVE_INFINITY));
    }
}
