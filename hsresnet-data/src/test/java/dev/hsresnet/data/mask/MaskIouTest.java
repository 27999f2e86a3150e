package dev.hsresnet.data.mask;

import static dev.hsresnet.data.mask.RleTest.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Union, intersection and IoU on runs, by hand and against pixel arrays. */
class MaskIouTest {

    private static final Rle GT = BitMasks.rle(
            "##..",
            "##..",
            "....");
    private static final Rle DT = BitMasks.rle(
            ".##.",
            ".##.",
            "....");

    @Test
    void unionAndIntersectionByHand() {
        assertEquals(BitMasks.rle("###.", "###.", "...."), Rle.merge(List.of(GT, DT), false));
        assertEquals(BitMasks.rle(".#..", ".#..", "...."), Rle.merge(List.of(GT, DT), true));
        Rle third = BitMasks.rle("....", "####", "....");
        assertEquals(BitMasks.rle(".#..", "....", "...."),
                Rle.merge(List.of(GT, DT, BitMasks.rle("####", "....", "....")), true));
        assertEquals(BitMasks.rle("###.", "####", "...."),
                Rle.merge(List.of(GT, DT, third), false));
        assertSame(GT, Rle.merge(List.of(GT), true));
    }

    @Test
    void mergingWithEmptyAndFullMasks() {
        Rle empty = Rle.empty(3, 4);
        Rle full = Rle.fromCounts(3, 4, 0, 12);
        assertEquals(GT, Rle.merge(List.of(GT, empty), false));
        assertEquals(empty, Rle.merge(List.of(GT, empty), true));
        assertEquals(full, Rle.merge(List.of(GT, full), false));
        assertEquals(GT, Rle.merge(List.of(full, GT), true));
        assertEquals(empty, Rle.merge(List.of(empty, empty), false));
        assertEquals(full, Rle.merge(List.of(full, full), true));
    }

    @Test
    void iouByHand() {
        // intersection 2 (column 1, rows 0..1), union 4 + 4 - 2 = 6
        assertEquals(2.0 / 6, MaskIou.iou(DT, GT, false));
        // crowd: over the detection's area 4
        assertEquals(2.0 / 4, MaskIou.iou(DT, GT, true));
        assertEquals(1, MaskIou.iou(GT, GT, false));
        // a detection inside a crowd region scores 1 whatever the region's size
        Rle inside = BitMasks.rle("#...", "....", "....");
        assertEquals(1, MaskIou.iou(inside, GT, true));
        assertEquals(0.25, MaskIou.iou(inside, GT, false));
        // boxes that coincide, pixels that do not meet
        assertEquals(0, MaskIou.iou(BitMasks.rle("#.", ".#"), BitMasks.rle(".#", "#."), false));
    }

    @Test
    void emptyMasksOverlapNothing() {
        Rle empty = Rle.empty(3, 4);
        assertEquals(0, MaskIou.iou(empty, GT, false));
        assertEquals(0, MaskIou.iou(GT, empty, false));
        assertEquals(0, MaskIou.iou(empty, empty, false));
        assertEquals(0, MaskIou.iou(empty, GT, true));
        assertEquals(0, MaskIou.iou(GT, empty, true));
    }

    @Test
    void theMatrixHasOneRowPerDetectionAndCrowdPerColumn() {
        Rle full = Rle.fromCounts(3, 4, 0, 12);
        double[][] iou = MaskIou.iou(new Rle[] {DT, full}, new Rle[] {GT, GT},
                new boolean[] {false, true});
        assertArrayEquals(new double[] {2.0 / 6, 2.0 / 4}, iou[0]);
        assertArrayEquals(new double[] {4.0 / 12, 4.0 / 12}, iou[1]);
        assertEquals(0, MaskIou.iou(new Rle[0], new Rle[] {GT}, new boolean[1]).length);
    }

    @Test
    void randomMasksAgreeWithPixelArrays() {
        Random rnd = new Random(11);
        for (int i = 0; i < 400; i++) {
            int h = 1 + rnd.nextInt(30);
            int w = 1 + rnd.nextInt(30);
            boolean[] a = i % 2 == 0 ? BitMasks.blobs(rnd, h, w)
                    : BitMasks.random(rnd, h, w, rnd.nextDouble());
            boolean[] b = i % 3 == 0 ? BitMasks.random(rnd, h, w, rnd.nextDouble())
                    : BitMasks.blobs(rnd, h, w);
            Rle ra = Rle.encode(a, h, w);
            Rle rb = Rle.encode(b, h, w);
            boolean[] and = BitMasks.and(a, b);
            boolean[] or = BitMasks.or(a, b);
            assertEquals(Rle.encode(and, h, w), Rle.merge(List.of(ra, rb), true), "case " + i);
            assertEquals(Rle.encode(or, h, w), Rle.merge(List.of(ra, rb), false), "case " + i);
            long both = BitMasks.count(and);
            double plain = both == 0 ? 0 : (double) both / BitMasks.count(or);
            double crowd = both == 0 ? 0 : (double) both / BitMasks.count(a);
            assertEquals(plain, MaskIou.iou(ra, rb, false), "case " + i);
            assertEquals(crowd, MaskIou.iou(ra, rb, true), "case " + i);
        }
    }

    @Test
    void masksOfDifferentSizesAreRefused() {
        Rle small = Rle.empty(2, 2);
        assertEquals("detection mask is 2x2, ground-truth mask is 3x4: IoU needs masks of one"
                + " size", message(() -> MaskIou.iou(small, GT, false)));
        assertEquals("detection 0, ground truth 1: detection mask is 3x4, ground-truth mask is"
                + " 2x2: IoU needs masks of one size", message(() -> MaskIou.iou(new Rle[] {DT},
                        new Rle[] {GT, small}, new boolean[2])));
        assertEquals("1 crowd flags for 2 ground truths", message(() ->
                MaskIou.iou(new Rle[] {DT}, new Rle[] {GT, GT}, new boolean[1])));
        assertEquals("mask 1 is 2x2, mask 0 is 3x4: merged masks must have one size",
                message(() -> Rle.merge(List.of(GT, small), false)));
        assertEquals("no mask to merge", message(() -> Rle.merge(List.of(), false)));
    }
}
