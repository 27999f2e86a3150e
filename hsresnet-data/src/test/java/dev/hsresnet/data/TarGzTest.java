package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {

    @TempDir Path tmp;

    private Path archive(String name, String... entries) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(
                        new GzipCompressorOutputStream(out))) {
            for (String e : entries) {
                byte[] data = e.getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e);
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void extractsOnceWithMarker() throws IOException {
        Path a = archive("a.tar.gz", "test/cat/1.txt", "test/dog/2.txt");
        Path dest = tmp.resolve("out");
        TarGz.extractOnce(a, dest);
        assertEquals("test/cat/1.txt", Files.readString(dest.resolve("test/cat/1.txt")));
        Files.delete(dest.resolve("test/dog/2.txt"));
        TarGz.extractOnce(a, dest);
        assertFalse(Files.exists(dest.resolve("test/dog/2.txt")), "second call does not extract");
        assertTrue(Files.exists(dest.resolve(".extracted")));
    }

    @Test
    void refusesEntriesEscapingTheDestination() throws IOException {
        Path evil = archive("evil.tar.gz", "ok.txt", "../escaped.txt");
        IOException e = assertThrows(IOException.class, () -> TarGz.extract(evil, tmp.resolve("x")));
        assertTrue(e.getMessage().contains("escapes"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escaped.txt")));
    }
}
