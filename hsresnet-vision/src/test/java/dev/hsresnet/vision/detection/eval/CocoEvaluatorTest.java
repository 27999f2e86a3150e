package dev.hsresnet.vision.detection.eval;

import static dev.hsresnet.vision.detection.eval.CocoTesting.TOL;
import static dev.hsresnet.vision.detection.eval.CocoTesting.box;
import static dev.hsresnet.vision.detection.eval.CocoTesting.det;
import static dev.hsresnet.vision.detection.eval.CocoTesting.gt;
import static dev.hsresnet.vision.detection.eval.CocoTesting.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Small cases computed by hand from cocoeval's definition. A lone true positive has precision
 * {@code 1 / (1 + eps)}, 1 within {@link CocoTesting#TOL}. "Thresholds" are the 10 IoU
 * thresholds, "points" the 101 recall points.
 */
class CocoEvaluatorTest {

    @Test
    void onePerfectDetectionScoresOne() {
        // box area 400 <= 32^2: the object is small, so medium and large have no object
        CocoSummary s = single(List.of(gt(box(10, 10, 20, 20))),
                List.of(det(box(10, 10, 20, 20), 0.9))).summary();
        assertArrayEquals(new double[] {1, 1, 1, 1, -1, -1, 1, 1, 1, 1, -1, -1}, s.toArray(), TOL);
    }

    @Test
    void iouOfPointSixCountsAtThresholdsPointFiveToPointSix() {
        // IoU = 60 / (60 + 100 - 60) = 0.6, and 0.6 >= the third threshold (exactly 0.6): the
        // detection is a TP at 0.5, 0.55, 0.6 (precision 1 at all 101 points) and an FP at the
        // 7 others (tp stays 0: precision 0) -> AP = 3 * 101 / 1010 = 0.3
        CocoEvaluation e = single(List.of(gt(box(0, 0, 10, 10))),
                List.of(det(box(0, 0, 10, 6), 0.9)));
        CocoSummary s = e.summary();
        assertEquals(0.3, s.ap(), TOL);
        assertEquals(1, s.ap50(), TOL);
        assertEquals(0, s.ap75(), TOL);
        assertEquals(0.3, s.ar100(), TOL); // recall 1 at 3 thresholds, 0 at 7
        assertEquals(List.of(new ClassAp(1, s.ap(), s.ap50())), e.perClass());
    }

    @Test
    void theNinthThresholdIsTheDoubleBelowPointNine() {
        // h = nextDown(0.9) = 8106479329266892 * 2^-53; 1 + h is an even multiple of 2^-53, so it
        // is exact and the union h + 1 - h is exactly 1: IoU = h. numpy's linspace makes the ninth
        // threshold that same double, so the detection matches at 9 thresholds -> AP = 0.9 (a
        // literal 0.9 would give 0.8)
        double h = Math.nextDown(0.9);
        assertEquals(h, BoxIou.iou(box(0, 0, 1, h), box(0, 0, 1, 1), false));
        CocoSummary s = single(List.of(gt(box(0, 0, 1, 1))), List.of(det(box(0, 0, 1, h), 0.9)))
                .summary();
        assertEquals(0.9, s.ap(), TOL);
    }

    @Test
    void falsePositiveAboveTheTruePositiveHalvesPrecision() {
        // [FP, TP], 1 object: rc = [0, 1], pr = [0, 1/2] -> from the right [1/2, 1/2]; point 0
        // reads index 0, the others index 1: 1/2 everywhere -> AP 0.5
        CocoEvaluation e = single(List.of(gt(box(0, 0, 10, 10))),
                List.of(det(box(50, 50, 10, 10), 0.9), det(box(0, 0, 10, 10), 0.8)));
        assertEquals(0.5, e.summary().ap(), TOL);
        assertEquals(1, e.summary().ar100(), TOL);
        assertEquals(0.5, e.precision(0, 0, 1, AreaRange.ALL, 100), TOL);
    }

    @Test
    void falsePositiveBelowTheTruePositiveCostsNothing() {
        // [TP, FP]: rc = [1, 1], pr = [1, 1/2]; every point reads index 0 -> AP 1
        CocoEvaluation e = single(List.of(gt(box(0, 0, 10, 10))),
                List.of(det(box(0, 0, 10, 10), 0.9), det(box(50, 50, 10, 10), 0.8)));
        assertEquals(1, e.summary().ap(), TOL);
    }

    @Test
    void precisionIsInterpolatedAtTheHundredAndOnePoints() {
        // 2 objects, [TP, FP, TP]: rc = [1/2, 1/2, 1], pr = [1, 1/2, 2/3] -> from the right
        // [1, 2/3, 2/3]. Points 0..50 (0.50 is exactly 0.5) read index 0 -> 1; points 51..100
        // read index 2 -> 2/3. AP = (51 + 50 * 2/3) / 101 = 253/303
        CocoEvaluation e = single(List.of(gt(box(0, 0, 10, 10)), gt(box(20, 0, 10, 10))),
                List.of(det(box(0, 0, 10, 10), 0.9), det(box(50, 50, 10, 10), 0.8),
                        det(box(20, 0, 10, 10), 0.7)));
        assertEquals(253.0 / 303, e.summary().ap(), TOL);
        double[][] curve = e.curve(1).precision();
        for (int t = 0; t < 10; t++) {
            assertEquals(1, curve[t][50], TOL);
            assertEquals(2.0 / 3, curve[t][51], TOL);
            assertEquals(2.0 / 3, curve[t][100], TOL);
        }
        assertEquals(1, e.recall(9, 1, AreaRange.ALL, 100), TOL);
    }

    @Test
    void equalScoresKeepTheInputOrder() {
        Detection fp = det(box(50, 50, 10, 10), 0.5);
        Detection tp = det(box(0, 0, 10, 10), 0.5);
        List<GroundTruth> one = List.of(gt(box(0, 0, 10, 10)));
        assertEquals(0.5, single(one, List.of(fp, tp)).summary().ap(), TOL); // [FP, TP] as above
        assertEquals(1, single(one, List.of(tp, fp)).summary().ap(), TOL); // [TP, FP]
    }

    @Test
    void equalScoresOnDifferentImagesGoInImageIdOrder() {
        // image 3 (FP) comes before image 5 (TP) whatever the order they were added in:
        // [FP, TP] -> 0.5; with the roles swapped [TP, FP] -> 1
        assertEquals(0.5, twoImages(List.of(), List.of(gt(box(0, 0, 10, 10)))), TOL);
        assertEquals(1, twoImages(List.of(gt(box(0, 0, 10, 10))), List.of()), TOL);
    }

    /** Image 3 and 5 with these objects, a detection at (0,0,10,10), score 0.5, on each. */
    private static double twoImages(List<GroundTruth> on3, List<GroundTruth> on5) {
        CocoGroundTruth g = CocoGroundTruth.builder(1).image(5, on5).image(3, on3).build();
        CocoEvaluator ev = new CocoEvaluator(g);
        ev.add(5, List.of(det(box(0, 0, 10, 10), 0.5)));
        ev.add(3, List.of(det(box(0, 0, 10, 10), 0.5)));
        return ev.evaluate().summary().ap();
    }

    @Test
    void equalScoresCompetingForOneObjectGoInInputOrder() {
        // B: IoU 7200/10000 = 0.72, A: IoU 1, same score, B listed first. Thresholds 0.5..0.7
        // (5): B takes the object, A is an FP -> [TP, FP] -> 1. Thresholds 0.75..0.95 (5): B is
        // below, A takes it -> [FP, TP] -> 1/2. AP = (5 + 2.5) / 10 = 0.75
        List<GroundTruth> one = List.of(gt(box(0, 0, 100, 100)));
        Detection b = det(box(0, 0, 100, 72), 0.5);
        Detection a = det(box(0, 0, 100, 100), 0.5);
        assertEquals(0.75, single(one, List.of(b, a)).summary().ap(), TOL);
        assertEquals(1, single(one, List.of(a, b)).summary().ap(), TOL);
    }

    @Test
    void theHigherScoreWinsTheObject() {
        // as above with A (IoU 0.72) scored 0.9 and B (IoU 1) 0.8 listed in either order
        List<GroundTruth> one = List.of(gt(box(0, 0, 100, 100)));
        Detection a = det(box(0, 0, 100, 72), 0.9);
        Detection b = det(box(0, 0, 100, 100), 0.8);
        CocoSummary s = single(one, List.of(b, a)).summary();
        assertEquals(0.75, s.ap(), TOL);
        assertEquals(1, s.ap50(), TOL);
        assertEquals(0.5, s.ap75(), TOL);
    }

    @Test
    void theHigherIouWinsTheDetection() {
        // all boxes 10 high on y = 0: G1 x 0..10, G2 x 3..13, D x 2..12 (0.9), E x 4..14 (0.8).
        // IoU(D,G1) = 80/120 = 0.667, IoU(D,G2) = 90/110 = 0.818, IoU(E,G1) = 60/140 = 0.43,
        // IoU(E,G2) = 0.818. D takes G2 at the 7 thresholds <= 0.8 and E, with G2 taken and G1
        // below 0.5, is an FP; above 0.8 nothing matches. Recall 1/2 at 7 thresholds, 0 at 3
        // -> AR = 0.35. At 0.5: [TP, FP], rc [1/2, 1/2], pr [1, 1/2]: points 0..50 -> 1, the
        // rest past the end -> 0: AP50 = 51/101. (Taking G1, the first above 0.5, would let E
        // take G2 and reach recall 1.)
        CocoSummary s = single(List.of(gt(box(0, 0, 10, 10)), gt(box(3, 0, 10, 10))),
                List.of(det(box(2, 0, 10, 10), 0.9), det(box(4, 0, 10, 10), 0.8))).summary();
        assertEquals(0.35, s.ar100(), TOL);
        assertEquals(51.0 / 101, s.ap50(), TOL);
    }

    @Test
    void noDetectionsScoreZeroNotMinusOne() {
        CocoGroundTruth g = CocoGroundTruth.builder(1)
                .image(1, List.of(gt(box(0, 0, 10, 10))))
                .image(2, List.of(gt(box(0, 0, 10, 10))))
                .build();
        CocoEvaluator ev = new CocoEvaluator(g);
        ev.add(1, List.of()); // image 2 never added: also nothing detected there
        CocoSummary s = ev.evaluate().summary();
        assertEquals(0, s.ap(), 0);
        assertEquals(0, s.ar100(), 0);
        assertEquals(-1, s.apLarge(), 0); // area 100: no large object
    }

    @Test
    void aClassWithoutGroundTruthIsMinusOneAndLeftOutOfTheMeans() {
        CocoGroundTruth g = CocoGroundTruth.builder(2, 1)
                .image(1, List.of(gt(box(0, 0, 10, 10))))
                .build();
        // class 2 has a detection (an FP) but no object: its precision stays -1
        CocoEvaluation e = CocoEvaluator.evaluate(g, Map.of(1L, List.of(
                det(box(0, 0, 10, 10), 0.9), new Detection(2, box(0, 0, 10, 10), 0.95))));
        assertEquals(1, e.summary().ap(), TOL);
        assertEquals(1, e.summary().ar100(), TOL);
        List<ClassAp> perClass = e.perClass();
        assertEquals(List.of(1, 2), e.categoryIds());
        assertEquals(1, perClass.get(0).ap(), TOL);
        assertEquals(new ClassAp(2, -1, -1), perClass.get(1));
        assertEquals(-1, e.curve(2).precision()[0][0], 0);
        assertEquals(-1, e.recall(0, 2, AreaRange.ALL, 100), 0);
        assertEquals(e.curve(1).precision()[3][77], e.meanCurve().precision()[3][77], 0);
    }

    @Test
    void detectionsOnAnImageWithoutObjectsAreFalsePositives() {
        // image 2's detection (0.9) ranks above image 1's TP (0.8): [FP, TP] -> 0.5
        CocoGroundTruth g = CocoGroundTruth.builder(1)
                .image(1, List.of(gt(box(0, 0, 10, 10))))
                .image(2, List.of())
                .build();
        CocoEvaluation e = CocoEvaluator.evaluate(g, Map.of(
                1L, List.of(det(box(0, 0, 10, 10), 0.8)),
                2L, List.of(det(box(0, 0, 10, 10), 0.9))));
        assertEquals(0.5, e.summary().ap(), TOL);
    }

    @Test
    void maxDetsKeepsTheBestDetectionsOfEachImage() {
        // 2 objects, 2 perfect detections: with 1 an image recall is 1/2, with 10 or 100 it is 1
        CocoSummary s = single(List.of(gt(box(0, 0, 10, 10)), gt(box(20, 0, 10, 10))),
                List.of(det(box(0, 0, 10, 10), 0.9), det(box(20, 0, 10, 10), 0.8))).summary();
        assertEquals(0.5, s.ar1(), TOL);
        assertEquals(1, s.ar10(), TOL);
        assertEquals(1, s.ar100(), TOL);
        // the limit is per image: one object and one detection on each of two images -> AR1 = 1
        CocoGroundTruth g = CocoGroundTruth.builder(1)
                .image(1, List.of(gt(box(0, 0, 10, 10))))
                .image(2, List.of(gt(box(0, 0, 10, 10))))
                .build();
        CocoEvaluation e = CocoEvaluator.evaluate(g, Map.of(
                1L, List.of(det(box(0, 0, 10, 10), 0.9)),
                2L, List.of(det(box(0, 0, 10, 10), 0.8))));
        assertEquals(1, e.summary().ar1(), TOL);
    }

    @Test
    void onlyTheHundredBestDetectionsOfAnImageAreKept() {
        // 99 FPs at 0.5 then the TP at 0.4: rc is 0 99 times then 1, pr ends at 1/100 and is
        // 1/100 everywhere from the right -> AP 0.01, AR 1. With 100 FPs the TP is the 101st
        // and dropped: recall 0, AP 0
        List<GroundTruth> one = List.of(gt(box(0, 0, 10, 10)));
        CocoSummary kept = single(one, falsePositivesThenTruePositive(99)).summary();
        assertEquals(0.01, kept.ap(), TOL);
        assertEquals(1, kept.ar100(), TOL);
        CocoSummary dropped = single(one, falsePositivesThenTruePositive(100)).summary();
        assertEquals(0, dropped.ap(), 0);
        assertEquals(0, dropped.ar100(), 0);
    }

    private static List<Detection> falsePositivesThenTruePositive(int n) {
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(det(box(100 + 20 * i, 100, 10, 10), 0.5));
        }
        out.add(det(box(0, 0, 10, 10), 0.4));
        return out;
    }
}
