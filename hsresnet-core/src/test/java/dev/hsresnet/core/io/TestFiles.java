package dev.hsresnet.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Hand-crafting safetensors bytes for tests, independent of the writer under test. */
final class TestFiles {
    private TestFiles() {
    }

    /** 8-byte little-endian u64. */
    static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Length prefix + header exactly as given (no padding) + data. */
    static byte[] file(byte[] header, byte[] data) {
        return concat(le64(header.length), header, data);
    }

    /** Length prefix + UTF-8 header JSON exactly as given (no padding) + data. */
    static byte[] file(String headerJson, byte[] data) {
        return file(ascii(headerJson), data);
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    static ByteBuffer leBuffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
