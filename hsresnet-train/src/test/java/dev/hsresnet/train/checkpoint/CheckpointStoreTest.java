package dev.hsresnet.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path tmp;

    private static Map<String, Tensor> tensors(float v) {
        return Map.of("w", Tensor.ofFloats(new long[] {2}, new float[] {v, -v}));
    }

    @Test
    void keepsTheNewestAndRestoresExactly() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ckpt"), 2);
        for (int step = 1; step <= 4; step++) {
            store.save(new TrainState(step / 2, step % 2, step * 100L, 0.5, 1, 7, List.of(step)), tensors(step),
                    tensors(-step), step == 4 ? tensors(9) : null);
        }
        assertEquals(2, store.checkpoints().size());
        CheckpointStore.Checkpoint last = store.latest().orElseThrow();
        assertEquals(400L, last.state().globalStep());
        assertEquals(7L, last.state().seed());
        assertEquals(List.of(4), last.state().skippedTrain());
        assertArrayEquals(new float[] {4, -4}, last.weights().get("w").toFloats());
        assertArrayEquals(new float[] {-4, 4}, last.optimizer().get("w").toFloats());
        assertArrayEquals(new float[] {9, -9}, last.ema().orElseThrow().get("w").toFloats());
    }

    @Test
    void aBrokenNewestCheckpointFallsBackToTheOneBefore() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp, 5);
        store.save(new TrainState(0, 5, 5, Double.NaN, 0, 1, List.of()), tensors(1), tensors(1), null);
        Path newest = store.save(new TrainState(0, 9, 9, Double.NaN, 0, 1, List.of()), tensors(2),
                tensors(2), null);
        Files.writeString(newest.resolve("state.json"), "{ \"epoch\": ");
        assertEquals(5L, store.latest().orElseThrow().state().globalStep());
        // an interrupted save leaves a temporary directory that the next save removes
        Files.createDirectories(tmp.resolve(".tmp-step-000000011"));
        store.save(new TrainState(0, 12, 12, Double.NaN, 0, 1, List.of()), tensors(3), tensors(3), null);
        assertTrue(Files.notExists(tmp.resolve(".tmp-step-000000011")));
        assertEquals(12L, store.latest().orElseThrow().state().globalStep());
    }

    @Test
    void noCheckpointYet() throws IOException {
        assertTrue(new CheckpointStore(tmp.resolve("none"), 1).latest().isEmpty());
    }
}
