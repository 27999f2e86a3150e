package dev.hsresnet.data.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.ImageTooLargeException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskDecoderTest {

    @TempDir Path dir;

    private static final int[][] LABELS = {{0, 1, 2, 3}, {4, 5, 11, 255}, {9, 8, 7, 6}};

    private static int[] flat(int[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    @Test
    void grayPngGivesStoredValues() throws IOException {
        LabelMask m = MaskDecoder.decode(Fixtures.png(Fixtures.gray(LABELS), dir.resolve("g.png")));
        assertEquals(3, m.height());
        assertEquals(4, m.width());
        assertArrayEquals(flat(LABELS), m.labels());
    }

    @Test
    void sixteenBitGrayKeepsLargeIndices() throws IOException {
        int[][] labels = {{0, 300}, {40000, 65535}};
        LabelMask m = MaskDecoder.decode(Fixtures.png(Fixtures.gray16(labels), dir.resolve("g16.png")));
        assertArrayEquals(new int[] {0, 300, 40000, 65535}, m.labels());
    }

    @Test
    void palettePngGivesIndicesNotColours() throws IOException {
        int[][] labels = {{0, 1, 2}, {3, 2, 1}};
        Path file = Fixtures.png(Fixtures.palette(labels, 4), dir.resolve("p.png"));
        // the file really is a palette PNG whose colours differ from the indices
        BufferedImage back = ImageIO.read(file.toFile());
        assertTrue(back.getColorModel() instanceof IndexColorModel, back.toString());
        Image colours = ImageDecoder.decode(file, 3);
        assertEquals(200 / 255f, colours.get(0, 0, 0));
        LabelMask m = MaskDecoder.decode(file);
        assertArrayEquals(new int[] {0, 1, 2, 3, 2, 1}, m.labels());
    }

    @Test
    void twoBitPalettePngIsUnpacked() throws IOException {
        byte[] c = {0, 60, 120, (byte) 180};
        IndexColorModel cm = new IndexColorModel(2, 4, c, c, c);
        BufferedImage img = new BufferedImage(5, 2, BufferedImage.TYPE_BYTE_BINARY, cm);
        int[] expected = {3, 0, 1, 2, 3, 2, 2, 0, 1, 1};
        for (int i = 0; i < expected.length; i++) {
            img.getRaster().setSample(i % 5, i / 5, 0, expected[i]);
        }
        LabelMask m = MaskDecoder.decode(Fixtures.png(img, dir.resolve("p2.png")));
        assertArrayEquals(expected, m.labels());
    }

    @Test
    void rgbAndRgbaMasksAreRefusedNamingTheFile() throws IOException {
        Path rgb = Fixtures.png(Fixtures.rgb(3, 4), dir.resolve("colour-mask.png"));
        IOException e = assertThrows(IOException.class, () -> MaskDecoder.decode(rgb));
        assertTrue(e.getMessage().contains(rgb.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("one-channel index PNG"), e.getMessage());
        assertTrue(e.getMessage().contains("3 channels"), e.getMessage());

        BufferedImage argb = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        Path rgba = Fixtures.png(argb, dir.resolve("rgba.png"));
        e = assertThrows(IOException.class, () -> MaskDecoder.decode(rgba));
        assertTrue(e.getMessage().contains(rgba.toString()) && e.getMessage().contains("RGBA"),
                e.getMessage());
    }

    @Test
    void emptyMissingGarbageAndJpegAreIoExceptionsNamingTheFile() throws IOException {
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        Path missing = dir.resolve("missing.png");
        Path garbage = Files.writeString(dir.resolve("garbage.png"), "not a png at all");
        Path truncated = dir.resolve("truncated.png");
        byte[] good = Files.readAllBytes(Fixtures.png(Fixtures.gray(LABELS), dir.resolve("ok.png")));
        Files.write(truncated, java.util.Arrays.copyOf(good, 40));
        Path jpeg = dir.resolve("mask.jpg");
        assertTrue(ImageIO.write(Fixtures.gray(LABELS), "jpeg", jpeg.toFile()));
        for (Path f : new Path[] {empty, missing, garbage, truncated, jpeg}) {
            IOException e = assertThrows(IOException.class, () -> MaskDecoder.decode(f));
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
        IOException e = assertThrows(IOException.class, () -> MaskDecoder.decode(jpeg));
        assertTrue(e.getMessage().contains("not a PNG"), e.getMessage());
    }

    @Test
    void guardRefusesFromTheHeader() throws IOException {
        Path file = Fixtures.png(Fixtures.gray(LABELS), dir.resolve("g.png"));
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
                () -> MaskDecoder.decode(file, ImageGuard.DEFAULT.withMaxPixels(11)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertNotEquals(null, MaskDecoder.decode(file, ImageGuard.DEFAULT.withMaxPixels(12)));
    }
}
