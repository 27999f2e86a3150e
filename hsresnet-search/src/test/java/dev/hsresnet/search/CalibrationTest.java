package dev.hsresnet.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    private static Calibration.Anchor anchor(double blocks, double e2e) {
        return new Calibration.Anchor("a" + blocks, new Latency(e2e, e2e, 1), blocks, blocks);
    }

    @Test
    void theFitIsTheLeastSquaresLine() {
        Calibration exact = Calibration.fit(List.of(anchor(10, 12), anchor(20, 21),
                anchor(30, 30)));
        assertEquals(0.9, exact.scale(), 1e-12);
        assertEquals(3, exact.offsetMs(), 1e-12);
        assertEquals(48, exact.predict(50), 1e-12);
        // y = 1, 3, 2 at x = 0, 1, 2: slope 0.5, intercept 1.5
        Calibration noisy = Calibration.fit(List.of(anchor(0, 1), anchor(1, 3), anchor(2, 2)));
        assertEquals(0.5, noisy.scale(), 1e-12);
        assertEquals(1.5, noisy.offsetMs(), 1e-12);
    }

    @Test
    void oneAnchorOrAFallingLineKeepsScaleOne() {
        Calibration one = Calibration.fit(List.of(anchor(10, 12)));
        assertEquals(1, one.scale());
        assertEquals(2, one.offsetMs(), 1e-12);
        Calibration falling = Calibration.fit(List.of(anchor(10, 20), anchor(20, 10)));
        assertEquals(1, falling.scale());
        assertEquals(0, falling.offsetMs(), 1e-12);
    }
}
