package dev.hsresnet.train.detection;

import dev.hsresnet.vision.detection.eval.ClassAp;
import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.CocoSummary;
import java.util.List;

/**
 * One COCO evaluation as {@code test-metrics.json} holds it.
 *
 * @param summary COCO's 12 numbers
 * @param perClass AP and AP50 per class
 */
public record CocoMetrics(CocoSummary summary, List<ClassAp> perClass) {

    /**
     * @param evaluation an evaluation
     * @return its summary and per-class AP
     */
    public static CocoMetrics of(CocoEvaluation evaluation) {
        return new CocoMetrics(evaluation.summary(), evaluation.perClass());
    }
}
