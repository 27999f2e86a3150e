package dev.hsresnet.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounds that keep the resize of the short side, {@code size / cropPct}, small. */
class PreprocessingBoundsTest {

    private static Preprocessing of(int size, double cropPct) {
        return new Preprocessing(size, cropPct, "bilinear", List.of(0.5), List.of(0.25));
    }

    @Test
    void tinyOrHugeValuesAreRefusedNamingTheFieldAndValue() {
        for (double bad : new double[] {1e-6, 0.49, 0, -1, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> of(224, bad));
            assertTrue(e.getMessage().startsWith("cropPct: must be in 0.5..1, got "
                    + bad), e.getMessage());
        }
        for (int bad : new int[] {0, -3, 4097, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> of(bad, 1.0));
            assertTrue(e.getMessage().contains("size: must be in 1..4096, got "
                    + bad), e.getMessage());
        }
    }

    @Test
    void theBoundsThemselvesAndTheUsualValuesPass() {
        assertEquals(8192, of(4096, 0.5).resizeSize());
        assertEquals(256, Preprocessing.imagenet(224).resizeSize());
        assertEquals(32, Preprocessing.cifar().resizeSize());
        assertEquals(1, of(1, 1.0).resizeSize());
    }
}
