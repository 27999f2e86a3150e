package dev.hsresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectStderrTest {

    @TempDir
    Path tmp;

    /** @return the number of this process's descriptor open on {@code file} */
    private static String descriptorOf(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file.toRealPath())) {
                        return fd.getFileName().toString();
                    }
                } catch (IOException e) {
                    // a descriptor closed while listing
                }
            }
        }
        throw new AssertionError("no descriptor open on " + file);
    }

    @Test
    void systemErrWritesToTheGivenDescriptor() throws IOException {
        Path file = tmp.resolve("stderr.txt");
        PrintStream saved = System.err;
        try (FileOutputStream held = new FileOutputStream(file.toFile())) {
            assertTrue(DirectStderr.install(descriptorOf(file)));
            System.err.println("written directly");
        } finally {
            System.setErr(saved);
        }
        assertEquals("written directly\n", Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void anAbsentBadOrClosedDescriptorLeavesStderrAlone() {
        PrintStream saved = System.err;
        try {
            assertFalse(DirectStderr.install(null));
            assertFalse(DirectStderr.install("2; rm -rf /"));
            assertFalse(DirectStderr.install("9999"));
            assertEquals(saved, System.err);
        } finally {
            System.setErr(saved);
        }
    }
}
