package dev.hsresnet.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.io.Tensor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointStoreTest {

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    private static Map<String, Tensor> tensors(float v) {
        return Map.of("w", Tensor.ofFloats(new long[] {2}, new float[] {v, -v}));
    }

    private static TrainState state(int epoch, int batch, long step, List<Integer> skipped) {
        return new TrainState(epoch, batch, step, 0.5, Math.min(1, epoch), 7, skipped, "m", 9,
                100, new EpochSums(1.5 * batch, batch, 2L * batch, 0.25 * batch), step / 10.0,
                "ab".repeat(32));
    }

    @Test
    void keepsTheNewestAndRestoresExactly() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ckpt"), 2);
        for (int step = 1; step <= 4; step++) {
            store.save(state(step / 2, step % 2, step * 100L, List.of(step)), tensors(step),
                    tensors(-step), step == 4 ? tensors(9) : null);
        }
        assertEquals(2, store.checkpoints().size());
        CheckpointStore.Latest latest = store.latest();
        assertTrue(latest.broken().isEmpty());
        CheckpointStore.Checkpoint last = latest.checkpoint().orElseThrow();
        assertEquals(state(2, 0, 400, List.of(4)), last.state(), "every field round-trips");
        assertArrayEquals(new float[] {4, -4}, last.weights().get("w").toFloats());
        assertArrayEquals(new float[] {-4, 4}, last.optimizer().get("w").toFloats());
        assertArrayEquals(new float[] {9, -9}, last.ema().orElseThrow().get("w").toFloats());
    }

    /** Each way a checkpoint's files can be damaged: resume falls back and says which and why. */
    @ParameterizedTest
    @ValueSource(strings = {"flip-weights", "truncate-optimizer", "delete-manifest",
        "delete-ema", "edit-state"})
    void aBrokenNewestCheckpointFallsBackToTheOneBefore(String damage) throws IOException {
        CheckpointStore store = new CheckpointStore(tmp, 5);
        store.save(state(0, 5, 5, List.of()), tensors(1), tensors(1), tensors(1));
        Path newest = store.save(state(0, 9, 9, List.of()), tensors(2), tensors(2), tensors(2));
        String reason = switch (damage) {
            case "flip-weights" -> {
                flipLastByte(newest.resolve("weights.safetensors"));
                yield "weights.safetensors has SHA-256";
            }
            case "truncate-optimizer" -> {
                try (FileChannel ch = FileChannel.open(newest.resolve("optimizer.safetensors"),
                        StandardOpenOption.WRITE)) {
                    ch.truncate(ch.size() - 3);
                }
                yield "optimizer.safetensors has ";
            }
            case "delete-manifest" -> {
                Files.delete(newest.resolve("manifest.json"));
                yield "manifest.json is missing";
            }
            case "delete-ema" -> {
                Files.delete(newest.resolve("ema.safetensors"));
                yield "ema.safetensors is missing";
            }
            default -> {
                Files.writeString(newest.resolve("state.json"), "{ \"epoch\": ");
                yield "state.json has ";
            }
        };
        CheckpointStore.Latest latest = store.latest();
        assertEquals(5L, latest.checkpoint().orElseThrow().state().globalStep());
        assertEquals(1, latest.broken().size());
        CheckpointStore.Broken broken = latest.broken().get(0);
        assertEquals(newest, broken.dir());
        assertTrue(broken.reason().startsWith(reason), broken.reason());
        assertTrue(broken.describe().contains(newest.toString()), broken.describe());
    }

    @Test
    void noIntactCheckpointListsEveryBrokenOne() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp, 5);
        Path a = store.save(state(0, 5, 5, List.of()), tensors(1), tensors(1), null);
        Path b = store.save(state(0, 9, 9, List.of()), tensors(2), tensors(2), null);
        flipLastByte(a.resolve("weights.safetensors"));
        Files.delete(b.resolve("manifest.json"));
        CheckpointStore.Latest latest = store.latest();
        assertTrue(latest.checkpoint().isEmpty());
        assertEquals(List.of(b, a), latest.broken().stream().map(CheckpointStore.Broken::dir)
                .toList());
    }

    /** Checksums match but the state is nonsense: an error naming the file and the field. */
    @Test
    void anIntactButInvalidStateIsAnErrorNamingTheFileAndField() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp, 5);
        Path c = store.save(state(0, 5, 5, List.of()), tensors(1), tensors(1), null);
        for (String[] bad : new String[][] {
            {"\"globalStep\" : 5", "\"globalStep\" : -5", "globalStep"},
            {"\"lossSum\" : 7.5", "\"lossSum\" : \"NaN\"", "epochSums.lossSum"}}) {
            Path f = c.resolve("state.json");
            String text = Files.readString(f);
            assertTrue(text.contains(bad[0]), text);
            Files.writeString(f, text.replace(bad[0], bad[1]));
            CheckpointManifest.write(c, List.of("weights.safetensors", "optimizer.safetensors",
                    "state.json"));
            IOException e = assertThrows(IOException.class, store::latest);
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(bad[2]), e.getMessage());
            Files.writeString(f, text);
        }
    }

    @Test
    void anInterruptedSaveLeavesATemporaryThatTheNextSaveRemoves() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp, 5);
        Files.createDirectories(tmp.resolve(".tmp-step-000000011"));
        store.save(state(0, 12, 12, List.of()), tensors(3), tensors(3), null);
        assertTrue(Files.notExists(tmp.resolve(".tmp-step-000000011")));
        assertEquals(12L, store.latest().checkpoint().orElseThrow().state().globalStep());
    }

    @Test
    void aSaveAfterResumingFromAnOlderCheckpointReplacesTheBrokenNewerOnes() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp, 1);
        store.save(state(0, 5, 5, List.of()), tensors(1), tensors(1), null);
        Path broken = store.save(state(0, 9, 9, List.of()), tensors(2), tensors(2), null);
        Files.delete(broken.resolve("manifest.json"));
        // a resume passes over the broken step 9 and goes on from an older state: its next save
        Path resumed = store.save(state(0, 6, 6, List.of()), tensors(3), tensors(3), null);
        assertEquals(List.of(resumed), store.checkpoints(), "step 9 no longer crowds step 6 out");
        assertEquals(6L, store.latest().checkpoint().orElseThrow().state().globalStep());
    }

    @Test
    void noCheckpointYet() throws IOException {
        assertTrue(new CheckpointStore(tmp.resolve("none"), 1).latest().checkpoint().isEmpty());
    }

    private static void flipLastByte(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(f, bytes);
    }
}
