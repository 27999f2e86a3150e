package dev.hsresnet.vision.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.ImageDecoder;
import dev.hsresnet.data.segmentation.LabelMask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskImagesTest {
    static final int IGNORE = 11;

    @TempDir
    Path dir;

    /** 4 wide, 2 high: Sky Road Car ignore / Road Road Bicyclist Sky. */
    static LabelMask handMade() {
        return new LabelMask(2, 4, new int[] {0, 3, 8, IGNORE, 3, 3, 10, 0});
    }

    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    @Test
    void colorizeGivesEachPixelItsClassColourAndIgnoreBlack() {
        BufferedImage img = MaskImages.colorize(handMade(), Palette.camvid(), IGNORE);
        assertEquals(4, img.getWidth());
        assertEquals(2, img.getHeight());
        assertEquals(0x808080, rgb(img, 0, 0)); // Sky
        assertEquals(0x804080, rgb(img, 1, 0)); // Road
        assertEquals(0x400080, rgb(img, 2, 0)); // Car
        assertEquals(0x000000, rgb(img, 3, 0)); // ignore
        assertEquals(0x804080, rgb(img, 0, 1));
        assertEquals(0x0080c0, rgb(img, 2, 1)); // Bicyclist
        assertEquals(0x808080, rgb(img, 3, 1));
        BufferedImage gray = MaskImages.colorize(handMade(), Palette.camvid().withIgnoreColor(0x123456), IGNORE);
        assertEquals(0x123456, rgb(gray, 3, 0));
    }

    @Test
    void aLabelOutsideThePaletteIsNamedWithItsPixel() {
        LabelMask bad = new LabelMask(2, 3, new int[] {0, 1, 2, 3, 12, 4});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskImages.colorize(bad, Palette.camvid(), IGNORE));
        assertTrue(e.getMessage().contains("label 12 at pixel (x=1, y=1)"), e.getMessage());
        assertTrue(e.getMessage().contains("11-colour palette") && e.getMessage().contains("ignore index 11"),
                e.getMessage());
        LabelMask negative = new LabelMask(1, 1, new int[] {-1});
        assertThrows(IllegalArgumentException.class, () -> MaskImages.colorize(negative, Palette.camvid(), IGNORE));
        // -1 as the ignore index
        assertEquals(0, rgb(MaskImages.colorize(negative, Palette.camvid(), -1), 0, 0));
    }

    @Test
    void overlayBlendsEachChannelAndLeavesIgnoredPixelsAlone() {
        BufferedImage photo = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                photo.setRGB(x, y, 0x204060 + 0x010101 * (x + 4 * y));
            }
        }
        double a = 0.25;
        BufferedImage out = MaskImages.overlay(photo, handMade(), Palette.camvid(), IGNORE, a);
        // (1, 0): photo 0x214161, Road 128,64,128
        int p = 0x214161;
        int expected = (blend(p >> 16, 128, a) << 16) | (blend(p >> 8, 64, a) << 8) | blend(p, 128, a);
        assertEquals(expected, rgb(out, 1, 0));
        assertEquals((int) Math.round(0.75 * 0x21 + 0.25 * 128), rgb(out, 1, 0) >> 16, "red by hand: 57");
        assertEquals(0x234363, rgb(out, 3, 0), "ignored: the photo unchanged");
        assertEquals(rgb(photo, 2, 1), rgb(MaskImages.overlay(photo, handMade(), Palette.camvid(), IGNORE, 0), 2, 1));
        assertEquals(0x0080c0, rgb(MaskImages.overlay(photo, handMade(), Palette.camvid(), IGNORE, 1), 2, 1));
        assertEquals(0x204060, rgb(photo, 0, 0), "the input is not modified");
        assertThrows(IllegalArgumentException.class,
                () -> MaskImages.overlay(photo, handMade(), Palette.camvid(), IGNORE, 1.5));
        assertThrows(IllegalArgumentException.class,
                () -> MaskImages.overlay(photo, handMade(), Palette.camvid(), IGNORE, Double.NaN));
    }

    private static int blend(int photo, int colour, double a) {
        return (int) Math.round((1 - a) * (photo & 0xff) + a * colour);
    }

    @Test
    void sizeMismatchNamesBothSizes() {
        BufferedImage photo = new BufferedImage(5, 2, BufferedImage.TYPE_INT_RGB);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskImages.overlay(photo, handMade(), Palette.camvid(), IGNORE, 0.5));
        assertEquals("mask is 4x2 (width x height) but the image is 5x2", e.getMessage());
    }

    @Test
    void decodedImagesRoundTripToTheirBytes() throws IOException {
        BufferedImage src = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[] colours = {0x000000, 0xffffff, 0x7f3a01, 0x010203, 0xfe80c0, 0x336699};
        src.setRGB(0, 0, 3, 2, colours, 0, 3);
        Path png = dir.resolve("src.png");
        ImageIO.write(src, "png", png.toFile());
        Image decoded = ImageDecoder.decode(png, 3);
        BufferedImage back = MaskImages.toRgb(decoded);
        for (int i = 0; i < colours.length; i++) {
            assertEquals(colours[i], rgb(back, i % 3, i / 3), "pixel " + i);
        }
        Image gray = new Image(1, 1, 3, new float[] {0.5f, -1f, Float.NaN});
        BufferedImage g = MaskImages.toRgb(gray);
        assertEquals(0x808080, rgb(g, 0, 0));
        assertEquals(0, rgb(g, 1, 0), "clamped");
        assertEquals(0, rgb(g, 2, 0), "NaN as 0");
        assertThrows(IllegalArgumentException.class, () -> MaskImages.toRgb(Image.zeros(2, 1, 1)));
        // the overlay takes a decoded image as well
        LabelMask m = new LabelMask(2, 3, new int[] {0, 0, 0, 0, 0, IGNORE});
        assertEquals(0x336699, rgb(MaskImages.overlay(decoded, m, Palette.camvid(), IGNORE, 0.5), 2, 1));
    }

    @Test
    void writePngIsAtomicAndDecodable() throws IOException {
        Path f = dir.resolve("sub/mask.png");
        MaskImages.writePng(MaskImages.colorize(handMade(), Palette.camvid(), IGNORE), f);
        BufferedImage back = ImageIO.read(f.toFile());
        assertEquals(0x400080, rgb(back, 2, 0));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }
}
