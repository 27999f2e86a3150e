package dev.hsresnet.vision.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FcosPointsTest {

    @Test
    void pointsAreCellCentresFinestLevelFirstRowMajor() {
        FcosPoints pts = new FcosPoints(new int[] {8, 16}, new int[][] {{2, 3}, {1, 2}});
        assertEquals(8, pts.count());
        assertEquals(2, pts.levels());
        assertEquals(6, pts.levelStart(1));
        assertEquals(8, pts.levelStart(2));
        // level 0: y = 0 row (x = 0, 1, 2), then y = 1; level 1: one row of 2
        assertArrayEquals(new float[] {4, 4, 12, 4, 20, 4, 4, 12, 12, 12, 20, 12, 8, 8, 24, 8},
                pts.centres());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 1, 1}, pts.levelIndices());
        assertEquals(16, pts.strideOf(7));
        assertEquals(24f, pts.x(7));
        assertEquals(8f, pts.y(7));
        assertArrayEquals(new int[] {1, 2}, pts.levelSize(1));
    }

    @Test
    void defaultRangesAreTorchvisionsWithOpenEnds() {
        int[][] one = {{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}};
        FcosPoints five = new FcosPoints(new int[] {8, 16, 32, 64, 128}, one);
        float[][] expected = {{0, 64}, {64, 128}, {128, 256}, {256, 512},
                {512, Float.POSITIVE_INFINITY}};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i][0], five.lowerBound(i), "lower " + i);
            assertEquals(expected[i][1], five.upperBound(i), "upper " + i);
            assertEquals(expected[i][0], five.lowerBoundOf(i));
        }
        // three levels: the last level's upper bound is infinite, not 8 * 32
        FcosPoints three = new FcosPoints(new int[] {8, 16, 32}, new int[][] {{1, 1}, {1, 1},
                {1, 1}});
        assertEquals(128f, three.lowerBound(2));
        assertEquals(Float.POSITIVE_INFINITY, three.upperBoundOf(2));
        // a single level takes every size
        FcosPoints single = new FcosPoints(new int[] {8}, new int[][] {{1, 1}});
        assertEquals(0f, single.lowerBound(0));
        assertEquals(Float.POSITIVE_INFINITY, single.upperBound(0));
    }

    @Test
    void badInputIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FcosPoints(new int[] {16, 8}, new int[][] {{1, 1}, {1, 1}}));
        assertTrue(e.getMessage().contains("[16, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FcosPoints(new int[] {8, 16}, new int[][] {{1, 1}, {0, 3}}));
        assertTrue(e.getMessage().contains("level 1") && e.getMessage().contains("[0, 3]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new FcosPoints(new int[] {8, 16}, new int[][] {{1, 1}}));
        assertThrows(IllegalArgumentException.class, () -> new FcosPoints(new int[0],
                new int[0][]));
        assertThrows(IllegalArgumentException.class, () -> new FcosPoints(new int[] {8},
                new int[][] {{1, 1}}, new float[] {10}, new float[] {10}));
    }
}
