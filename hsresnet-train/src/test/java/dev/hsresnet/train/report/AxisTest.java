package dev.hsresnet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {
    private static List<String> labels(Axis.Scale s) {
        return s.ticks().stream().filter(Axis.Tick::major).map(Axis.Tick::label).toList();
    }

    @Test
    void niceStepsAreOneTwoFive() {
        assertEquals(0.2, Axis.niceStep(1.0, 5), 1e-12);
        assertEquals(0.5, Axis.niceStep(2.3, 5), 1e-12);
        assertEquals(5, Axis.niceStep(29, 6), 1e-12);
        assertEquals(10, Axis.niceStep(45, 6), 1e-12);
        assertEquals(2e-5, Axis.niceStep(1e-4, 5), 1e-18);
        assertEquals(1, Axis.niceStep(0, 5));
    }

    @Test
    void looseScaleEnclosesDataAtWholeSteps() {
        Axis.Scale s = Axis.linearLoose(0.23, 0.97, 5, false);
        assertEquals(0.2, s.lo(), 1e-12);
        assertEquals(1.0, s.hi(), 1e-12);
        assertEquals(List.of("0.2", "0.4", "0.6", "0.8", "1.0"), labels(s));
    }

    @Test
    void integerAxisNeverHasFractionalTicks() {
        Axis.Scale s = Axis.linearTight(1, 3, 0.02, 10, true);
        assertEquals(List.of("1", "2", "3"), labels(s));
    }

    @Test
    void tinyValuesUseScientificLabels() {
        Axis.Scale s = Axis.linearLoose(0, 1e-4, 5, false);
        assertEquals("0", labels(s).get(0));
        assertTrue(labels(s).contains("1e-4"), labels(s).toString());
        assertTrue(labels(s).contains("2e-5"), labels(s).toString());
    }

    @Test
    void degenerateRangeIsWidened() {
        Axis.Scale s = Axis.linearLoose(3, 3, 5, false);
        assertTrue(s.lo() < 3 && s.hi() > 3);
        Axis.Scale z = Axis.linearLoose(0, 0, 5, false);
        assertTrue(z.lo() < 0 && z.hi() > 0);
    }

    @Test
    void logScaleLabelsDecadesAndTwoFiveWhenFew() {
        Axis.Scale s = Axis.log(0.004, 2.3);
        assertEquals(0.001, s.lo(), 1e-15);
        assertEquals(10, s.hi(), 1e-12);
        List<String> l = labels(s);
        assertTrue(l.containsAll(List.of("0.001", "0.01", "0.1", "1", "10")), l.toString());
        Axis.Scale few = Axis.log(0.2, 3);
        assertTrue(labels(few).containsAll(List.of("0.1", "0.2", "0.5", "1", "2", "5", "10")), labels(few).toString());
        Axis.Scale wide = Axis.log(1e-12, 1);
        assertTrue(labels(wide).contains("1e-12"), labels(wide).toString());
    }
}
