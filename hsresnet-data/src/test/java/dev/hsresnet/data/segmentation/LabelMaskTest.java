package dev.hsresnet.data.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.data.Image;
import org.junit.jupiter.api.Test;

class LabelMaskTest {

    @Test
    void rowMajorAndCopyFree() {
        int[] labels = {1, 2, 3, 4, 5, 6};
        LabelMask m = new LabelMask(2, 3, labels);
        assertSame(labels, m.labels());
        assertEquals(3, m.get(0, 2));
        assertEquals(4, m.get(1, 0));
        assertEquals(6, m.size());
        assertEquals(new LabelMask(2, 3, labels.clone()), m);
        assertNotEquals(new LabelMask(3, 2, labels.clone()), m);
        assertEquals("LabelMask[2x3]", m.toString());
    }

    @Test
    void refusesBadShapes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new LabelMask(2, 3, new int[5]));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LabelMask(0, 3, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new LabelMask(3, -1, new int[0]));
        assertThrows(NullPointerException.class, () -> new LabelMask(1, 1, null));
    }

    @Test
    void filled() {
        LabelMask m = LabelMask.filled(2, 2, 7);
        assertEquals(new LabelMask(2, 2, new int[] {7, 7, 7, 7}), m);
    }

    @Test
    void sampleNeedsTheSameSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SegmentationSample(Image.zeros(3, 4, 5), LabelMask.filled(4, 6, 0)));
        assertTrue(e.getMessage().contains("4x5") && e.getMessage().contains("4x6"),
                e.getMessage());
        SegmentationSample s = new SegmentationSample(Image.zeros(1, 4, 5), LabelMask.filled(4, 5, 0));
        assertEquals(4, s.height());
        assertEquals(5, s.width());
    }
}
