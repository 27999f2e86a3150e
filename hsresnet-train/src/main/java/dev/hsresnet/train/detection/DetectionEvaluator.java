package dev.hsresnet.train.detection;

import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.CocoConversions;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.CocoEvaluator;

/**
 * Scores a detector on a split with COCO's box metrics: every image through the inference
 * forward at the loader's evaluation size, decoded with the spec's settings at a score threshold
 * of 0.05 (as COCO evaluations are run, so that low-confidence detections still count toward
 * recall), boxes in the file's pixels against the split's annotations.
 */
public final class DetectionEvaluator {

    /** The score threshold of evaluations (torchvision's detection references use 0.05). */
    public static final double EVAL_SCORE_THRESHOLD = 0.05;

    private DetectionEvaluator() {}

    /**
     * @param model the detector (training or inference mode; the forward runs as inference)
     * @param loader the split, evaluation transform, in order
     * @return the evaluation
     */
    public static CocoEvaluation evaluate(DetectionModel model, DetectionLoader loader) {
        BatchDetector detector = new BatchDetector(model,
                BatchDetector.decoder(model.spec(), EVAL_SCORE_THRESHOLD));
        CocoEvaluator evaluator = new CocoEvaluator(
                CocoConversions.groundTruth(loader.dataset()));
        try (var epoch = loader.epoch(0, 0)) {
            while (epoch.hasNext()) {
                DetectionBatch batch = epoch.next();
                var found = detector.detect(batch);
                for (int i = 0; i < batch.n(); i++) {
                    evaluator.add(batch.indices()[i], CocoConversions.detections(found.get(i)));
                }
            }
        }
        return evaluator.evaluate();
    }
}
