package dev.hsresnet.data.mask;

import static dev.hsresnet.data.mask.RleTest.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * COCO's compressed counts. Expected strings are worked out by hand from pycocotools'
 * {@code rleToString} (each number in 5-bit groups, low group first, {@code '0' + group}, bit
 * 0x20 for "more follows", bit 0x10 of the last group for the sign; counts from index 3 on are
 * written as the difference to the count two before). The two long strings were produced by
 * pycocotools' C mask API itself ({@code common/maskApi.c}, compiled and run outside the build,
 * as pycocotools is not installed here), from the counts that its {@code rleFrPoly} gave for the
 * polygons of {@link RlePolygonTest}; the hand-worked strings agree with it too.
 */
class RleStringTest {

    @Test
    void smallCountsAreOneCharacterEach() {
        // [2, 5, 5] -> '0'+2, '0'+5, '0'+5 (index 2 is not yet a difference)
        assertEquals("255", Rle.fromCounts(3, 4, 2, 5, 5).toCocoString());
        // [2, 3, 1, 4, 2]: 2, 3, 1, then 4 - 3 = 1 and 2 - 1 = 1
        assertEquals("23111", Rle.fromCounts(3, 4, 2, 3, 1, 4, 2).toCocoString());
        assertEquals("0<", Rle.fromCounts(3, 4, 0, 12).toCocoString()); // full: 0, '0'+12
        assertEquals("<", Rle.empty(3, 4).toCocoString());
    }

    @Test
    void largeAndNegativeNumbersTakeSeveralGroups() {
        // 10x22 = 220 pixels, counts [16, 100, 4, 92, 8]:
        //   16 = 0b10000: group 16 has the sign bit set with 0 left -> one more group:
        //        16|0x20 = 48 -> '`', then 0 -> '0'
        //   100 = 3 * 32 + 4: 4|0x20 = 36 -> 'T', then 3 -> '3'
        //   4 -> '4'
        //   92 - 100 = -8: -8 & 31 = 24 (sign bit set, rest all ones) -> '0'+24 = 'H'
        //   8 - 4 = 4 -> '4'
        Rle r = Rle.fromCounts(10, 22, 16, 100, 4, 92, 8);
        assertEquals("`0T34H4", r.toCocoString());
        assertArrayEquals(new int[] {16, 100, 4, 92, 8},
                Rle.fromCocoString("`0T34H4", 10, 22).counts());
    }

    @Test
    void pycocotoolsStringsOfPolygonMasks() {
        // the triangle (0,0), (30,0), (30,20) on 20 x 30 and the pentagon of RlePolygonTest
        String triangle = "d01c01O001O1O001O1O001O1O001O1O001O1O001O1O001O1O001O1O001O1";
        assertEquals(triangle, Rle.fromPolygon(new double[] {0, 0, 30, 0, 30, 20}, 20, 30)
                .toCocoString());
        assertEquals(300, Rle.fromCocoString(triangle, 20, 30).area());
        String pentagon = "l02>4N3O1O001O1O010O001O000000001O01O0001OO1M3N2M3M_2";
        assertEquals(pentagon, Rle.fromPolygon(RlePolygonTest.PENTAGON, 20, 30).toCocoString());
        assertEquals(267, Rle.fromCocoString(pentagon, 20, 30).area());
    }

    @Test
    void countsBeyondThirtyBitsRoundTrip() {
        // 46340 x 46340 = 2147395600 pixels, close to 2^31
        Rle r = Rle.fromCounts(46340, 46340, 5, 2147395590, 5);
        assertEquals(r, Rle.fromCocoString(r.toCocoString(), 46340, 46340));
        Random rnd = new Random(3);
        for (int i = 0; i < 200; i++) {
            int a = rnd.nextInt(1 << 30);
            int b = rnd.nextInt(1 << 30);
            int c = rnd.nextInt(100);
            Rle big = Rle.fromCounts(1, a + b + c + 1, 0, a + 1, b, c);
            assertEquals(big, Rle.fromCocoString(big.toCocoString(), 1, a + b + c + 1));
        }
    }

    @Test
    void badStringsNameThePositionAndValue() {
        assertEquals("RLE string has character '!' (code 33) at index 1, outside '0'..'o'",
                message(() -> Rle.fromCocoString("2!5", 3, 4)));
        assertEquals("RLE string has character 'p' (code 112) at index 0, outside '0'..'o'",
                message(() -> Rle.fromCocoString("p", 3, 4)));
        assertEquals("RLE string ends inside count 1 (its last character, at index 1, says more"
                + " follow)", message(() -> Rle.fromCocoString("2T", 3, 4)));
        assertEquals("RLE string count 0 (from index 0) decodes to -8, outside 0..2^31-1",
                message(() -> Rle.fromCocoString("H", 3, 4)));
        assertEquals("RLE string count 0 (from index 0) has more than 7 characters",
                message(() -> Rle.fromCocoString("oooooooo0", 3, 4)));
        assertEquals("RLE counts sum to 10, but a 3x4 mask has 12 pixels",
                message(() -> Rle.fromCocoString("55", 3, 4)));
    }
}
