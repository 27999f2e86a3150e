package dev.hsresnet.vision.detection.eval;

import static dev.hsresnet.vision.detection.eval.CocoTesting.TOL;
import static dev.hsresnet.vision.detection.eval.SegmTesting.crowd;
import static dev.hsresnet.vision.detection.eval.SegmTesting.det;
import static dev.hsresnet.vision.detection.eval.SegmTesting.gt;
import static dev.hsresnet.vision.detection.eval.SegmTesting.mask;
import static dev.hsresnet.vision.detection.eval.SegmTesting.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsresnet.data.mask.CocoSegmentation;
import dev.hsresnet.data.mask.MaskIou;
import dev.hsresnet.data.mask.Rle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code iouType='segm'}: cases computed by hand from cocoeval's definition with mask IoU. The
 * masks are 5 x 12 pixels; all objects are small, so medium and large are -1.
 */
class CocoSegmTest {

    // G1: a 4 x 4 square and one more pixel, 17 pixels; D1 is G1 less 3 pixels (14)
    private static final Rle G1 = mask(
            "####........",
            "####........",
            "####........",
            "####........",
            "#...........");
    private static final Rle D1 = mask(
            "####........",
            "####........",
            "####........",
            "##..........",
            "............");
    // G2: 15 pixels; D3 is G2 less 4 pixels (11); D2 is 10 pixels of G2 and 1 outside (11)
    private static final Rle G2 = mask(
            "......####..",
            "......####..",
            "......####..",
            "......###...",
            "............");
    private static final Rle D2 = mask(
            "......####.#",
            "......####..",
            "......##....",
            "............",
            "............");
    private static final Rle D3 = mask(
            "......####..",
            "......####..",
            "......###...",
            "............",
            "............");

    @Test
    void twoObjectsThreeDetectionsByHand() {
        // mask IoUs: D1-G1 14/17 = 0.824, D2-G2 10/(11 + 15 - 10) = 10/16 = 0.625,
        // D3-G2 11/15 = 0.733; the others 0. Scores D1 0.9, D2 0.8, D3 0.7. Per threshold:
        //   0.50-0.60: D1 TP, D2 TP (takes G2 first), D3 FP   [TP, TP, FP]
        //   0.65-0.70: D1 TP, D2 FP (0.625 too low), D3 TP    [TP, FP, TP]
        //   0.75-0.80: D1 TP, D2 FP, D3 FP (0.733)            [TP, FP, FP]
        //   0.85-0.95: all FP
        // [TP, TP, FP]: rc [1/2, 1, 1], precision 1 up to recall 1 -> AP 1
        // [TP, FP, TP]: rc [1/2, 1/2, 1], pr [1, 1/2, 2/3] -> from the right [1, 2/3, 2/3];
        //   the 51 points r <= 0.5 read 1, the 50 above read 2/3 -> (51 + 100/3) / 101
        // [TP, FP, FP]: 51 points read 1, the others nothing -> 51 / 101
        // AP = (3 * 101 + 2 * (51 + 100/3) + 2 * 51) / 1010 = 1721 / 3030
        // recall: 1 at 5 thresholds, 1/2 at 2, 0 at 3 -> AR100 0.6; with one detection only
        // D1 is kept: 1/2 at 7 thresholds -> AR1 0.35
        assertEquals(14.0 / 17, MaskIou.iou(D1, G1, false));
        assertEquals(0.625, MaskIou.iou(D2, G2, false));
        assertEquals(11.0 / 15, MaskIou.iou(D3, G2, false));
        CocoEvaluation e = single(List.of(gt(G1), gt(G2)),
                List.of(det(D2, 0.8), det(D1, 0.9), det(D3, 0.7)));
        CocoSummary s = e.summary();
        double ap = 1721.0 / 3030;
        assertEquals(ap, s.ap(), TOL);
        assertEquals(1, s.ap50(), TOL);
        assertEquals(51.0 / 101, s.ap75(), TOL);
        assertEquals((51 + 100.0 / 3) / 101, e.averagePrecision(3, AreaRange.ALL, 100), TOL);
        assertArrayEquals(new double[] {ap, 1, 51.0 / 101, ap, -1, -1, 0.35, 0.6, 0.6, 0.6, -1,
                -1}, s.toArray(), TOL);
    }

