package dev.hsresnet.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainStateTest {

    private static final String SHA = "0".repeat(64);

    /** Epoch 2, batch 3, of a run with 10 nominal steps per epoch. */
    private static TrainState at(long globalStep) {
        return new TrainState(2, 3, globalStep, 0.5, 1, 7, List.of(4), "m", 5, 10,
                EpochSums.ZERO, 1.0, SHA);
    }

    @Test
    void epochsThatEndedEarlyForSkippedImagesStillResume() {
        // 23 steps nominally; an epoch that lost its last batch to skipped images gives 22
        assertDoesNotThrow(() -> at(23).checkAgainst("m", 5, 10, 7, SHA));
        assertDoesNotThrow(() -> at(22).checkAgainst("m", 5, 10, 7, SHA));
    }

    @Test
    void moreStepsThanTheEpochsCanHoldIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> at(24).checkAgainst("m", 5, 10, 7, SHA));
        assertTrue(e.getMessage().startsWith("globalStep is 24"), e.getMessage());
    }
}
