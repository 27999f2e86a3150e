package dev.hsresnet.vision.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.vision.detection.DetectedBox;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link InstancePainter}: masks blended in per-instance colours, boxes on top, errors. */
class InstancePainterTest {

    private static final List<String> CLASSES = List.of("person", "bike");

    @Test
    void colorsAreDeterministicAndDistinctPerRank() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            assertEquals(InstancePainter.color(i), InstancePainter.color(i));
            assertTrue(seen.add(InstancePainter.color(i).getRGB()), "rank " + i);
        }
        float[] hsb = Color.RGBtoHSB(InstancePainter.color(1).getRed(),
                InstancePainter.color(1).getGreen(), InstancePainter.color(1).getBlue(), null);
        assertEquals(0.618, hsb[0], 0.01);
    }

    @Test
    void eachMaskIsBlendedInItsColourAndTheRestIsThePhoto() {
        int w = 60;
        int h = 40;
        Image photo = Image.zeros(3, h, w);
        java.util.Arrays.fill(photo.pixels(), 0.4f); // gray 102
        // two instances of one class, boxes far from the pixels looked at
        InstanceMask a = InstanceMask.rectangle(h, w, 10, 10, 30, 30);
        InstanceMask b = InstanceMask.rectangle(h, w, 40, 5, 55, 35);
        List<DetectedInstance> instances = List.of(
                new DetectedInstance(new DetectedBox(0, 0.9f, 5, 5, 35, 35), a),
                new DetectedInstance(new DetectedBox(0, 0.6f, 38, 2, 58, 38), b));
        BufferedImage img = InstancePainter.draw(photo, instances, CLASSES);
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        assertEquals(blend(102, InstancePainter.color(0)), img.getRGB(20, 20) & 0xffffff);
        assertEquals(blend(102, InstancePainter.color(1)), img.getRGB(47, 20) & 0xffffff);
        assertNotEquals(img.getRGB(20, 20), img.getRGB(47, 20), "one colour per instance");
        assertEquals(0x666666, img.getRGB(2, 38) & 0xffffff, "outside masks, boxes and tags");
        // the box outline, in the instance's colour, on its bottom edge
        Color edge = new Color(img.getRGB(20, 35));
        Color expected = InstancePainter.color(0);
        assertTrue(Math.abs(edge.getRed() - expected.getRed()) < 40
                && Math.abs(edge.getGreen() - expected.getGreen()) < 40
                && Math.abs(edge.getBlue() - expected.getBlue()) < 40, edge + " vs " + expected);
    }

    private static int blend(int gray, Color c) {
        int r = Math.round(0.5f * gray + 0.5f * c.getRed());
        int g = Math.round(0.5f * gray + 0.5f * c.getGreen());
        int b = Math.round(0.5f * gray + 0.5f * c.getBlue());
        return (r << 16) | (g << 8) | b;
    }

    @Test
    void masksOfAnotherSizeAndUnknownClassesAreRefused() {
        Image photo = Image.zeros(3, 20, 30);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> InstancePainter.draw(photo, List.of(new DetectedInstance(
                        new DetectedBox(0, 0.5f, 1, 1, 5, 5), InstanceMask.empty(20, 31))),
                        CLASSES));
        assertEquals("instance 0: mask of 31x20 for a 30x20 image (width x height)",
                size.getMessage());
        IllegalArgumentException cls = assertThrows(IllegalArgumentException.class,
                () -> InstancePainter.draw(photo, List.of(new DetectedInstance(
                        new DetectedBox(2, 0.5f, 1, 1, 5, 5), InstanceMask.empty(20, 30))),
                        CLASSES));
        assertTrue(cls.getMessage().contains("class 2 has no name (2 classes)"),
                cls.getMessage());
    }
}
