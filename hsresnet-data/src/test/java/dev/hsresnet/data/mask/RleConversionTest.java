package dev.hsresnet.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Rle#of(InstanceMask)} and {@link InstanceMask#of(Rle)}: hand cases and round trips. */
class RleConversionTest {

    @Test
    void aBitmapEncodesToTheRunsOfItsColumns() {
        //   . # # .      column-major: 0 0 1 | 1 1 1 | 1 0 0 | 0 0 0 -> runs 2, 5, 5
        //   . # . .
        //   # # . .
        InstanceMask m = new InstanceMask(3, 4, BitMasks.parse(".##.", ".#..", "##.."));
        Rle r = Rle.of(m);
        assertArrayEquals(new int[] {2, 5, 5}, r.counts());
        assertEquals(3, r.height());
        assertEquals(4, r.width());
        assertEquals(BitMasks.rle(".##.", ".#..", "##.."), r);
        assertEquals(m, InstanceMask.of(r));
    }

    @Test
    void aFirstSetPixelAndTheLastPixelAreKept() {
        //   # .      runs 0, 2, 1, 1: starts with an empty run of 0s, ends on the last pixel
        //   # #
        InstanceMask m = new InstanceMask(2, 2, BitMasks.parse("#.", "##"));
        assertArrayEquals(new int[] {0, 2, 1, 1}, Rle.of(m).counts());
        InstanceMask back = InstanceMask.of(Rle.fromCounts(2, 2, 0, 2, 1, 1));
        assertTrue(back.get(0, 0) && back.get(1, 0) && !back.get(0, 1) && back.get(1, 1));
    }

    @Test
    void emptyAndFullMasks() {
        assertEquals(Rle.empty(5, 7), Rle.of(InstanceMask.empty(5, 7)));
        assertEquals(InstanceMask.empty(5, 7), InstanceMask.of(Rle.empty(5, 7)));
        InstanceMask full = InstanceMask.rectangle(5, 7, 0, 0, 7, 5);
        assertArrayEquals(new int[] {0, 35}, Rle.of(full).counts());
        assertEquals(full, InstanceMask.of(Rle.fromCounts(5, 7, 0, 35)));
    }

    @Test
    void randomMasksRoundTripBothWays() {
        Random r = new Random(14);
        for (int t = 0; t < 40; t++) {
            int h = 1 + r.nextInt(70);
            int w = 1 + r.nextInt(70);
            boolean[] pixels = t % 2 == 0 ? BitMasks.random(r, h, w, r.nextDouble())
                    : BitMasks.blobs(r, h, w);
            InstanceMask m = new InstanceMask(h, w, pixels);
            Rle encoded = Rle.of(m);
            assertEquals(Rle.encode(pixels, h, w), encoded, "mask " + t);
            assertEquals(m.area(), encoded.area(), "mask " + t);
            assertEquals(m, InstanceMask.of(encoded), "mask " + t);
            assertArrayEquals(pixels, encoded.decode(), "mask " + t);
        }
    }

    @Test
    void aMaskWithoutPixelsHasNoBitmap() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> InstanceMask.of(Rle.empty(0, 4))).getMessage();
        assertTrue(msg.contains("0x4"), msg);
    }
}
