package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResizeShortCenterCropTest {

    @Test
    void centreCropPicksTheCentre() {
        Image img = Images.coded(2, 10, 14); // short side already 10: no resampling
        Image out = new ResizeShortCenterCrop(10, 4).apply(img, null);
        assertEquals(new Image(2, 4, 4, out.pixels()), out);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(img.get(c, 3 + y, 5 + x), out.get(c, y, x)); // (10-4)/2, (14-4)/2
                }
            }
        }
        // (11 - 4) / 2 = 3.5 rounds half to even: 4
        Image odd = Images.coded(1, 11, 11);
        assertEquals(odd.get(0, 4, 4), new ResizeShortCenterCrop(11, 4).apply(odd, null).get(0, 0, 0));
    }

    @Test
    void shortSideIsResizedKeepingAspect() {
        // a horizontal ramp 40x60 -> 20x30 (half), crop 16 at left = 7: values follow the ramp
        Image ramp = Images.of(40, 60, (y, x) -> x);
        Image out = new ResizeShortCenterCrop(20, 16).apply(ramp, null);
        assertEquals(16, out.height());
        assertEquals(16, out.width());
        for (int x = 0; x < 16; x++) {
            assertEquals(2 * (x + 7) + 0.5, out.get(0, 8, x), 1e-5);
        }
        // portrait 30x20 -> 15x10 -> crop 10: rows 2..11 of the resized image (round(2.5) = 2)
        Image tall = Images.of(30, 20, (y, x) -> y);
        Image p = new ResizeShortCenterCrop(10, 10).apply(tall, null);
        assertEquals(2 * 2 + 0.5, p.get(0, 0, 3), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> new ResizeShortCenterCrop(10, 11));
    }
}
