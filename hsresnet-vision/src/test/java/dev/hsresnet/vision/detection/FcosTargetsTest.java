package dev.hsresnet.vision.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Target assignment on hand-worked cases; the arithmetic is in the comments. */
class FcosTargetsTest {

    /** One level of stride 8 on a 64 x 64 input: points at 4, 12, ..., 60; takes every size. */
    private static final FcosPoints GRID = new FcosPoints(new int[] {8}, new int[][] {{8, 8}});

    /** Two levels, strides 8 and 16, on 96 x 96: level 0 takes (0, 64], level 1 (64, inf). */
    private static final FcosPoints TWO = new FcosPoints(new int[] {8, 16},
            new int[][] {{12, 12}, {6, 6}});

    private static int point(FcosPoints pts, float x, float y) {
        for (int p = 0; p < pts.count(); p++) {
            if (pts.x(p) == x && pts.y(p) == y) {
                return p;
            }
        }
        throw new AssertionError("no point at " + x + ", " + y);
    }

    private static int point(FcosPoints pts, int level, float x, float y) {
        for (int p = pts.levelStart(level); p < pts.levelStart(level + 1); p++) {
            if (pts.x(p) == x && pts.y(p) == y) {
                return p;
            }
        }
        throw new AssertionError("no level " + level + " point at " + x + ", " + y);
    }

    @Test
    void centreSamplingIsStrictAndTheTargetsAreTheDistances() {
        // box (0, 0, 64, 64), centre (32, 32), reach 1.5 * 8 = 12: |px - 32| < 12 keeps 28 and 36,
        // not 20 or 44 (exactly 12 away)
        FcosTargets t = FcosTargets.assign(GRID, new float[] {0, 0, 64, 64}, new int[] {2}, 3);
        assertEquals(4, t.numPositives());
        int p = point(GRID, 28, 36);
        assertEquals(2, t.labels()[p]);
        assertEquals(0, t.matchedBoxes()[p]);
        assertArrayEquals(new float[] {28, 36, 36, 28}, slice(t.boxTargets(), p));
        // centerness: min(28, 36) / max = 7/9 on both axes, sqrt(49/81) = 7/9
        assertEquals(7f / 9f, t.centerness()[p], 1e-7f);
        assertEquals(FcosTargets.BACKGROUND, t.labels()[point(GRID, 20, 28)]);
        assertArrayEquals(new float[4], slice(t.boxTargets(), point(GRID, 20, 28)));
    }

    @Test
    void aPointOnTheEdgeIsOutside() {
        // box (4, 4, 20, 20), centre (12, 12): the points at 4 and 20 are within reach 12 but on an
        // edge (l = 0 or r = 0), so only (12, 12) is positive, with centerness 1
        FcosTargets t = FcosTargets.assign(GRID, new float[] {4, 4, 20, 20}, new int[] {0}, 1);
        assertEquals(1, t.numPositives());
        int p = point(GRID, 12, 12);
        assertEquals(0, t.labels()[p]);
        assertEquals(1f, t.centerness()[p]);
    }

    @Test
    void aLevelTakesItsUpperBoundButNotItsLowerBound() {
        // box (36 +- 64): at level 0's point (36, 36) max ltrb = 64 = level 0's upper bound (in);
        // level 0's neighbours at 28 or 44 reach 72 > 64, so (36, 36) is level 0's only positive
        FcosTargets t = FcosTargets.assign(TWO, new float[] {-28, -28, 100, 100}, new int[] {0},
                1);
        assertEquals(0, t.labels()[point(TWO, 0, 36, 36)]);
        int level0 = 0;
        for (int p = 0; p < TWO.levelStart(1); p++) {
            level0 += t.labels()[p] >= 0 ? 1 : 0;
        }
        assertEquals(1, level0);
        // box (40 +- 64): level 1's point (40, 40) has max ltrb exactly 64 = level 1's lower bound
        // (out); its neighbour (24, 40) reaches 80 and lies within 1.5 * 16 = 24 of the centre
        t = FcosTargets.assign(TWO, new float[] {-24, -24, 104, 104}, new int[] {0}, 1);
        assertEquals(FcosTargets.BACKGROUND, t.labels()[point(TWO, 1, 40, 40)]);
        assertEquals(0, t.labels()[point(TWO, 1, 24, 40)]);
        assertEquals(FcosTargets.BACKGROUND, t.labels()[point(TWO, 0, 36, 36)]); // 68 > 64
    }

