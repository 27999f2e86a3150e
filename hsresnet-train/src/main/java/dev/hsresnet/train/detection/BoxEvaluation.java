package dev.hsresnet.train.detection;

import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.CocoSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A detector's evaluation: COCO's box metrics; its scores are AP, AP50, AP75 and AR100.
 *
 * @param coco the box evaluation
 */
public record BoxEvaluation(CocoEvaluation coco) implements FcosEvaluation {

    @Override
    public double[] scores() {
        CocoSummary s = coco.summary();
        return new double[] {s.ap(), s.ap50(), s.ap75(), s.ar100()};
    }

    @Override
    public CocoSummary summary() {
        return coco.summary();
    }

    @Override
    public CocoMetrics metrics() {
        return CocoMetrics.of(coco);
    }

    @Override
    public List<Path> precisionRecall(List<String> classes, Path dir, String prefix)
            throws IOException {
        return DetectionPictures.precisionRecall(coco, classes, dir, prefix);
    }
}
