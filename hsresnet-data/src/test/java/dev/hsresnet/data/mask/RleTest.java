package dev.hsresnet.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Encoding, decoding, area and box: hand-computed masks and seeded random ones. */
class RleTest {

    static String message(Executable bad) {
        return assertThrows(IllegalArgumentException.class, bad).getMessage();
    }

    @Test
    void aSmallMaskIsEncodedColumnByColumn() {
        // row-major      column-major scan (col 0 top to bottom, then col 1, ...):
        //   . # # .      col 0: . . #   col 1: # # #   col 2: # . .   col 3: . . .
        //   . # . .      -> 0 0 1 1 1 1 1 0 0 0 0 0 -> runs 2 zeros, 5 ones, 5 zeros
        //   # # . .
        Rle r = BitMasks.rle(".##.", ".#..", "##..");
        assertArrayEquals(new int[] {2, 5, 5}, r.counts());
        assertEquals(3, r.height());
        assertEquals(4, r.width());
        assertEquals(5, r.area());
        // columns 0..2; the run from col 0 row 2 into col 2 row 0 spans all rows
        assertEquals(new MaskBox(0, 0, 3, 3), r.toBox());
        assertArrayEquals(BitMasks.parse(".##.", ".#..", "##.."), r.decode());
    }

    @Test
    void aMaskStartingWithASetPixelStartsWithAZeroRun() {
        //   # .      scan: col 0 = # #, col 1 = . # -> 0 zeros, 2 ones, 1 zero, 1 one
        //   # #
        Rle r = BitMasks.rle("#.", "##");
        assertArrayEquals(new int[] {0, 2, 1, 1}, r.counts());
        assertEquals(3, r.area());
        assertEquals(new MaskBox(0, 0, 2, 2), r.toBox());
    }

    @Test
    void aRunInsideOneColumnGivesItsRows() {
        //   . . . .
        //   . . # .      only col 2 rows 1..2 -> counts [7, 2, 3], box x 2, y 1, 1 x 2
        //   . . # .
        Rle r = BitMasks.rle("....", "..#.", "..#.");
        assertArrayEquals(new int[] {7, 2, 3}, r.counts());
        assertEquals(new MaskBox(2, 1, 1, 2), r.toBox());
        assertEquals(2, r.toBox().area());
    }

    @Test
    void bytesAreSetWhenNotZero() {
        byte[] m = {0, 5, 0, -1, 1, 0};
        // 2 x 3 row-major: row 0 = 0 5 0, row 1 = -1 1 0 -> col 0 = 0 -1, col 1 = 5 1, col 2 = 0 0
        assertEquals(Rle.fromCounts(2, 3, 1, 3, 2), Rle.encode(m, 2, 3));
    }

    @Test
    void emptyAndFullMasks() {
        Rle empty = Rle.empty(3, 4);
        assertArrayEquals(new int[] {12}, empty.counts());
        assertEquals(0, empty.area());
        assertEquals(new MaskBox(0, 0, 0, 0), empty.toBox());
        assertEquals(empty, Rle.encode(new boolean[12], 3, 4));
        boolean[] all = new boolean[12];
        java.util.Arrays.fill(all, true);
        Rle full = Rle.encode(all, 3, 4);
        assertArrayEquals(new int[] {0, 12}, full.counts());
        assertEquals(12, full.area());
        assertEquals(new MaskBox(0, 0, 4, 3), full.toBox());
        assertArrayEquals(all, full.decode());
        assertArrayEquals(new int[] {0}, Rle.empty(0, 5).counts());
        assertEquals(0, Rle.empty(0, 5).decode().length);
    }

    @Test
    void countsWithEmptyRunsAreMadeCanonical() {
        // 3x3: 2 zeros, 0 ones, 3 zeros, 4 ones, 0 zeros = 5 zeros then 4 ones
        Rle r = Rle.fromCounts(3, 3, 2, 0, 3, 4, 0);
        assertArrayEquals(new int[] {5, 4}, r.counts());
        assertEquals(Rle.fromCounts(3, 3, 5, 4), r);
        assertEquals(r.hashCode(), Rle.fromCounts(3, 3, 5, 4).hashCode());
        assertNotEquals(Rle.fromCounts(9, 1, 5, 4), r); // same counts, other size
        assertEquals("Rle[3x3, 2 runs, area 4]", r.toString());
    }

    @Test
    void randomMasksRoundTrip() {
        Random rnd = new Random(14);
        for (int i = 0; i < 300; i++) {
            int h = 1 + rnd.nextInt(i % 3 == 0 ? 4 : 40);
            int w = 1 + rnd.nextInt(i % 3 == 1 ? 4 : 40);
            boolean[] m = i % 2 == 0 ? BitMasks.random(rnd, h, w, rnd.nextDouble())
                    : BitMasks.blobs(rnd, h, w);
            Rle r = Rle.encode(m, h, w);
            assertArrayEquals(m, r.decode(), "mask " + i);
            assertEquals(BitMasks.count(m), r.area(), "mask " + i);
            assertEquals(BitMasks.box(m, h, w), r.toBox(), "mask " + i);
            assertEquals(r, Rle.fromCounts(h, w, r.counts()), "mask " + i);
            assertEquals(r, Rle.fromCocoString(r.toCocoString(), h, w), "mask " + i);
            int sum = 0;
            int[] c = r.counts();
            for (int k = 0; k < c.length; k++) {
                sum += c[k];
                if (k > 0) {
                    assertNotEquals(0, c[k], "mask " + i + ": only the first run may be empty");
                }
            }
            assertEquals(h * w, sum);
        }
    }

    @Test
    void badInputNamesTheValue() {
        assertEquals("RLE count 1 is -2, negative",
                message(() -> Rle.fromCounts(3, 4, 6, -2, 8)));
        assertEquals("RLE counts sum to 11, but a 3x4 mask has 12 pixels",
                message(() -> Rle.fromCounts(3, 4, 5, 6)));
        assertEquals("RLE counts sum to 0, but a 3x4 mask has 12 pixels",
                message(() -> Rle.fromCounts(3, 4)));
        assertEquals("mask has 11 values, but a 3x4 mask has 12 pixels",
                message(() -> Rle.encode(new boolean[11], 3, 4)));
        assertEquals("mask has 3 values, but a 2x2 mask has 4 pixels",
                message(() -> Rle.encode(new byte[3], 2, 2)));
        assertEquals("mask size -1x4 (height x width) has a negative side",
                message(() -> Rle.empty(-1, 4)));
        assertEquals("mask size 65536x65536 has 4294967296 pixels, more than 2^31 - 1",
                message(() -> Rle.empty(65536, 65536)));
    }
}
