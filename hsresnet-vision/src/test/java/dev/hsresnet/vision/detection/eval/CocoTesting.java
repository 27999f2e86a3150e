package dev.hsresnet.vision.detection.eval;

import java.util.List;
import java.util.Map;

/** Short builders for the evaluator tests. */
final class CocoTesting {

    /**
     * Tolerance for values that are exact fractions by hand but carry pycocotools' {@code eps}:
     * one true positive alone has precision {@code 1 / (1 + 2^-52)}.
     */
    static final double TOL = 1e-12;

    private CocoTesting() {}

    static Box box(double x, double y, double w, double h) {
        return new Box(x, y, w, h);
    }

    static GroundTruth gt(Box b) {
        return new GroundTruth(1, b);
    }

    static Detection det(Box b, double score) {
        return new Detection(1, b, score);
    }

    /** Category 1 only, one image 1 with these objects, these detections on it. */
    static CocoEvaluation single(List<GroundTruth> truths, List<Detection> detections) {
        CocoGroundTruth gt = CocoGroundTruth.builder(1).image(1, truths).build();
        return CocoEvaluator.evaluate(gt, Map.of(1L, detections));
    }
}
