package dev.hsresnet.vision.detection.eval;

import static dev.hsresnet.vision.detection.eval.CocoTesting.TOL;
import static dev.hsresnet.vision.detection.eval.CocoTesting.box;
import static dev.hsresnet.vision.detection.eval.SegmTesting.det;
import static dev.hsresnet.vision.detection.eval.SegmTesting.gt;
import static dev.hsresnet.vision.detection.eval.SegmTesting.mask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hsresnet.data.mask.Rle;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** segm needs masks of one size per image; errors name the image, the annotation and the size. */
class CocoSegmInputTest {

    private static final Rle A = mask("##..", "##..", "....");
    private static final Rle SMALL = mask("#.", "..");

    private static String message(Executable bad) {
        return assertThrows(IllegalArgumentException.class, bad).getMessage();
    }

    @Test
    void everyGroundTruthNeedsAMask() {
        CocoGroundTruth g = CocoGroundTruth.builder(1)
                .image(7, List.of(gt(A), new GroundTruth(1, box(0, 0, 2, 2)))).build();
        assertEquals("image 7, ground truth 1 has no mask, which segm evaluation needs",
                message(() -> new CocoEvaluator(g, IouType.SEGM)));
        assertEquals(IouType.BBOX, new CocoEvaluator(g).iouType()); // boxes need no mask
    }

    @Test
    void anImagesGroundTruthMasksHaveOneSize() {
        assertEquals("image 7, ground truth 1: mask is 2x2, but ground truth 0's mask is 3x4"
                + " (height x width): an image's masks must have one size", message(() ->
                        CocoGroundTruth.builder(1).image(7, List.of(gt(A), gt(SMALL)))));
        // other images may have other sizes
        CocoGroundTruth.builder(1).image(7, List.of(gt(A))).image(8, List.of(gt(SMALL))).build();
    }

    @Test
    void detectionsNeedAMaskOfTheImagesSize() {
        CocoEvaluator ev = new CocoEvaluator(CocoGroundTruth.builder(1)
                .image(7, List.of(gt(A))).image(8, List.of()).build(), IouType.SEGM);
        assertEquals("image 7, detection 1 has no mask, which segm evaluation needs",
                message(() -> ev.add(7, List.of(det(A, 0.9),
                        new Detection(1, box(0, 0, 2, 2), 0.8)))));
        assertEquals("image 7, detection 0: mask is 2x2, but each of the image's ground-truth"
                + " masks is 3x4 (height x width): an image's masks must have one size",
                message(() -> ev.add(7, List.of(det(SMALL, 0.9)))));
        assertEquals("image 8, detection 1: mask is 3x4, but detection 0's mask is 2x2 (height x"
                + " width): an image's masks must have one size",
                message(() -> ev.add(8, List.of(det(SMALL, 0.9), det(A, 0.8)))));
        // the refused adds added nothing: image 7 can still be added, and scores 1
        ev.add(7, List.of(det(A, 0.9)));
        assertEquals(1, ev.evaluate().summary().ap(), TOL);
    }

    @Test
    void boxEvaluationIgnoresMasks() {
        // detections without masks, and masks that disagree with the boxes, are fine by box
        CocoGroundTruth g = CocoGroundTruth.builder(1).image(7, List.of(gt(A))).build();
        CocoEvaluator ev = new CocoEvaluator(g, IouType.BBOX);
        ev.add(7, List.of(new Detection(1, box(0, 0, 2, 2), 0.9, SMALL)));
        assertEquals(1, ev.evaluate().summary().ap(), TOL);
        assertNull(new Detection(1, box(0, 0, 1, 1), 0.5).mask());
        assertEquals(new Box(0, 0, 2, 2), gt(A).box());
        assertEquals(4, gt(A).area());
        assertEquals("bbox", IouType.BBOX.label());
        assertEquals("segm", IouType.SEGM.label());
    }
}
