package dev.hsresnet.vision.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.segmentation.LabelMask;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationPanelTest {
    static final int W = 40;
    static final int H = 30;
    static final int IGNORE = SegmentationDataset.CAMVID_IGNORE_INDEX;

    @TempDir
    Path dir;

    /** Left half Road, right half Sky; a 4x4 ignored square at the top left. */
    static LabelMask truth() {
        int[] l = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                l[y * W + x] = x < 4 && y < 4 ? IGNORE : x < W / 2 ? 3 : 0;
            }
        }
        return new LabelMask(H, W, l);
    }

    /** Road everywhere but a Car in the bottom right quarter. */
    static LabelMask prediction() {
        int[] l = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                l[y * W + x] = x >= W / 2 && y >= H / 2 ? 8 : 3;
            }
        }
        return new LabelMask(H, W, l);
    }

    static BufferedImage photo() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 0x40);
            }
        }
        return img;
    }

    static SegmentationPanel camvid() {
        return new SegmentationPanel(SegmentationDataset.CAMVID_CLASSES, Palette.camvid(), IGNORE);
    }

    static int at(BufferedImage panel, SegmentationPanel p, int tile, int x, int y) {
        return panel.getRGB(SegmentationPanel.GAP + tile * (W + SegmentationPanel.GAP) + x,
                SegmentationPanel.GAP + p.headerHeight() + y) & 0xffffff;
    }

    @Test
    void tilesShowImageTruthAndPredictionSideBySide() throws IOException {
        assertTrue(GraphicsEnvironment.isHeadless(), "tests run headless");
        SegmentationPanel p = camvid();
        Path f = dir.resolve("panel.png");
        p.writePng(f, photo(), truth(), prediction());
        BufferedImage panel = ImageIO.read(f.toFile());
        assertTrue(p.headerHeight() > 0, "this machine has fonts: titles are drawn");
        assertEquals(3 * (W + SegmentationPanel.GAP) + SegmentationPanel.GAP, panel.getWidth(), "tiles set the width");
        assertTrue(panel.getHeight() > SegmentationPanel.GAP + p.headerHeight() + H + 20, "room for the legend");
        for (int[] xy : new int[][] {{0, 0}, {7, 3}, {39, 29}}) {
            assertEquals(photo().getRGB(xy[0], xy[1]) & 0xffffff, at(panel, p, 0, xy[0], xy[1]), "image tile");
        }
        assertEquals(0x000000, at(panel, p, 1, 1, 1), "ignored pixel black");
        assertEquals(0x804080, at(panel, p, 1, 10, 20), "truth Road");
        assertEquals(0x808080, at(panel, p, 1, 30, 5), "truth Sky");
        assertEquals(0x804080, at(panel, p, 2, 30, 5), "predicted Road");
        assertEquals(0x400080, at(panel, p, 2, 30, 25), "predicted Car");
        assertEquals(0xffffff, panel.getRGB(SegmentationPanel.GAP + W + 2, SegmentationPanel.GAP + p.headerHeight() + 5)
                & 0xffffff, "white gap between tiles");
        // legend: a swatch of each class present (Sky, Road, Car) and the ignore colour, nothing else
        BufferedImage legend = panel.getSubimage(0, SegmentationPanel.GAP + p.headerHeight() + H,
                panel.getWidth(), panel.getHeight() - (SegmentationPanel.GAP + p.headerHeight() + H));
        for (int rgb : new int[] {0x808080, 0x804080, 0x400080}) {
            assertTrue(count(legend, rgb) >= 50, "swatch " + Integer.toHexString(rgb));
        }
        assertEquals(0, count(legend, 0x0080c0), "no Bicyclist swatch");
    }

    @Test
    void withoutTruthTwoTilesAndBlendedMasks() {
        SegmentationPanel p = camvid().maskAlpha(0.5);
        Image img = new Image(1, H, W, new float[W * H]); // black
        BufferedImage panel = p.render(img, null, prediction());
        assertTrue(panel.getWidth() >= 2 * (W + SegmentationPanel.GAP) + SegmentationPanel.GAP);
        // half of Car (64, 0, 128) over black
        assertEquals(0x200040, at(panel, p, 1, 30, 25));
        assertEquals(0x402040, at(panel, p, 1, 5, 5), "half of Road (128, 64, 128)");
    }

    @Test
    void mismatchedSizesAreNamed() {
        LabelMask small = new LabelMask(20, 30, new int[600]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> camvid().render(photo(), small, prediction()));
        assertEquals("ground truth is 30x20 (width x height) but the image is 40x30", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> camvid().render(photo(), truth(), small));
        assertEquals("prediction is 30x20 (width x height) but the image is 40x30", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> camvid().maskAlpha(-0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new SegmentationPanel(SegmentationDataset.CAMVID_CLASSES, Palette.voc(3), IGNORE));
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
