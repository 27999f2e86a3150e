package dev.hsresnet.vision.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hsresnet.data.segmentation.SegmentationDataset;
import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PaletteTest {
    @Test
    void camvidColoursFollowTheClassOrder() {
        Palette p = Palette.camvid();
        assertEquals(SegmentationDataset.CAMVID_CLASSES.size(), p.size());
        int[][] expected = {
            {128, 128, 128}, {128, 0, 0}, {192, 192, 128}, {128, 64, 128}, {0, 0, 192}, {128, 128, 0},
            {192, 128, 128}, {64, 64, 128}, {64, 0, 128}, {64, 64, 0}, {0, 128, 192},
        };
        for (int c = 0; c < expected.length; c++) {
            assertEquals(new Color(expected[c][0], expected[c][1], expected[c][2]), p.color(c),
                    SegmentationDataset.CAMVID_CLASSES.get(c));
        }
        assertEquals(0x000000, p.ignoreRgb());
        assertEquals(p, Palette.forClasses(SegmentationDataset.CAMVID_CLASSES));
    }

    @Test
    void vocPaletteInterleavesTheIndexBits() {
        Palette p = Palette.voc(256);
        assertEquals(0x000000, p.rgb(0));
        assertEquals(0x800000, p.rgb(1)); // aeroplane
        assertEquals(0x008000, p.rgb(2));
        assertEquals(0x808000, p.rgb(3));
        assertEquals(0x000080, p.rgb(4));
        assertEquals(0xc08080, p.rgb(15)); // person 192,128,128
        assertEquals(0x004000, p.rgb(16)); // potted plant 0,64,0: bit 4 is the second bit of green
        assertEquals(0xe0e0c0, p.rgb(255)); // VOC's void colour 224,224,192
        Set<Integer> distinct = new HashSet<>();
        Palette big = Palette.voc(Palette.MAX_CLASSES);
        for (int c = 0; c < big.size(); c++) {
            distinct.add(big.rgb(c));
        }
        assertEquals(Palette.MAX_CLASSES, distinct.size(), "every class its own colour");
        assertEquals(Palette.voc(3), Palette.forClasses(List.of("a", "b", "c")));
    }

    @Test
    void customPalettesAndIgnoreColour() {
        Palette p = Palette.of(0xff0000, 0xff00ff00).withIgnoreColor(0xe0e0c0);
        assertEquals(0x00ff00, p.rgb(1), "alpha bits dropped");
        assertEquals(0xe0e0c0, p.ignoreRgb());
        assertNotEquals(Palette.of(0xff0000, 0x00ff00), p);
        assertThrows(IndexOutOfBoundsException.class, () -> p.rgb(2));
        assertThrows(IndexOutOfBoundsException.class, () -> p.rgb(-1));
        assertThrows(IllegalArgumentException.class, Palette::of);
        assertThrows(IllegalArgumentException.class, () -> Palette.voc(0));
        assertThrows(IllegalArgumentException.class, () -> Palette.voc(Palette.MAX_CLASSES + 1));
    }
}
