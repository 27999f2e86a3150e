package dev.hsresnet.vision.detection.eval;

import static dev.hsresnet.vision.detection.eval.CocoTesting.box;
import static dev.hsresnet.vision.detection.eval.CocoTesting.det;
import static dev.hsresnet.vision.detection.eval.CocoTesting.gt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid inputs fail with a message naming the image, the annotation and the value. */
class CocoInputTest {

    private static String message(Executable bad) {
        return assertThrows(IllegalArgumentException.class, bad).getMessage();
    }

    private static CocoEvaluator evaluator() {
        return new CocoEvaluator(CocoGroundTruth.builder(1, 2)
                .image(7, List.of(gt(box(0, 0, 10, 10))))
                .build());
    }

    @Test
    void groundTruthBoxesAreaAndCategoryAreChecked() {
        CocoGroundTruth.Builder b = CocoGroundTruth.builder(1);
        assertEquals("image 7, ground truth 1: box width -1.0 is negative", message(() ->
                b.image(7, List.of(gt(box(0, 0, 1, 1)), gt(box(0, 0, -1, 1))))));
        assertEquals("image 7, ground truth 0: box height NaN is not a finite number",
                message(() -> b.image(7, List.of(gt(box(0, 0, 1, Double.NaN))))));
        assertEquals("image 8, ground truth 0: area -5.0 is negative", message(() ->
                b.image(8, List.of(new GroundTruth(1, box(0, 0, 1, 1), false, -5)))));
        assertEquals("image 8, ground truth 0: category 3 is not one of the 1 categories",
                message(() -> b.image(8, List.of(new GroundTruth(3, box(0, 0, 1, 1))))));
        b.image(8, List.of());
        assertEquals("image 8 is given twice", message(() -> b.image(8, List.of())));
        assertEquals("category 4 is given twice", message(() -> CocoGroundTruth.builder(4, 4)));
    }

    @Test
    void detectionsAreChecked() {
        CocoEvaluator ev = evaluator();
        assertEquals("image 7, detection 1: box width NaN is not a finite number", message(() ->
                ev.add(7, List.of(det(box(0, 0, 1, 1), 0.5), det(box(0, 0, Double.NaN, 1), 0.5)))));
        assertEquals("image 7, detection 0: score NaN is not a finite number",
                message(() -> ev.add(7, List.of(det(box(0, 0, 1, 1), Double.NaN)))));
        assertEquals("image 7, detection 0: box x Infinity is not a finite number", message(() ->
                ev.add(7, List.of(det(box(Double.POSITIVE_INFINITY, 0, 1, 1), 0.5)))));
        assertEquals("image 7, detection 0: category 9 is not one of the 2 categories",
                message(() -> ev.add(7, List.of(new Detection(9, box(0, 0, 1, 1), 0.5)))));
        assertTrue(message(() -> ev.add(99, List.of()))
                .startsWith("detections for image 99: the ground truth has no such image"));
    }

    @Test
    void aRejectedImageAddsNothingAndAnImageIsAddedOnce() {
        CocoEvaluator ev = evaluator();
        Detection perfect = det(box(0, 0, 10, 10), 0.9);
        message(() -> ev.add(7, List.of(perfect, det(box(0, 0, 1, -2), 0.5))));
        ev.add(7, List.of(perfect)); // the rejected call left no trace: AP is that of [TP]
        assertEquals(1, ev.evaluate().summary().ap(), CocoTesting.TOL);
        assertEquals("detections for image 7 were already added",
                message(() -> ev.add(7, List.of(perfect))));
    }

    @Test
    void cornerFormConvertsToWidthAndHeight() {
        Box b = Box.fromCorners(1, 2, 4, 6);
        assertEquals(new Box(1, 2, 3, 4), b);
        assertEquals(4, b.x2());
        assertEquals(6, b.y2());
        assertEquals(12, b.area());
        assertEquals(12, new GroundTruth(1, b).area()); // area defaults to the box's
    }
}
