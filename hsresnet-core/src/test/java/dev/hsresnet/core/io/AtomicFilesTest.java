package dev.hsresnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesNewFileAndLeavesNoTemp() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("out.bin"), listDir());
    }

    @Test
    void replacesAPreviousTargetWhole() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.write(target, new byte[1000]); // longer than the new content: no stale tail may remain
        AtomicFiles.write(target, out -> out.write(new byte[] {7, 8}));
        assertArrayEquals(new byte[] {7, 8}, Files.readAllBytes(target));
        assertEquals(List.of("out.bin"), listDir());
    }

    @Test
    void bodyIOExceptionLeavesTargetUntouchedAndNoTemp() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.write(target, new byte[] {1, 2, 3});
        IOException boom = new IOException("boom");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[500_000]); // some of it reaches the temp file before the failure
            throw boom;
        }));
        assertSame(boom, thrown);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("out.bin"), listDir());
    }

    @Test
    void bodyRuntimeExceptionLeavesNoTargetAndNoTemp() throws IOException {
        Path target = dir.resolve("fresh.bin");
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw boom;
        })));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), listDir());
    }

    @Test
    void tempFileIsHiddenInTheSameDirectoryUntilTheRename() throws IOException {
        Path target = dir.resolve("model.safetensors");
        Files.write(target, new byte[] {9});
        AtomicReference<List<String>> during = new AtomicReference<>();
        AtomicFiles.write(target, out -> {
            out.write(42);
            during.set(listDir());
            // The old content is still what readers see while the body runs.
            assertArrayEquals(new byte[] {9}, Files.readAllBytes(target));
        });
        List<String> names = during.get();
        assertEquals(2, names.size(), names.toString());
        String tmp = names.get(0);
        assertTrue(tmp.startsWith(".model.safetensors.") && tmp.endsWith(".tmp"), tmp);
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(target));
        assertEquals(List.of("model.safetensors"), listDir());
    }

    @Test
    void bodyMayCloseTheStream() throws IOException {
        Path target = dir.resolve("closed.bin");
        AtomicFiles.write(target, out -> {
            out.write(new byte[] {4, 5});
            out.close();
        });
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
    }

    @Test
    void largeWritesArriveIntact() throws IOException {
        byte[] data = new byte[5 * 1024 * 1024 + 17]; // several of the 1 MiB write chunks plus a remainder
        new Random(7).nextBytes(data);
        Path target = dir.resolve("large.bin");
        AtomicFiles.write(target, out -> {
            out.write(data, 0, 3);
            out.write(data, 3, data.length - 3);
        });
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    @Test
    void targetWithDotSegmentWorks() throws IOException {
        // The temp file must land next to the real target, not in a directory named by the raw path.
        Path target = dir.resolve("./rel.bin");
        AtomicFiles.write(target, out -> out.write(1));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(dir.resolve("rel.bin")));
    }

    @Test
    void missingDirectoriesAreCreated() throws IOException {
        Path target = dir.resolve("missing/deeper/out.bin");
        AtomicFiles.write(target, out -> out.write(1));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target));
    }

    @Test
    void aFileWhereADirectoryShouldBeFailsWithoutWriting() throws IOException {
        Files.writeString(dir.resolve("plain"), "x");
        Path target = dir.resolve("plain/out.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
        assertEquals("x", Files.readString(dir.resolve("plain")));
    }

    @Test
    void uncheckedExceptionFromBodyPropagates() throws IOException {
        Path target = dir.resolve("u.bin");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            throw new UncheckedIOException(new IOException("x"));
        }));
        assertEquals(List.of(), listDir());
    }
}
