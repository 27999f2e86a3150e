package dev.hsresnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invalid write requests fail before touching the disk: the target keeps its old content. */
class SafetensorsWriteErrorTest {

    @TempDir
    Path dir;

    private static final Tensor ONE = Tensor.ofFloats(new long[] {1}, new float[] {1f});

    private void assertWriteRejected(Map<String, Tensor> tensors, Map<String, String> metadata, String problem)
            throws IOException {
        Path file = dir.resolve("out.safetensors");
        byte[] previous = {1, 2, 3};
        Files.write(file, previous);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.write(file, tensors, metadata));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "message lacks [" + problem + "]: " + e.getMessage());
        assertArrayEquals(previous, Files.readAllBytes(file), "target must be untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file may be left");
        }
    }

    @Test
    void emptyName() throws IOException {
        assertWriteRejected(Map.of("", ONE), null, "cannot write a tensor with an empty name");
    }

    @Test
    void reservedMetadataName() throws IOException {
        assertWriteRejected(Map.of("__metadata__", ONE), null, "\"__metadata__\": the name is reserved");
    }

    @Test
    void nullNameAndNullTensor() throws IOException {
        Map<String, Tensor> nullName = new HashMap<>();
        nullName.put(null, ONE);
        assertWriteRejected(nullName, null, "null name");
        Map<String, Tensor> nullTensor = new HashMap<>();
        nullTensor.put("w", null);
        assertWriteRejected(nullTensor, null, "tensor 'w' is null");
    }

    @Test
    void nullMetadataKeyOrValue() throws IOException {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertWriteRejected(Map.of("w", ONE), nullValue, "metadata value for key 'k' is null");
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertWriteRejected(Map.of("w", ONE), nullKey, "metadata has a null key");
    }

    @Test
    void unpairedSurrogateCannotBeEncoded() throws IOException {
        assertWriteRejected(Map.of("bad\uD800", ONE), null, "unpaired surrogate (U+D800) at index 3");
        assertWriteRejected(Map.of("w", ONE), Map.of("k", "\uDC00"), "metadata value for key 'k'");
    }

    @Test
    void dataLengthNotMatchingShapeCannotEvenBeConstructed() {
        // The Tensor constructor enforces numel * byteSize, so such a tensor never reaches write().
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(DType.F32, new long[] {3}, ByteBuffer.allocate(8)));
        assertTrue(e.getMessage().contains("needs 12 bytes but data has 8 bytes"), e.getMessage());
    }

    @Test
    void aFileInTheWayOfTheDirectoryIsAPlainIoError() throws IOException {
        Files.writeString(dir.resolve("no"), "x");
        Path file = dir.resolve("no/out.safetensors");
        assertThrows(IOException.class, () -> Safetensors.write(file, Map.of("w", ONE), null));
        assertFalse(Files.exists(file));
    }

    @Test
    void nullArguments() {
        assertThrows(NullPointerException.class, () -> Safetensors.write(null, Map.of(), null));
        assertThrows(NullPointerException.class, () -> Safetensors.write(dir.resolve("x"), null, null));
    }
}
