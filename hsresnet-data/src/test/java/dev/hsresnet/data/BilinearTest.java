package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BilinearTest {

    @Test
    void constantImageStaysConstantAtAnySize() {
        Image c = Images.constant(3, 7, 5, 0.3f);
        for (int[] size : new int[][] {{14, 10}, {3, 2}, {1, 1}, {9, 13}}) {
            Image out = Bilinear.resize(c, size[0], size[1]);
            assertEquals(3 * size[0] * size[1], out.size());
            for (float v : out.pixels()) {
                assertEquals(0.3f, v, 1e-7);
            }
        }
    }

    @Test
    void horizontalGradientStaysLinearWithHalfPixelCentres() {
        Image ramp = Images.of(4, 8, (y, x) -> x); // value = column
        Image up = Bilinear.resize(ramp, 4, 16);
        // output column o samples source (o + 0.5) / 2 - 0.5, clamped to [0, 7] at the borders
        for (int o = 0; o < 16; o++) {
            double expected = Math.min(7, Math.max(0, (o + 0.5) / 2 - 0.5));
            assertEquals(expected, up.get(0, 2, o), 1e-6, "column " + o);
        }
        Image down = Bilinear.resize(ramp, 4, 4);
        for (int o = 0; o < 4; o++) {
            assertEquals(2 * o + 0.5, down.get(0, 1, o), 1e-6); // mean of columns 2o and 2o+1
        }
    }

    @Test
    void verticalGradientAndSameSize() {
        Image ramp = Images.of(6, 3, (y, x) -> 10 * y);
        Image down = Bilinear.resize(ramp, 3, 3);
        assertEquals(5f, down.get(0, 0, 1), 1e-6);
        assertEquals(25f, down.get(0, 1, 1), 1e-6);
        assertEquals(45f, down.get(0, 2, 1), 1e-6);
        assertSame(ramp, Bilinear.resize(ramp, 6, 3));
    }
}
