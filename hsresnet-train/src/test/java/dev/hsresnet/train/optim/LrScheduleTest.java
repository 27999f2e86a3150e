package dev.hsresnet.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void warmupThenCosineToTheFloor() {
        LrSchedule s = new LrSchedule(0.1, 0.001, 10, 110, 10, true, List.of(), 0.1);
        assertEquals(0.01, s.at(0), 1e-12);
        assertEquals(0.1, s.at(9), 1e-12);
        assertEquals(0.1, s.at(10), 1e-12);
        assertEquals(0.001 + 0.5 * 0.099, s.at(60), 1e-12);
        assertEquals(0.001, s.at(110), 1e-12);
        assertEquals(0.001, s.at(500), 1e-12);
    }

    @Test
    void stepDecayAtMilestones() {
        LrSchedule s = new LrSchedule(0.1, 0, 0, 1000, 10, false, List.of(30, 60), 0.1);
        assertEquals(0.1, s.at(299), 1e-12);
        assertEquals(0.01, s.at(300), 1e-12);
        assertEquals(0.001, s.at(650), 1e-12);
    }

    @Test
    void nonsenseIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new LrSchedule(0, 0, 0, 10, 1, true, List.of(), 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new LrSchedule(0.1, 0, 20, 10, 1, true, List.of(), 0.1));
    }
}
