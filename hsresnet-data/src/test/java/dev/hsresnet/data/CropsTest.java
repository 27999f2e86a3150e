package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class CropsTest {

    @Test
    void cropInsideCopiesTheWindow() {
        Image img = Images.coded(2, 5, 6);
        Image c = Crops.crop(img, 1, 2, 3, 4);
        assertEquals(new Image(2, 3, 4, c.pixels()), c);
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(img.get(ch, y + 1, x + 2), c.get(ch, y, x));
                }
            }
        }
    }

    @Test
    void cropOutsideIsZeroFilled() {
        Image img = Images.coded(1, 3, 3);
        Image c = Crops.crop(img, -1, -2, 3, 3);
        assertEquals(0f, c.get(0, 0, 0));
        assertEquals(0f, c.get(0, 0, 2));
        assertEquals(0f, c.get(0, 2, 1));
        assertEquals(img.get(0, 0, 0), c.get(0, 1, 2));
        assertEquals(img.get(0, 1, 0), c.get(0, 2, 2));
        Image far = Crops.crop(img, 10, 10, 2, 2);
        assertEquals(Images.constant(1, 2, 2, 0f), far);
    }

    @Test
    void flipTwiceIsIdentityAndMirrorsColumns() {
        Image img = Images.coded(3, 4, 5);
        Image once = Crops.flipHorizontal(img);
        assertNotEquals(img, once);
        assertEquals(img.get(2, 3, 0), once.get(2, 3, 4));
        assertEquals(img.get(1, 0, 1), once.get(1, 0, 3));
        assertEquals(img, Crops.flipHorizontal(once));
    }
}
