package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    @TempDir Path dir;

    private Path write(BufferedImage img, String format, String name) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, file.toFile()), "no writer for " + format);
        return file;
    }

    private static BufferedImage rgb(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (10 * x) << 16 | (20 * y) << 8 | 30);
            }
        }
        return img;
    }

    @Test
    void rgbPngGivesExactPlanes() throws IOException {
        Image img = ImageDecoder.decode(write(rgb(5, 4), "png", "a.png"), 3);
        assertEquals(3, img.channels());
        assertEquals(4, img.height());
        assertEquals(5, img.width());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(10 * x / 255f, img.get(0, y, x));
                assertEquals(20 * y / 255f, img.get(1, y, x));
                assertEquals(30 / 255f, img.get(2, y, x));
            }
        }
    }

    @Test
    void rgbToLuminanceUsesRec601Weights() throws IOException {
        Path file = write(rgb(5, 4), "png", "a.png");
        Image color = ImageDecoder.decode(file, 3);
        Image gray = ImageDecoder.decode(file, 1);
        assertEquals(1, gray.channels());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                float expected = 0.299f * color.get(0, y, x) + 0.587f * color.get(1, y, x)
                        + 0.114f * color.get(2, y, x);
                assertEquals(expected, gray.get(0, y, x), 1e-6);
            }
        }
    }

    @Test
    void grayPngKeepsStoredValuesAndReplicatesToRgb() throws IOException {
        BufferedImage g = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 6; i++) {
            g.getRaster().setSample(i % 3, i / 3, 0, 40 * i);
        }
        Path file = write(g, "png", "g.png");
        Image one = ImageDecoder.decode(file, 1);
        Image three = ImageDecoder.decode(file, 3);
        for (int i = 0; i < 6; i++) {
            assertEquals(40 * i / 255f, one.pixels()[i]); // no linear-gray to sRGB conversion
            for (int c = 0; c < 3; c++) {
                assertEquals(one.pixels()[i], three.pixels()[c * 6 + i]);
            }
        }
    }

    @Test
    void sixteenBitGrayIsScaledByItsDepth() throws IOException {
        BufferedImage g = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        g.getRaster().setSample(0, 0, 0, 65535);
        g.getRaster().setSample(1, 0, 0, 32768);
        Image img = ImageDecoder.decode(write(g, "png", "g16.png"), 1);
        assertEquals(1f, img.pixels()[0]);
        assertEquals(32768f / 65535f, img.pixels()[1], 1e-7);
    }

    @Test
    void paletteAndAlphaImagesDecodeToRgb() throws IOException {
        byte[] r = {(byte) 255, 0};
        byte[] gr = {0, (byte) 128};
        byte[] b = {0, (byte) 255};
        BufferedImage pal = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(1, 2, r, gr, b));
        pal.getRaster().setSample(1, 0, 0, 1);
        Image p = ImageDecoder.decode(write(pal, "png", "p.png"), 3);
        assertEquals(1f, p.get(0, 0, 0));
        assertEquals(0f, p.get(1, 0, 0));
        assertEquals(128 / 255f, p.get(1, 0, 1));
        assertEquals(1f, p.get(2, 0, 1));

        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x10204080);
        Image a = ImageDecoder.decode(write(argb, "png", "a.png"), 3);
        assertEquals(Arrays.toString(new float[] {0x20 / 255f, 0x40 / 255f, 0x80 / 255f}),
                Arrays.toString(a.pixels()));
    }

    @Test
    void realJpegDecodesToUnitRange() throws IOException {
        Path jpg = firstSliceJpeg();
        Image img = ImageDecoder.decode(jpg, 3);
        assertEquals(new Image(3, 32, 32, img.pixels()), img);
        float min = 1;
        float max = 0;
        for (float v : img.pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0 && max <= 1 && max > min, "values " + min + ".." + max);
    }

    @Test
    void brokenFilesThrowIoExceptionNamingTheFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image at all",
                StandardCharsets.UTF_8);
        byte[] jpeg = Files.readAllBytes(firstSliceJpeg());
        Path cutJpeg = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        byte[] png = Files.readAllBytes(write(rgb(40, 40), "png", "big.png"));
        Path cutPng = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        Path missing = dir.resolve("missing.jpg");
        for (Path bad : new Path[] {empty, text, cutJpeg, cutPng, missing}) {
            IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(bad, 3),
                    bad.toString());
            assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        }
    }

    @Test
    void jpegCutInsideTheScanDataIsRejectedNotGreyFilled() throws IOException {
        BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                noise.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        byte[] full = Files.readAllBytes(write(noise, "jpg", "noise.jpg"));
        assertEquals(3 * 64 * 64, ImageDecoder.decode(dir.resolve("noise.jpg"), 3).size());
        Path cut = Files.write(dir.resolve("noise-cut.jpg"),
                Arrays.copyOf(full, full.length * 7 / 10));
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(cut, 3));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }

    @Test
    void rejectsUnsupportedChannelCounts() {
        assertThrows(IllegalArgumentException.class,
                () -> ImageDecoder.decode(dir.resolve("x.png"), 2));
    }

    static Path firstSliceJpeg() throws IOException {
        try (var s = Files.list(TestData.cifarSlice().resolve("airplane"))) {
            return s.sorted().findFirst().orElseThrow();
        }
    }
}
