package dev.hsresnet.vision.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** mIoU and accuracies on hand-made masks, computed here by hand. */
class SegmentationMetricsTest {

    private static final int IGNORE = 9;

    @Test
    void oneConfusionMatrixOverTheSplitNotAMeanOfImages() {
        SegmentationMetrics m = new SegmentationMetrics(3, IGNORE);
        // image 1: target 0 0 1 1 9 | predicted 0 1 1 1 2 (the ignored pixel does not count)
        m.update(new int[] {0, 1, 1, 1, 2}, new int[] {0, 0, 1, 1, IGNORE});
        // image 2: target 2 2 2 0 | predicted 2 2 0 0
        m.update(new int[] {2, 2, 0, 0}, new int[] {2, 2, 2, 0});
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 2}}, m.confusion());
        // class 0: TP 2, FN 1, FP 1 -> 2/4; class 1: TP 2, FP 1 -> 2/3; class 2: TP 2, FN 1 -> 2/3
        double[] iou = m.classIou();
        assertEquals(0.5, iou[0], 1e-12);
        assertEquals(2.0 / 3, iou[1], 1e-12);
        assertEquals(2.0 / 3, iou[2], 1e-12);
        assertEquals((0.5 + 4.0 / 3) / 3, m.meanIou(), 1e-12);
        assertEquals(6.0 / 8, m.pixelAccuracy(), 1e-12);
        assertEquals((2.0 / 3 + 1 + 2.0 / 3) / 3, m.meanClassAccuracy(), 1e-12);
        assertEquals(8, m.pixels());
        // the mean of the two images' own mIoUs would differ: image 2 alone has class-0 IoU 1/2,
        // class-2 IoU 2/3 and no class 1
        SegmentationMetrics second = new SegmentationMetrics(3, IGNORE);
        second.update(new int[] {2, 2, 0, 0}, new int[] {2, 2, 2, 0});
        assertTrue(Math.abs(second.meanIou() - m.meanIou()) > 1e-3);
    }

    @Test
    void aClassAbsentFromTargetAndPredictionIsLeftOutOfTheMean() {
        SegmentationMetrics m = new SegmentationMetrics(3, IGNORE);
        m.update(new int[] {0, 0, 1}, new int[] {0, 0, 1});
        assertTrue(Double.isNaN(m.classIou()[2]));
        assertEquals(1.0, m.meanIou(), 1e-12);
        SegmentationMetrics.Summary s = m.summary(List.of("a", "b", "c"));
        assertEquals(3, s.classIou().size());
        assertEquals(1.0, s.meanIou(), 1e-12);
    }

    @Test
    void mergingPartsEqualsCountingAll() {
        SegmentationMetrics all = new SegmentationMetrics(2, IGNORE);
        SegmentationMetrics a = new SegmentationMetrics(2, IGNORE);
        SegmentationMetrics b = new SegmentationMetrics(2, IGNORE);
        all.update(new int[] {0, 1, 1, 0}, new int[] {0, 1, 0, 0});
        a.update(new int[] {0, 1}, new int[] {0, 1});
        b.update(new int[] {1, 0}, new int[] {0, 0});
        a.add(b);
        assertArrayEquals(all.confusion(), a.confusion());
    }

    @Test
    void valuesOutOfRangeNameThePixel() {
        SegmentationMetrics m = new SegmentationMetrics(2, IGNORE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.update(new int[] {0, 1, 0}, new int[] {0, 1, 5}));
        assertEquals("pixel 2: target 5, prediction 0 outside 0..1 (ignore index 9)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.update(new int[2], new int[3]));
    }
}
