package dev.hsresnet.train.detection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A split's COCO evaluation as an {@link FcosRun} reports it. */
public interface FcosEvaluation {

    /**
     * @return the validation scores in the task's order ({@link FcosTask#scores()}); the first
     *     picks the best model
     */
    double[] scores();

    /** @return the COCO summary (or summaries) as JSON: {@code val-metrics.json}, {@code summary.json} */
    Object summary();

    /** @return the summary with AP and AP50 per class, as {@code test-metrics.json} holds it */
    Object metrics();

    /**
     * Draws the split's precision-recall curves.
     *
     * @param classes the class names (index = category id - 1)
     * @param dir where the charts go
     * @param prefix the split, e.g. {@code test}
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    List<Path> precisionRecall(List<String> classes, Path dir, String prefix) throws IOException;
}
