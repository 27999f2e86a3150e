package dev.hsresnet.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Valid PNG files of hostile shapes (a 1 x 20,000,000 strip is about 40 KB), written chunk by
 * chunk so that making them allocates no {@code width x height} buffer.
 */
public final class HostilePngs {

    private HostilePngs() {}

    /**
     * An all-black 8-bit grayscale PNG: every scanline is the filter byte 0 and {@code width}
     * zero bytes, deflated.
     *
     * @param width columns, at least 1
     * @param height rows, at least 1
     * @return the encoded file
     */
    public static byte[] black(int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(9);
        try (OutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
            byte[] zeros = new byte[1 << 16];
            long left = (1L + width) * height;
            while (left > 0) {
                int n = (int) Math.min(left, zeros.length);
                z.write(zeros, 0, n);
                left -= n;
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(png);
        signatureAndHeader(out, width, height);
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /**
     * The signature and header chunk of a {@code width x height} grayscale PNG and the start of
     * its pixel data chunk, cut after 4 bytes: a decoder that reads any pixel fails on it as
     * truncated.
     *
     * @param width declared columns
     * @param height declared rows
     * @return 45 bytes
     */
    public static byte[] headerOnly(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(png);
        signatureAndHeader(out, width, height);
        out.writeInt(1000); // an IDAT chunk of 1000 bytes, of which 4 follow
        out.write("IDAT".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0x78, (byte) 0xda, 0, 0});
        return png.toByteArray();
    }

    /**
     * Writes {@link #black} to a file.
     *
     * @return {@code file}
     */
    public static Path black(Path file, int width, int height) throws IOException {
        return Files.write(file, black(width, height));
    }

    private static void signatureAndHeader(DataOutputStream out, int width, int height)
            throws IOException {
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0}); // 8 bits, grayscale, deflate, filter 0, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }
}
