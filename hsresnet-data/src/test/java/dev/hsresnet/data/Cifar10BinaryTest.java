package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BinaryTest {

    @TempDir Path dir;

    /** Record r of file f: label (f + r) % 10; R plane = (f*7 + r + pos) % 256, G = 2, B = 250. */
    private static byte[] records(int f, int count) {
        byte[] out = new byte[count * Cifar10Binary.RECORD_BYTES];
        for (int r = 0; r < count; r++) {
            int base = r * Cifar10Binary.RECORD_BYTES;
            out[base] = (byte) ((f + r) % 10);
            for (int p = 0; p < 1024; p++) {
                out[base + 1 + p] = (byte) ((f * 7 + r + p) % 256);
                out[base + 1 + 1024 + p] = 2;
                out[base + 1 + 2048 + p] = (byte) 250;
            }
        }
        return out;
    }

    private void writeTrain(int perFile) throws IOException {
        for (int f = 1; f <= 5; f++) {
            Files.write(dir.resolve("data_batch_" + f + ".bin"), records(f, perFile));
        }
    }

    @Test
    void readsTrainBatchesInFileOrderWithPlanarPixels() throws IOException {
        writeTrain(3);
        Cifar10Binary ds = Cifar10Binary.open(dir, true);
        assertEquals(15, ds.size());
        assertEquals(Cifar10Binary.CLASSES, ds.classes());
        // global index 7 = file data_batch_3.bin, record 1
        assertEquals((3 + 1) % 10, ds.label(7));
        assertEquals("cifar10 data_batch_3.bin #1", ds.describe(7));
        Image img = ds.load(7);
        assertEquals(3, img.channels());
        assertEquals(32, img.height());
        assertEquals(32, img.width());
        int y = 5;
        int x = 9;
        assertEquals(((3 * 7 + 1 + y * 32 + x) % 256) / 255f, img.get(0, y, x));
        assertEquals(2 / 255f, img.get(1, y, x));
        assertEquals(250 / 255f, img.get(2, y, x));
        assertEquals("cifar10 data_batch_5.bin #2", ds.describe(14));
    }

    @Test
    void readsTestBatchAndMetaClassNames() throws IOException {
        Files.write(dir.resolve("test_batch.bin"), records(0, 4));
        Files.writeString(dir.resolve("batches.meta.txt"),
                "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
        Cifar10Binary ds = Cifar10Binary.open(dir, false);
        assertEquals(4, ds.size());
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), ds.classes());
        assertEquals("cifar10 test_batch.bin #3", ds.describe(3));
    }

    @Test
    void validationErrorsNameTheFile() throws IOException {
        assertMessage("does not exist", () -> Cifar10Binary.open(dir.resolve("none"), true));
        assertMessage("test_batch.bin", () -> Cifar10Binary.open(dir, false));

        Files.write(dir.resolve("test_batch.bin"), new byte[Cifar10Binary.RECORD_BYTES + 5]);
        assertMessage("not a positive multiple of 3073", () -> Cifar10Binary.open(dir, false));
        Files.write(dir.resolve("test_batch.bin"), new byte[0]);
        assertMessage("has 0 bytes", () -> Cifar10Binary.open(dir, false));

        byte[] badLabel = records(0, 2);
        badLabel[Cifar10Binary.RECORD_BYTES] = 10;
        Files.write(dir.resolve("test_batch.bin"), badLabel);
        assertMessage("record 1 has label 10", () -> Cifar10Binary.open(dir, false));

        Files.write(dir.resolve("test_batch.bin"), records(0, 2));
        Files.writeString(dir.resolve("batches.meta.txt"), "only-one\n");
        assertMessage("batches.meta.txt", () -> Cifar10Binary.open(dir, false));
        Files.delete(dir.resolve("batches.meta.txt"));

        for (int f = 1; f <= 4; f++) {
            Files.write(dir.resolve("data_batch_" + f + ".bin"), records(f, 1));
        }
        assertMessage("data_batch_5.bin", () -> Cifar10Binary.open(dir, true));
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage() + " should contain " + part);
    }
}
