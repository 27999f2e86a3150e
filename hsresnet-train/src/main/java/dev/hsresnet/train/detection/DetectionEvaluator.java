package dev.hsresnet.train.detection;

import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.CocoConversions;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.CocoEvaluator;
import dev.hsresnet.vision.detection.eval.Detection;
import java.util.List;
import java.util.function.Function;

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
        feed(loader, batch -> detector.detect(batch).stream()
                .map(CocoConversions::detections).toList(), List.of(evaluator));
        return evaluator.evaluate();
    }

    /**
     * Runs a predictor over a split once and gives each image's detections to every evaluator.
     *
     * @param loader the split, in order
     * @param predict per batch, each image's detections in the file's pixels
     * @param evaluators the evaluators, of the loader's dataset (image id = dataset index)
     */
    public static void feed(DetectionLoader loader,
            Function<DetectionBatch, List<List<Detection>>> predict,
            List<CocoEvaluator> evaluators) {
        try (var epoch = loader.epoch(0, 0)) {
            while (epoch.hasNext()) {
                DetectionBatch batch = epoch.next();
                List<List<Detection>> found = predict.apply(batch);
                for (int i = 0; i < batch.n(); i++) {
                    for (CocoEvaluator e : evaluators) {
                        e.add(batch.indices()[i], found.get(i));
                    }
                }
            }
        }
    }
}
