package dev.hsresnet.train.instance;

import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.train.detection.CocoMetrics;
import dev.hsresnet.train.detection.DetectionEvaluator;
import dev.hsresnet.train.detection.DetectionPictures;
import dev.hsresnet.train.detection.FcosEvaluation;
import dev.hsresnet.vision.detection.CocoConversions;
import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.CocoEvaluator;
import dev.hsresnet.vision.detection.eval.CocoSummary;
import dev.hsresnet.vision.detection.eval.Detection;
import dev.hsresnet.vision.detection.eval.IouType;
import dev.hsresnet.vision.instance.BatchInstanceSegmenter;
import dev.hsresnet.vision.instance.InstanceConversions;
import dev.hsresnet.vision.instance.InstanceModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Scores an instance segmenter on a split with COCO's box ({@code bbox}) and mask ({@code segm})
 * metrics in one pass: every image through the inference forward at the loader's evaluation size,
 * decoded ({@link BatchInstanceSegmenter}) at a score threshold of {@value
 * DetectionEvaluator#EVAL_SCORE_THRESHOLD} with the masks resized to the image file's size,
 * against the split's boxes (as {@link DetectionEvaluator} scores a detector, so box AP compares
 * with a detector's) and its masks at the file's size. Each predicted mask is run-length encoded
 * as soon as its image is decoded; no bitmap outlives its image.
 */
public final class InstanceEvaluator {

    private InstanceEvaluator() {}

    /**
     * A split's two evaluations. Scores: mask AP, mask AP50, box AP, box AP50.
     *
     * @param box COCO's box evaluation
     * @param mask COCO's mask evaluation
     */
    public record Result(CocoEvaluation box, CocoEvaluation mask) implements FcosEvaluation {

        @Override
        public double[] scores() {
            CocoSummary m = mask.summary();
            CocoSummary b = box.summary();
            return new double[] {m.ap(), m.ap50(), b.ap(), b.ap50()};
        }

        @Override
        public Summaries summary() {
            return new Summaries(box.summary(), mask.summary());
        }

        @Override
        public Metrics metrics() {
            return new Metrics(CocoMetrics.of(box), CocoMetrics.of(mask));
        }

        /** Draws the mask evaluation's curves, as {@code <prefix>-segm-pr.png}. */
        @Override
        public List<Path> precisionRecall(List<String> classes, Path dir, String prefix)
                throws IOException {
            return DetectionPictures.precisionRecall(mask, classes, dir, prefix + "-segm");
        }
    }

    /**
     * Both COCO summaries, under pycocotools' {@code iouType} names.
     *
     * @param bbox the box metrics
     * @param segm the mask metrics
     */
    public record Summaries(CocoSummary bbox, CocoSummary segm) {}

    /**
     * Both evaluations with AP per class, as {@code test-metrics.json} holds them.
     *
     * @param bbox the box metrics
     * @param segm the mask metrics
     */
    public record Metrics(CocoMetrics bbox, CocoMetrics segm) {}

    /**
     * @param model the segmenter (training or inference mode; the forward runs as inference)
     * @param loader the split, evaluation transform (a resize only), in order, of a dataset with
     *     instance masks
     * @return the evaluations
     * @throws IOException when a ground-truth mask cannot be read
     */
    public static Result evaluate(InstanceModel model, DetectionLoader loader)
            throws IOException {
        BatchInstanceSegmenter segmenter = new BatchInstanceSegmenter(model,
                BatchInstanceSegmenter.decoder(model.spec(),
                        DetectionEvaluator.EVAL_SCORE_THRESHOLD));
        return evaluate(loader, batch -> segmenter.segment(batch,
                InstanceConversions::detection));
    }

    /**
     * Scores any predictions of a split: what {@link #evaluate(InstanceModel, DetectionLoader)}
     * does after the model.
     *
     * @param loader the split, in order, of a dataset with instance masks
     * @param predict per batch, each image's detections with masks in the file's pixels
     * @return the evaluations
     * @throws IOException when a ground-truth mask cannot be read
     */
    public static Result evaluate(DetectionLoader loader,
            Function<DetectionBatch, List<List<Detection>>> predict) throws IOException {
        CocoEvaluator box = new CocoEvaluator(CocoConversions.groundTruth(loader.dataset()));
        CocoEvaluator mask = new CocoEvaluator(
                InstanceConversions.groundTruth(loader.dataset()), IouType.SEGM);
        DetectionEvaluator.feed(loader, predict, List.of(box, mask));
        return new Result(box.evaluate(), mask.evaluate());
    }
}
