package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PadRandomCropTest {

    /** Values 1000 c + 100 y + x + 1, so that no real pixel is 0. */
    private static final Image SRC = plusOne(Images.coded(3, 8, 8));

    private static Image plusOne(Image img) {
        float[] out = img.pixels().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += 1;
        }
        return new Image(img.channels(), img.height(), img.width(), out);
    }

    @Test
    void outputIsTheSourceShiftedWithZeroPadding() {
        PadRandomCrop crop = new PadRandomCrop(8, 4);
        Set<String> offsets = new HashSet<>();
        for (int s = 0; s < 400; s++) {
            Image out = crop.apply(SRC, new SplittableRandom(s));
            assertEquals(new Image(3, 8, 8, out.pixels()), out);
            int[] off = findOffset(out);
            offsets.add(off[0] + "," + off[1]);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        int sy = y + off[0];
                        int sx = x + off[1];
                        float expected = sy >= 0 && sy < 8 && sx >= 0 && sx < 8 ? SRC.get(c, sy, sx) : 0f;
                        assertEquals(expected, out.get(c, y, x), "seed " + s);
                    }
                }
            }
        }
        assertEquals(81, offsets.size(), "every shift in [-4, 4]^2 occurs");
    }

    /** The (dy, dx) with out(y, x) = src(y + dy, x + dx), from any non-zero pixel. */
    private static int[] findOffset(Image out) {
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
                float v = out.get(0, y, x);
                if (v != 0) {
                    int sy = (int) (v - 1) / 100;
                    int sx = (int) (v - 1) % 100;
                    return new int[] {sy - y, sx - x};
                }
            }
        }
        throw new AssertionError("all zero");
    }

    @Test
    void noPaddingSameSizeIsIdentityAndTooSmallFails() {
        assertEquals(SRC, new PadRandomCrop(8, 0).apply(SRC, new SplittableRandom(3)));
        assertThrows(IllegalArgumentException.class,
                () -> new PadRandomCrop(20, 4).apply(SRC, new SplittableRandom(3)));
    }
}