    @Test
    void theSmallestBoxWinsAndEqualAreasGoToTheFirst() {
        int p = point(GRID, 20, 20);
        // A (0, 0, 48, 48) area 2304, B (8, 8, 40, 40) area 1024: both take (20, 20); B wins
        FcosTargets t = FcosTargets.assign(GRID, new float[] {0, 0, 48, 48, 8, 8, 40, 40},
                new int[] {0, 1}, 2);
        assertEquals(1, t.labels()[p]);
        assertEquals(1, t.matchedBoxes()[p]);
        assertArrayEquals(new float[] {12, 12, 20, 20}, slice(t.boxTargets(), p));
        // C (0, 0, 32, 32) and D (8, 8, 40, 40), both 1024: the first in input order wins
        float[] cd = {0, 0, 32, 32, 8, 8, 40, 40};
        t = FcosTargets.assign(GRID, cd, new int[] {0, 1}, 2);
        assertEquals(0, t.labels()[p]);
        assertEquals(0, t.matchedBoxes()[p]);
        float[] dc = {8, 8, 40, 40, 0, 0, 32, 32};
        t = FcosTargets.assign(GRID, dc, new int[] {1, 0}, 2);
        assertEquals(1, t.labels()[p]);
        assertEquals(0, t.matchedBoxes()[p]);
    }

    @Test
    void anImageWithoutBoxesIsAllBackground() {
        FcosTargets t = FcosTargets.assign(GRID, new float[0], new int[0], 1);
        assertEquals(0, t.numPositives());
        assertEquals(64, t.count());
        for (int label : t.labels()) {
            assertEquals(FcosTargets.BACKGROUND, label);
        }
        assertArrayEquals(new float[64 * 4], t.boxTargets());
        assertArrayEquals(new float[64], t.centerness());
    }

    @Test
    void centernessOfADistanceQuadruple() {
        // min(1, 3) / max(1, 3) * min(2, 4) / max(2, 4) = 1/3 * 1/2, sqrt(1/6) = 0.408248
        assertEquals(0.408248f, FcosTargets.centerness(1, 2, 3, 4), 1e-6f);
        assertEquals(1f, FcosTargets.centerness(5, 7, 5, 7));
    }

    @Test
    void badBoxesAndLabelsNameTheBox() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FcosTargets.assign(GRID, new float[] {0, 0, 10, 10, 5, 5, 5, 9},
                        new int[] {0, 0}, 1));
        assertTrue(e.getMessage().startsWith("box 1 [5.0, 5.0, 5.0, 9.0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FcosTargets.assign(GRID, new float[] {0, Float.NaN, 10, 10}, new int[] {0},
                        1));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FcosTargets.assign(GRID, new float[] {0, 0, 10, 10}, new int[] {3}, 3));
        assertTrue(e.getMessage().contains("box 0 label 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FcosTargets.assign(GRID, new float[] {0, 0, 10}, new int[] {0}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> FcosTargets.assign(GRID, new float[0], new int[0], 1, 0f));
    }

    @Test
    void theBatchStacksImagesAndCountsPositives() {
        try (NDManager m = NDManager.newBaseManager()) {
            FcosTargetBatch b = FcosTargetBatch.assign(m, GRID,
                    List.of(new float[] {0, 0, 64, 64}, new float[0]),
                    List.of(new int[] {1}, new int[0]), 2);
            assertEquals(new Shape(2, 64), b.labels().getShape());
            assertEquals(new Shape(2, 64, 4), b.boxTargets().getShape());
            assertEquals(new Shape(2, 64), b.centerness().getShape());
            assertEquals(4, b.numPositives());
            int[] labels = b.labels().toIntArray();
            assertEquals(1, labels[point(GRID, 28, 28)]);
            assertEquals(-1, labels[64 + point(GRID, 28, 28)]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FcosTargetBatch.assign(m, GRID, List.of(new float[0],
                            new float[] {3, 3, 1, 5}), List.of(new int[0], new int[] {0}), 1));
            assertTrue(e.getMessage().startsWith("image 1: box 0"), e.getMessage());
        }
    }

    private static float[] slice(float[] a, int p) {
        return new float[] {a[4 * p], a[4 * p + 1], a[4 * p + 2], a[4 * p + 3]};
    }
}
