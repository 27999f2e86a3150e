package dev.hsresnet.data.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassWeightsTest {

    @Test
    void oddCountOfPresentClassesAndAnAbsentClass() {
        // freq = 0.1, 0.3, absent, 60/200 = 0.3; median of {0.1, 0.3, 0.3} = 0.3
        float[] w = ClassWeights.medianFrequency(new long[] {10, 30, 0, 60}, new long[] {100, 100, 0, 200});
        assertArrayEquals(new float[] {3f, 1f, 0f, 1f}, w, 1e-6f);
    }

    @Test
    void evenCountUsesTheMeanOfTheMiddleValues() {
        // freq = 1/16, 2/16, 4/16, 8/16; median 3/16
        float[] w = ClassWeights.medianFrequency(new long[] {1, 2, 4, 8}, new long[] {16, 16, 16, 16});
        assertArrayEquals(new float[] {3f, 1.5f, 0.75f, 0.375f}, w, 1e-6f);
    }

    @Test
    void frequencyIsRelativeToTheImagesHoldingTheClass() {
        // same pixels, class 1 only in a quarter of the data: freq 0.5 and 0.5, weights 1 and 1
        float[] w = ClassWeights.medianFrequency(new long[] {200, 50}, new long[] {400, 100});
        assertArrayEquals(new float[] {1f, 1f}, w, 1e-6f);
    }

    @Test
    void inconsistentCountsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ClassWeights.medianFrequency(new long[] {1, 2}, new long[] {5}));
        assertThrows(IllegalArgumentException.class,
                () -> ClassWeights.medianFrequency(new long[] {6}, new long[] {5}));
        assertThrows(IllegalArgumentException.class,
                () -> ClassWeights.medianFrequency(new long[] {-1}, new long[] {5}));
        assertThrows(IllegalArgumentException.class,
                () -> ClassWeights.medianFrequency(new long[] {0, 0}, new long[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> ClassWeights.medianFrequency(new long[0], new long[0]));
    }
}
