package dev.hsresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StepArgsTest {

    @Test
    void parsesTheSixArgumentsAndIgnoresTheBenchmarksOwn() {
        StepArgs a = StepArgs.parse(new String[] {"fcos_x", "2", "384", "512", "3", "10", "c.json"});
        assertEquals("fcos_x", a.model());
        assertEquals(new Shape(2, 3, 384, 512), a.shape());
        assertEquals(3, a.timing().warmup());
        assertEquals(10, a.timing().repeats());
        assertEquals(2 * 3 * 384 * 512, a.gaussianPixels(new SplittableRandom(1)).length);
    }

    @Test
    void tooFewArgumentsAreAUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepArgs.parse(new String[] {"m", "2", "8"}));
        assertTrue(e.getMessage().contains("got 3 arguments"), e.getMessage());
    }

    @Test
    void theLineHasTheScriptsFormat() {
        String line = StepLine.of("djl", "m", "train", 2, 8, 16, new double[] {10, 20, 30});
        assertEquals("djl m train batch 2 8x16: median 20.0 ms (p10-p90 12.0-28.0), 100.00 img/s",
                line);
    }
}
