package dev.hsresnet.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An unsigned-byte IDX file (the MNIST format), raw or gzip-compressed (detected from the
 * content, not the name): big-endian magic {@code 0x0000 08 NN} (type 0x08 = unsigned byte, NN =
 * number of dimensions), NN big-endian int32 dimension sizes, then the bytes in row-major order.
 *
 * @param dims the dimension sizes, e.g. {@code [60000, 28, 28]}
 * @param data the payload, exactly the product of {@code dims} bytes
 */
public record IdxFile(int[] dims, byte[] data) {

    /**
     * Reads and validates an IDX file.
     *
     * @param file the file, raw or gzip
     * @param expectedDims the required number of dimensions (3 for images, 1 for labels)
     * @return the parsed file
     * @throws IllegalArgumentException naming the file if the gzip stream is corrupt, the magic is
     *     not {@code 0x000008NN} with NN = {@code expectedDims}, a dimension is not positive, or
     *     the payload is shorter or longer than the dimensions say
     * @throws UncheckedIOException if the file cannot be read
     */
    public static IdxFile read(Path file, int expectedDims) {
        byte[] bytes = readMaybeGzip(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes); // big-endian by default
        if (bytes.length < 4) {
            throw new IllegalArgumentException(
                    "IDX file " + file + " is too short (" + bytes.length + " bytes) for a header");
        }
        int magic = buf.getInt();
        int expectedMagic = 0x0800 | expectedDims;
        if (magic != expectedMagic) {
            throw new IllegalArgumentException(
                    String.format(
                            "IDX file %s has magic 0x%08X, expected 0x%08X (unsigned bytes, %d dimensions)",
                            file, magic, expectedMagic, expectedDims));
        }
        if (bytes.length < 4 + 4 * expectedDims) {
            throw new IllegalArgumentException("IDX file " + file + " is truncated inside its header");
        }
        int[] dims = new int[expectedDims];
        long total = 1;
        for (int d = 0; d < expectedDims; d++) {
            dims[d] = buf.getInt();
            if (dims[d] <= 0) {
                throw new IllegalArgumentException(
                        "IDX file " + file + " has dimension " + d + " of size " + dims[d]);
            }
            try {
                total = Math.multiplyExact(total, dims[d]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("IDX file " + file + " has absurd dimensions", e);
            }
        }
        long payload = bytes.length - buf.position();
        if (payload != total) {
            throw new IllegalArgumentException(
                    "IDX file " + file + " has " + payload + " data bytes, dimensions "
                            + Arrays.toString(dims) + " need " + total
                            + (payload < total ? " (truncated)" : " (trailing bytes)"));
        }
        return new IdxFile(dims, Arrays.copyOfRange(bytes, buf.position(), bytes.length));
    }

    private static byte[] readMaybeGzip(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            "IDX file " + file + " is not a valid gzip stream: " + e.getMessage(), e);
                }
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
