package dev.hsresnet.vision.detection.eval;

import static dev.hsresnet.vision.detection.eval.CocoTesting.box;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Thresholds, IoU, means and printing as pycocotools and numpy compute them. */
class CocoNumericsTest {

    @Test
    void thresholdsAreNumpysLinspaceDoubles() {
        double[] iou = CocoParams.iouThresholds();
        assertEquals(10, iou.length);
        // np.linspace(.5, 0.95, 10) in numpy: 0.6 and 0.75 are those exact doubles (so IoU 0.6
        // is matched at 0.6, and summarize() finds 0.75), the ninth is the double below 0.9
        assertEquals(0.5, iou[0]);
        assertEquals(0.6, iou[2]);
        assertEquals(0.75, iou[5]);
        assertEquals(Math.nextDown(0.9), iou[8]);
        assertEquals(0.95, iou[9]);
        double[] recall = CocoParams.recallThresholds();
        assertEquals(101, recall.length);
        assertEquals(0.5, recall[50]);
        assertEquals(1.0, recall[100]);
        assertArrayEquals(new int[] {1, 10, 100}, CocoParams.maxDets());
    }

    @Test
    void boxIouAsPycocotools() {
        Box a = box(0, 0, 10, 10);
        assertEquals(1, BoxIou.iou(a, a, false));
        assertEquals(1.0 / 3, BoxIou.iou(box(5, 0, 10, 10), a, false), 1e-15); // 50 / 150
        assertEquals(0, BoxIou.iou(box(10, 0, 10, 10), a, false)); // touching edges
        assertEquals(0, BoxIou.iou(box(2, 2, 0, 5), a, false)); // zero width
        // crowd: the union is the detection's area; 5x5 inside a 10x10 region -> 25/25
        assertEquals(1, BoxIou.iou(box(2, 2, 5, 5), a, true));
        assertEquals(0.25, BoxIou.iou(box(2, 2, 5, 5), a, false)); // 25 / 100
        // half of a 10x10 detection over the region: 50 / 100
        assertEquals(0.5, BoxIou.iou(box(5, 0, 10, 10), a, true));
    }

    @Test
    void meansArePairwiseSumsOfTheDefinedValues() {
        // 9 values: numpy sums 8 accumulators then the rest. ((1e16 + 1) + (1 + 1)) + ((1 + 1)
        // + (1 + 1)): 1e16 + 1 rounds to 1e16 (a tie, to the even mantissa), + 2 and + 4 are
        // exact -> 1e16 + 6, then - 1e16 -> 6. A running sum loses every 1: 0
        double[] v = {1e16, 1, 1, 1, 1, 1, 1, 1, -1e16};
        assertEquals(6, NumpyMean.pairwiseSum(v, 0, v.length));
        // the mean keeps the values above -1 only: (1 + 3) / 2
        assertEquals(2, NumpyMean.ofDefined(new double[] {-1, 1, 3, -1}, 4));
        assertEquals(-1, NumpyMean.ofDefined(new double[] {-1, -1}, 2));
    }

    @Test
    void summaryPrintsAsSummarize() {
        CocoSummary s = new CocoSummary(0.3, 1, 0, 0.0625, -1, 0.0005, 0, 0, 0, 0, 0, 0);
        String[] lines = s.format().split("\n");
        assertEquals(12, lines.length);
        assertEquals(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]"
                + " = 0.300", lines[0]);
        assertEquals(" Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ]"
                + " = 1.000", lines[1]);
        // 0.0625 is a tie in binary: half-even gives 0.062, as Python's {:0.3f}
        assertEquals(" Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]"
                + " = 0.062", lines[3]);
        assertEquals(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]"
                + " = -1.000", lines[4]);
        // 0.0005 is stored a little above 0.0005: 0.001
        assertEquals(" Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ]"
                + " = 0.001", lines[5]);
        assertEquals(" Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ]"
                + " = 0.000", lines[6]);
    }
}
