package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir Path dir;

    /** An IDX file: magic, dims, then payload. */
    static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** n images of 28x28, image i pixel p = (i + p) % 256. */
    static byte[] pixels(int n) {
        byte[] px = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                px[i * 784 + p] = (byte) ((i + p) % 256);
            }
        }
        return px;
    }

    private void write(String name, byte[] data) throws IOException {
        Files.write(dir.resolve(name), data);
    }

    @Test
    void readsRawTrainFiles() throws IOException {
        write("train-images-idx3-ubyte", idx(0x803, new int[] {3, 28, 28}, pixels(3)));
        write("train-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[] {9, 0, 4}));
        FashionMnist ds = FashionMnist.open(dir, true);
        assertEquals(3, ds.size());
        assertEquals("Ankle boot", ds.classes().get(ds.label(0)));
        assertEquals("T-shirt/top", ds.classes().get(ds.label(1)));
        assertEquals(10, ds.classes().size());
        Image img = ds.load(2);
        assertEquals(new Image(1, 28, 28, img.pixels()), img);
        assertEquals(((2 + 5 * 28 + 6) % 256) / 255f, img.get(0, 5, 6));
        assertEquals("fashion-mnist train-images-idx3-ubyte #2", ds.describe(2));
    }

    @Test
    void readsGzipTestFiles() throws IOException {
        write("t10k-images-idx3-ubyte.gz", gzip(idx(0x803, new int[] {2, 28, 28}, pixels(2))));
        write("t10k-labels-idx1-ubyte.gz", gzip(idx(0x801, new int[] {2}, new byte[] {1, 8})));
        FashionMnist ds = FashionMnist.open(dir, false);
        assertEquals(2, ds.size());
        assertEquals("Bag", ds.classes().get(ds.label(1)));
        assertEquals(((1 + 100) % 256) / 255f, ds.load(1).pixels()[100]);
    }

    @Test
    void everyValidationErrorNamesTheProblem() throws IOException {
        String images = "train-images-idx3-ubyte";
        String labels = "train-labels-idx1-ubyte";
        byte[] goodLabels = idx(0x801, new int[] {2}, new byte[] {1, 2});
        byte[] goodImages = idx(0x803, new int[] {2, 28, 28}, pixels(2));

        assertMessage("does not exist", () -> FashionMnist.open(dir.resolve("none"), true));
        assertMessage(images + ".gz", () -> FashionMnist.open(dir, true)); // missing files
        write(images, goodImages);
        assertMessage(labels, () -> FashionMnist.open(dir, true));

        write(labels, idx(0x803, new int[] {2}, new byte[] {1, 2}));
        assertMessage("magic 0x00000803, expected 0x00000801", () -> FashionMnist.open(dir, true));
        write(labels, goodLabels);
        write(images, idx(0x801, new int[] {2, 28, 28}, pixels(2)));
        assertMessage("expected 0x00000803", () -> FashionMnist.open(dir, true));

        write(images, idx(0x803, new int[] {3, 28, 28}, pixels(3)));
        assertMessage("3 images but", () -> FashionMnist.open(dir, true));

        byte[] truncated = idx(0x803, new int[] {2, 28, 28}, pixels(2));
        write(images, java.util.Arrays.copyOf(truncated, truncated.length - 10));
        assertMessage("(truncated)", () -> FashionMnist.open(dir, true));
        write(images, idx(0x803, new int[] {2, 28, 28}, pixels(3)));
        assertMessage("(trailing bytes)", () -> FashionMnist.open(dir, true));
        write(images, new byte[] {0, 0, 8, 3, 0, 0});
        assertMessage("truncated inside its header", () -> FashionMnist.open(dir, true));
        write(images, idx(0x803, new int[] {0, 28, 28}, new byte[0]));
        assertMessage("dimension 0 of size 0", () -> FashionMnist.open(dir, true));

        write(images, goodImages);
        write(labels, idx(0x801, new int[] {2}, new byte[] {1, 10}));
        assertMessage("label #1 is 10", () -> FashionMnist.open(dir, true));

        Files.delete(dir.resolve(labels));
        byte[] gz = gzip(goodLabels);
        write(labels + ".gz", java.util.Arrays.copyOf(gz, gz.length - 12));
        assertMessage("not a valid gzip stream", () -> FashionMnist.open(dir, true));
        write(labels + ".gz", gz);
        assertEquals(2, FashionMnist.open(dir, true).size());
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage() + " should contain " + part);
    }
}
