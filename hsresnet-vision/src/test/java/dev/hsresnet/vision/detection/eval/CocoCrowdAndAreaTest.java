package dev.hsresnet.vision.detection.eval;

import static dev.hsresnet.vision.detection.eval.CocoTesting.TOL;
import static dev.hsresnet.vision.detection.eval.CocoTesting.box;
import static dev.hsresnet.vision.detection.eval.CocoTesting.det;
import static dev.hsresnet.vision.detection.eval.CocoTesting.gt;
import static dev.hsresnet.vision.detection.eval.CocoTesting.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Crowd regions and area ranges, computed by hand from cocoeval's definition. */
class CocoCrowdAndAreaTest {

    private static GroundTruth crowd(Box b) {
        return new GroundTruth(1, b, true);
    }

    @Test
    void detectionsOnACrowdRegionAreIgnoredNotFalsePositives() {
        // crowd C at (50,50) 40x40 (area 1600). D2 and D3 (10x10) lie inside it: crowd IoU
        // 100/100 = 1 (a plain IoU would be 100/1600). Both match C (a crowd region may match
        // again) and are ignored, so the list is [ign, ign, TP] and the regular object is found
        // with precision 1 -> AP 1; the crowd does not count as an object to find -> AR 1.
        // Were D2 an FP, [FP, FP, TP] would give 1/3.
        CocoSummary s = single(List.of(gt(box(0, 0, 10, 10)), crowd(box(50, 50, 40, 40))),
                List.of(det(box(60, 60, 10, 10), 0.9), det(box(70, 70, 10, 10), 0.85),
                        det(box(0, 0, 10, 10), 0.8))).summary();
        assertEquals(1, s.ap(), TOL);
        assertEquals(1, s.ar100(), TOL);
    }

    @Test
    void aRegularObjectIsPreferredToACrowdRegion() {
        // G (0,0) 10x10, crowd C (0,0) 20x20; D (0,0) 10x6: IoU(D,G) = 0.6, crowd IoU(D,C) =
        // 60/60 = 1. G is tried first: at 0.5..0.6 D takes it and stops at the crowd (TP). At
        // the 7 higher thresholds D matches C and is ignored: nothing counted, precision 0 ->
        // AP = 0.3, AP50 = 1, AR = 0.3
        CocoSummary s = single(List.of(crowd(box(0, 0, 20, 20)), gt(box(0, 0, 10, 10))),
                List.of(det(box(0, 0, 10, 6), 0.9))).summary();
        assertEquals(0.3, s.ap(), TOL);
        assertEquals(1, s.ap50(), TOL);
        assertEquals(0.3, s.ar100(), TOL);
    }

    @Test
    void onlyCrowdObjectsLeaveTheClassUndefined() {
        CocoSummary s = single(List.of(crowd(box(0, 0, 20, 20))),
                List.of(det(box(0, 0, 10, 10), 0.9))).summary();
        assertEquals(-1, s.ap(), 0);
        assertEquals(-1, s.ar100(), 0);
    }

    @Test
    void areaRangesIgnoreObjectsAndUnmatchedDetectionsOutsideThem() {
        // S 10x10 (area 100, small), L 100x100 (10000, large); F 50x50 (2500, medium) matches
        // nothing, scored 0.95; DS on S 0.9, DL on L 0.8.
        // all: [FP, TP, TP], rc [0, 1/2, 1], pr [0, 1/2, 2/3] -> from the right 2/3 everywhere
        //   -> AP = AP50 = AP75 = 2/3; AR 1; with 1 detection an image only F: AR1 = 0
        // small: L ignored, DL matches it (ignored), F out of range (ignored): [ign, TP, ign]
        //   -> APs = ARs = 1
        // large: S ignored, DS matches it, F out of range: [ign, ign, TP] -> APl = ARl = 1
        // medium: no object -> -1
        CocoSummary s = single(List.of(gt(box(0, 0, 10, 10)), gt(box(100, 100, 100, 100))),
                List.of(det(box(300, 300, 50, 50), 0.95), det(box(0, 0, 10, 10), 0.9),
                        det(box(100, 100, 100, 100), 0.8))).summary();
        double t = 2.0 / 3;
        assertArrayEquals(new double[] {t, t, t, 1, -1, 1, 0, 1, 1, 1, -1, 1}, s.toArray(), TOL);
    }

    @Test
    void theBoundsBelongToBothNeighbouringRanges() {
        // area 32^2 is in small [0, 1024] and in medium [1024, 9216]
        CocoSummary s32 = single(List.of(gt(box(0, 0, 32, 32))),
                List.of(det(box(0, 0, 32, 32), 0.9))).summary();
        assertArrayEquals(new double[] {1, 1, -1}, ranges(s32), TOL);
        // area 96^2 is in medium and in large [9216, 1e10]
        CocoSummary s96 = single(List.of(gt(box(0, 0, 96, 96))),
                List.of(det(box(0, 0, 96, 96), 0.9))).summary();
        assertArrayEquals(new double[] {-1, 1, 1}, ranges(s96), TOL);
    }

    @Test
    void theGivenAreaDecidesTheRangeNotTheBox() {
        // a 100x100 box whose segment covers 500 square pixels is a small object
        CocoSummary s = single(List.of(new GroundTruth(1, box(0, 0, 100, 100), false, 500)),
                List.of(det(box(0, 0, 100, 100), 0.9))).summary();
        assertArrayEquals(new double[] {1, -1, -1}, ranges(s), TOL);
    }

    private static double[] ranges(CocoSummary s) {
        return new double[] {s.apSmall(), s.apMedium(), s.apLarge()};
    }
}
