package dev.hsresnet.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bitmap layout, its constructors and the geometric operations, on hand-drawn masks. */
class InstanceMaskTest {

    /** Rows as strings, '#' in the object: the expected masks of these tests. */
    private static InstanceMask drawn(String... rows) {
        int h = rows.length;
        int w = rows[0].length();
        boolean[] v = new boolean[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = rows[y].charAt(x) == '#';
            }
        }
        return new InstanceMask(h, w, v);
    }

    private static String[] rows(InstanceMask m) {
        String[] out = new String[m.height()];
        for (int y = 0; y < m.height(); y++) {
            StringBuilder sb = new StringBuilder();
            for (int x = 0; x < m.width(); x++) {
                sb.append(m.get(y, x) ? '#' : '.');
            }
            out[y] = sb.toString();
        }
        return out;
    }

    @Test
    void constructorsAgreeOnTheRowMajorLayout() {
        // 2 x 3: (0, 1) and (1, 2) set
        byte[] rowMajor = {0, 1, 0, 0, 0, 7};
        InstanceMask fromBytes = new InstanceMask(2, 3, rowMajor);
        assertTrue(fromBytes.get(0, 1));
        assertTrue(fromBytes.get(1, 2));
        assertEquals(2, fromBytes.area());
        assertArrayEquals(new byte[] {0, 1, 0, 0, 0, 1}, fromBytes.toBytes(), "non-zero is 1");
        assertEquals(fromBytes, new InstanceMask(2, 3,
                new boolean[] {false, true, false, false, false, true}));
        // column-major (x * height + y): column 0 = (0, 0), (1, 0); column 1 = (0, 1), (1, 1); ...
        assertEquals(fromBytes, InstanceMask.fromColumnMajor(2, 3, new byte[] {0, 0, 1, 0, 0, 1}));
        assertEquals(fromBytes, InstanceMask.ofLabel(2, 3, new int[] {2, 5, 0, 0, 2, 5}, 5));
        assertEquals(drawn("##.", ".#."), InstanceMask.ofLabel(2, 3, new int[] {2, 2, 0, 0, 2, 5},
                2));
        assertEquals(drawn("....", ".##.", ".##."), InstanceMask.rectangle(3, 4, 1, 1, 3, 5),
                "clipped to the mask");
        assertTrue(InstanceMask.rectangle(3, 4, 5, 0, 9, 2).isEmpty());
        assertEquals(InstanceMask.empty(3, 4), InstanceMask.rectangle(3, 4, 2, 2, 2, 3));
        assertNotEquals(InstanceMask.empty(3, 4), InstanceMask.empty(4, 3));
        assertEquals("InstanceMask[2x3, 2 px]", fromBytes.toString());
    }

    @Test
    void masksLongerThanOneWordKeepEveryBit() {
        // 9 x 15 = 135 pixels: three words; every third pixel set
        byte[] v = new byte[135];
        for (int i = 0; i < v.length; i += 3) {
            v[i] = 1;
        }
        InstanceMask m = new InstanceMask(9, 15, v);
        assertEquals(45, m.area());
        assertArrayEquals(v, m.toBytes());
        assertTrue(m.get(8, 12), "pixel 132");
        assertEquals(m, InstanceMask.fromColumnMajor(9, 15, transpose(v, 9, 15)));
        assertEquals(m.hashCode(), new InstanceMask(9, 15, v.clone()).hashCode());
    }

    private static byte[] transpose(byte[] rowMajor, int h, int w) {
        byte[] out = new byte[rowMajor.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[x * h + y] = rowMajor[y * w + x];
            }
        }
        return out;
    }

    @Test
    void boundsAreTheTightBoxInContinuousCoordinates() {
        InstanceMask m = drawn(
                ".....",
                "..#..",
                ".###.",
                "...#.");
        assertArrayEquals(new int[] {1, 1, 4, 4}, m.bounds(), "columns 1..3, rows 1..3");
        assertArrayEquals(new int[] {0, 0, 1, 1}, InstanceMask.rectangle(2, 2, 0, 0, 1, 1).bounds());
        assertNull(InstanceMask.empty(3, 3).bounds());
        assertEquals(0, InstanceMask.empty(3, 3).area());
    }

    @Test
    void nearestResizeTakesTheCentreAlignedSourcePixel() {
        InstanceMask m = drawn(
                "#..",
                ".#.");
        // x2 each way: output (o) takes floor((o + 0.5) / 2)
        assertArrayEquals(new String[] {
                "##....",
                "##....",
                "..##..",
                "..##.."}, rows(m.resizedNearest(4, 6)));
        // 6 -> 4 columns: sources floor((2o + 1) * 6 / 8) = 0, 2, 3, 5
        InstanceMask wide = drawn("#.##.#");
        assertArrayEquals(new String[] {"####"}, rows(wide.resizedNearest(1, 4)));
        assertArrayEquals(new String[] {"#", "#"}, rows(wide.resizedNearest(2, 1)),
                "column floor(0.5 * 6) = 3");
        assertSame(m, m.resizedNearest(2, 3));
        // a rectangle scaled by 2 lands exactly on the scaled rectangle
        InstanceMask r = InstanceMask.rectangle(10, 20, 3, 2, 9, 7);
        assertEquals(InstanceMask.rectangle(20, 40, 6, 4, 18, 14), r.resizedNearest(20, 40));
        assertEquals(InstanceMask.rectangle(5, 10, 1, 1, 4, 3), r.resizedNearest(5, 10),
                "halving: output column o samples 2o + 1, so columns 1..3 (3, 5, 7) and rows 1..2"
                        + " (3, 5)");
    }

    @Test
    void cropShiftsAndPadsWithZero() {
        InstanceMask m = drawn(
                "#...",
                ".##.",
                "...#");
        assertArrayEquals(new String[] {"#.", ".#"}, rows(m.cropped(1, 2, 2, 2)));
        assertArrayEquals(new String[] {"...", ".#.", "..#", "..."}, rows(m.cropped(-1, -1, 4, 3)),
                "window above and left of the mask: zeros there");
        assertArrayEquals(new String[] {"#..", "...", "..."}, rows(m.cropped(2, 3, 3, 3)),
                "window past the bottom right");
        assertTrue(m.cropped(5, 5, 2, 2).isEmpty());
        assertSame(m, m.cropped(0, 0, 3, 4));
    }

    @Test
    void flipMirrorsColumns() {
        InstanceMask m = drawn(
                "#...#.",
                ".##...");
        assertArrayEquals(new String[] {".#...#", "...##."}, rows(m.flippedHorizontally()));
        assertEquals(m, m.flippedHorizontally().flippedHorizontally());
    }

    @Test
    void areaAverageCountsTheCellFractionWithPaddingAsZero() {
        InstanceMask m = drawn(
                "##.#.",
                "#..##",
                "....#");
        // stride 2: 2 x 3 cells; the last column and row of cells are half outside the mask
        float[] a = m.areaAverage(2);
        assertArrayEquals(new float[] {
                3 / 4f, 2 / 4f, 1 / 4f,
                0, 0, 1 / 4f}, a, 0f);
        float[] ones = m.areaAverage(1);
        byte[] b = m.toBytes();
        for (int i = 0; i < b.length; i++) {
            assertEquals(b[i], ones[i], 0f, "stride 1 is the mask itself");
        }
        assertArrayEquals(new float[] {7 / 25f}, m.areaAverage(5), 0f, "one cell of 25 px");
        assertArrayEquals(new float[] {7 / 64f}, m.areaAverage(8), 0f);
        assertThrows(IllegalArgumentException.class, () -> m.areaAverage(0));
    }

    @Test
    void badShapesAreRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InstanceMask(2, 3, new byte[5]));
        assertTrue(e.getMessage().contains("5 values, expected 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InstanceMask(0, 3, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> InstanceMask.empty(3, -1));
        assertThrows(IllegalArgumentException.class,
                () -> InstanceMask.empty(100_000, 100_000));
        assertThrows(IllegalArgumentException.class,
                () -> InstanceMask.empty(2, 2).resizedNearest(0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> InstanceMask.empty(2, 2).cropped(0, 0, 2, 0));
        IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class,
                () -> InstanceMask.empty(2, 3).get(0, 3));
        assertTrue(o.getMessage().contains("(y=0, x=3)"), o.getMessage());
        assertThrows(NullPointerException.class, () -> new InstanceMask(1, 1, (byte[]) null));
    }
}