    @Test
    void theSameObjectsByBoxScoreOtherwise() {
        // boxes: G2 x 6..9, y 0..3 (16), D3 x 6..9, y 0..2 (12): box IoU 12/16 = 0.75, so by
        // box D3 is a TP at 0.75 where its mask (0.733) is not: AP75 by box reads
        // [TP, FP, TP] (D2's box IoU 12/22 fails) -> (51 + 100/3) / 101, by mask 51 / 101
        CocoGroundTruth gt = CocoGroundTruth.builder(1)
                .image(1, List.of(gt(G1), gt(G2))).build();
        Map<Long, List<Detection>> dets = Map.of(1L,
                List.of(det(D1, 0.9), det(D2, 0.8), det(D3, 0.7)));
        assertEquals(0.75, BoxIou.iou(det(D3, 0).box(), gt(G2).box(), false));
        assertEquals((51 + 100.0 / 3) / 101,
                CocoEvaluator.evaluate(gt, IouType.BBOX, dets).summary().ap75(), TOL);
        assertEquals(51.0 / 101, CocoEvaluator.evaluate(gt, IouType.SEGM, dets).summary().ap75(),
                TOL);
    }

    @Test
    void equalScoresKeepTheInputOrder() {
        // two detections of score 0.5: one is G1 itself, one lies on nothing. Stable order:
        // [TP, FP] -> AP 1; the other way round [FP, TP] -> AP 0.5
        Rle nowhere = mask(
                "............",
                "............",
                "............",
                "...........#",
                "...........#");
        assertEquals(1, single(List.of(gt(G1)), List.of(det(G1, 0.5), det(nowhere, 0.5)))
                .summary().ap(), TOL);
        assertEquals(0.5, single(List.of(gt(G1)), List.of(det(nowhere, 0.5), det(G1, 0.5)))
                .summary().ap(), TOL);
    }

    @Test
    void equalIousGoToTheLaterObject() {
        // A and B, 2 pixels each; D covers both: IoU 2/4 = 0.5 with each. At 0.5 it takes the
        // later, B, and E (exactly A, IoU 1) takes A: [TP, TP]. Had D taken A, E would be an FP
        // and AP50 51/101. At the 9 thresholds above 0.5, D is an FP: [FP, TP] with 2 objects,
        // rc [0, 1/2], pr [0, 1/2] -> the 51 points r <= 0.5 read 1/2, the rest 0: 51/202.
        // AP = (1 + 9 * 51/202) / 10 = 661/2020
        Rle a = mask("##..", "....");
        Rle b = mask("..##", "....");
        CocoSummary s = single(List.of(gt(a), gt(b)),
                List.of(det(mask("####", "...."), 0.9), det(a, 0.8))).summary();
        assertEquals(1, s.ap50(), TOL);
        assertEquals(661.0 / 2020, s.ap(), TOL);
    }

    @Test
    void noDetectionsScoreZeroAndNoObjectsLeaveTheCategoryUndefined() {
        CocoSummary none = single(List.of(gt(G1), gt(G2)), List.of()).summary();
        assertArrayEquals(new double[] {0, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, -1}, none.toArray(),
                0);
        CocoSummary nothingToFind = single(List.of(), List.of(det(D1, 0.9))).summary();
        for (double v : nothingToFind.toArray()) {
            assertEquals(-1, v, 0);
        }
        // a detection with an empty mask overlaps nothing: an FP
        assertEquals(0.5, single(List.of(gt(G1)), List.of(det(Rle.empty(5, 12), 0.9),
                det(G1, 0.8))).summary().ap(), TOL);
    }

