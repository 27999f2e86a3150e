package dev.hsresnet.vision.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Greedy NMS on hand cases (IoUs in the comments). */
class NmsTest {

    @Test
    void iouUsesContinuousAreas() {
        // (0, 0, 10, 10) and (1, 1, 11, 11): 9 x 9 = 81 over 100 + 100 - 81 = 119
        assertEquals(81.0 / 119, Nms.iou(0, 0, 10, 10, 1, 1, 11, 11), 1e-12);
        assertEquals(1.0, Nms.iou(2, 3, 4, 5, 2, 3, 4, 5));
        assertEquals(0.0, Nms.iou(0, 0, 1, 1, 1, 0, 2, 1)); // touching
        assertEquals(0.0, Nms.iou(1, 1, 1, 1, 1, 1, 1, 1)); // two empty boxes: 0, not NaN
        assertEquals(0.25, Nms.iou(new float[] {0, 0, 2, 2, 0, 0, 1, 1}, 0, 1));
    }

    @Test
    void theBestBoxSuppressesItsOverlapsAndNothingElse() {
        float[] boxes = {0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30};
        float[] scores = {0.9f, 0.8f, 0.7f};
        assertArrayEquals(new int[] {0, 2}, Nms.suppress(boxes, scores, 0.5f));
        // 0.68 is not above 0.7: nothing suppressed, order by score
        assertArrayEquals(new int[] {0, 1, 2}, Nms.suppress(boxes, scores, 0.7f));
        // the output is by score, not by index
        assertArrayEquals(new int[] {2, 0}, Nms.suppress(boxes, new float[] {0.5f, 0.4f, 0.9f},
                0.5f));
    }

    @Test
    void aSuppressedBoxSuppressesNothing() {
        // A (0, 0, 10, 10), B (5, 0, 15, 10), C (10, 0, 20, 10): IoU(A, B) = IoU(B, C) = 50 / 150,
        // IoU(A, C) = 0; at 0.3 A removes B and C survives
        float[] boxes = {0, 0, 10, 10, 5, 0, 15, 10, 10, 0, 20, 10};
        assertArrayEquals(new int[] {0, 2}, Nms.suppress(boxes, new float[] {0.9f, 0.8f, 0.7f},
                0.3f));
    }

    @Test
    void anIouEqualToTheThresholdIsKept() {
        // (0, 0, 3, 1) and (1, 0, 4, 1): 2 over 4 = 0.5 exactly
        float[] boxes = {0, 0, 3, 1, 1, 0, 4, 1};
        float[] scores = {0.9f, 0.8f};
        assertArrayEquals(new int[] {0, 1}, Nms.suppress(boxes, scores, 0.5f));
        assertArrayEquals(new int[] {0}, Nms.suppress(boxes, scores, 0.49f));
    }

    @Test
    void identicalBoxesWithEqualScoresKeepTheFirst() {
        float[] boxes = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
        float[] scores = {0.5f, 0.5f, 0.5f};
        assertArrayEquals(new int[] {0}, Nms.suppress(boxes, scores, 0.6f));
        // equal scores of separate boxes come out in index order
        float[] apart = {0, 0, 1, 1, 5, 5, 6, 6, 9, 9, 10, 10};
        assertArrayEquals(new int[] {1, 0, 2}, Nms.suppress(apart,
                new float[] {0.5f, 0.7f, 0.5f}, 0.6f));
    }

    @Test
    void differentClassesNeverSuppressEachOther() {
        float[] boxes = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
        float[] scores = {0.5f, 0.9f, 0.7f};
        assertArrayEquals(new int[] {1, 2, 0}, Nms.batched(boxes, scores, new int[] {0, 1, 2},
                0.1f));
        assertArrayEquals(new int[] {1, 2}, Nms.batched(boxes, scores, new int[] {3, 7, 3},
                0.1f));
        assertArrayEquals(new int[] {1}, Nms.batched(boxes, scores, new int[] {0, 1, 2}, 0.1f,
                1));
        assertArrayEquals(new int[0], Nms.batched(new float[0], new float[0], new int[0], 0.5f));
    }

    @Test
    void emptyBoxesSuppressNothing() {
        float[] boxes = {2, 2, 2, 5, 2, 2, 2, 5};
        assertArrayEquals(new int[] {0, 1}, Nms.suppress(boxes, new float[] {0.9f, 0.8f}, 0f));
    }

    @Test
    void badInputNamesTheBox() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Nms.suppress(new float[] {0, 0, 1, 1, 3, 0, 2, 1}, new float[] {1, 1}, 0.5f));
        assertTrue(e.getMessage().startsWith("box 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Nms.suppress(new float[] {0, 0, 1, 1}, new float[] {Float.NaN}, 0.5f));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Nms.suppress(new float[] {0, 0, 1, 1}, new float[] {1}, 1.5f));
        assertThrows(IllegalArgumentException.class,
                () -> Nms.batched(new float[] {0, 0, 1, 1}, new float[] {1}, new int[2], 0.5f));
    }
}
