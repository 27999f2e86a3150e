package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageTest {

    @Test
    void validatesLengthAndDimensions() {
        assertThrows(IllegalArgumentException.class, () -> new Image(3, 2, 2, new float[11]));
        assertThrows(IllegalArgumentException.class, () -> new Image(0, 2, 2, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new Image(1, -1, 2, new float[2]));
        assertThrows(NullPointerException.class, () -> new Image(1, 1, 1, null));
    }

    @Test
    void indexesInChwOrderAndComparesValues() {
        Image img = Images.coded(2, 3, 4);
        assertEquals(1000 + 200 + 3, img.get(1, 2, 3));
        assertEquals(img.pixels()[(1 * 3 + 2) * 4 + 3], img.get(1, 2, 3));
        assertEquals(Images.coded(2, 3, 4), img);
        assertEquals(Images.coded(2, 3, 4).hashCode(), img.hashCode());
        assertNotEquals(Images.coded(2, 4, 3), img);
        assertEquals("Image[2x3x4]", img.toString());
    }
}