    @Test
    void crowdMasksUseTheDetectionsAreaAndIgnoreWhatFallsOnThem() throws Exception {
        // the crowd region C (uncompressed counts, as COCO's crowd annotations are) covers
        // columns 6..11 fully: counts [30 zeros, 30 ones]. G is G1. D_in (4 pixels, all in C)
        // has crowd IoU 4/4 = 1 though C has 30 pixels; D_half has 3 of its 4 pixels in C:
        // crowd IoU 3/4 = 0.75.
        Rle c = CocoSegmentation.parse(new ObjectMapper().readTree(
                "{\"size\": [5, 12], \"counts\": [30, 30]}"), 5, 12);
        Rle in = mask(
                "............",
                "........##..",
                "........##..",
                "............",
                "............");
        Rle half = mask(
                "............",
                ".....##.....",
                "......##....",
                "............",
                "............");
        assertEquals(1, MaskIou.iou(in, c, true));
        assertEquals(0.75, MaskIou.iou(half, c, true));
        // D_in ignored at every threshold, then G found: [ign, TP] -> AP 1, AR 1
        CocoSummary s = single(List.of(gt(G1), crowd(c)),
                List.of(det(in, 0.9), det(G1, 0.8))).summary();
        assertEquals(1, s.ap(), TOL);
        assertEquals(1, s.ar100(), TOL);
        // D_half: ignored up to 0.75 (6 thresholds), an FP above: [FP, TP] -> 1/2
        // AP = (6 + 4 * 0.5) / 10 = 0.8
        assertEquals(0.8, single(List.of(gt(G1), crowd(c)),
                List.of(det(half, 0.9), det(G1, 0.8))).summary().ap(), TOL);
        // the crowd region is not an object to find
        assertEquals(-1, single(List.of(crowd(c)), List.of(det(in, 0.9))).summary().ap(), 0);
    }

    @Test
    void areaRangesUseTheMaskAreas() {
        // a 40 x 40 mask holding a 1-pixel-wide ring of a 33 x 33 square: its box area is
        // 1089 > 32^2 (medium by box) but its mask has 128 pixels (small). Detected exactly.
        boolean[] m = new boolean[40 * 40];
        for (int i = 0; i < 33; i++) {
            m[i] = true;                    // row 0
            m[32 * 40 + i] = true;          // row 32
            m[i * 40] = true;               // column 0
            m[i * 40 + 32] = true;          // column 32
        }
        Rle ring = Rle.encode(m, 40, 40);
        assertEquals(128, ring.area());
        CocoSummary s = single(List.of(gt(ring)), List.of(det(ring, 0.9))).summary();
        assertEquals(1, s.apSmall(), TOL);
        assertEquals(-1, s.apMedium(), 0);
        // an unmatched detection is ignored in a range its mask area is outside: an FP ring
        // (128 px) costs nothing in medium, where the object is a filled 33 x 33 square
        boolean[] sq = new boolean[40 * 40];
        for (int y = 0; y < 33; y++) {
            for (int x = 0; x < 33; x++) {
                sq[y * 40 + x] = true;
            }
        }
        Rle square = Rle.encode(sq, 40, 40);
        Rle shifted = Rle.fromBox(36, 36, 4, 4, 40, 40);
        CocoSummary t = single(List.of(gt(square)), List.of(det(shifted, 0.9),
                det(square, 0.8))).summary();
        assertEquals(1, t.apMedium(), TOL); // the 16-pixel FP is small: ignored in medium
        assertEquals(0.5, t.ap(), TOL);     // but counted in all
        // COCO's given area wins over the mask's for ground truths
        CocoSummary given = single(List.of(GroundTruth.ofMask(1, ring, false, 5000)),
                List.of(det(ring, 0.9))).summary();
        assertEquals(1, given.apMedium(), TOL);
        assertEquals(-1, given.apSmall(), 0);
    }
}
