package dev.hsresnet.train.detection;

import dev.hsresnet.data.detection.BoxAnnotation;
import dev.hsresnet.data.detection.DetectionBatch;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.train.report.Charts;
import dev.hsresnet.vision.detection.BatchDetector;
import dev.hsresnet.vision.detection.BoxPainter;
import dev.hsresnet.vision.detection.DetectedBox;
import dev.hsresnet.vision.detection.FcosModel;
import dev.hsresnet.vision.segmentation.MaskImages;
import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.PrecisionRecallCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;

/**
 * The pictures of a detection run: training curves, precision-recall curves, and images with the
 * detections and the ground truth drawn.
 */
public final class DetectionPictures {

    /** The IoU thresholds drawn in the precision-recall charts (indices into COCO's ten). */
    private static final int[] DRAWN_IOUS = {0, 2, 4, 5, 6, 8};

    private DetectionPictures() {}

    /**
     * Writes {@code loss.png} and {@code val.png} (the task's validation scores in percent) into
     * a run directory.
     *
     * @param log the run's epochs
     * @param task what the scores and the loss are
     * @param dir the run directory
     * @throws IOException when a file cannot be written
     */
    public static void curves(DetectionLog log, FcosTask<?, ?> task, Path dir)
            throws IOException {
        List<DetectionEpoch> all = log.epochs();
        if (all.isEmpty()) {
            return;
        }
        Charts.epochCurves(dir.resolve("loss.png"), "training loss", task.lossTerms(),
                all.stream().mapToInt(DetectionEpoch::epoch).toArray(), List.of(new Charts.Curve(
                        "train loss", all.stream().mapToDouble(DetectionEpoch::trainLoss)
                                .toArray())));
        List<DetectionEpoch> evaluated = all.stream().filter(DetectionEpoch::evaluated).toList();
        if (evaluated.isEmpty()) {
            return;
        }
        List<Charts.Curve> curves = new ArrayList<>();
        List<FcosTask.Score> scores = task.scores();
        for (int i = 0; i < scores.size(); i++) {
            int k = i;
            curves.add(new Charts.Curve(scores.get(i).label(), evaluated.stream()
                    .mapToDouble(e -> 100 * e.val(k)).toArray()));
        }
        Charts.epochCurves(dir.resolve("val.png"), "validation (" + task.metricsTitle() + ")",
                "%", evaluated.stream().mapToInt(DetectionEpoch::epoch).toArray(), curves);
    }

    /**
     * Precision against recall at IoU 0.50, 0.60, 0.70, 0.75, 0.80, 0.90 (all areas, 100
     * detections), the mean over the classes with objects; and one chart per class when there
     * are several.
     *
     * @param evaluation a split's evaluation
     * @param classes the class names (index = category id - 1)
     * @param dir where {@code <prefix>-pr.png} (and {@code <prefix>-pr-<class>.png}) go
     * @param prefix the file prefix, e.g. {@code test}
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public static List<Path> precisionRecall(CocoEvaluation evaluation, List<String> classes,
            Path dir, String prefix) throws IOException {
        List<Path> files = new ArrayList<>();
        Path mean = dir.resolve(prefix + "-pr.png");
        if (draw(mean, prefix + ": precision-recall, mean over classes", evaluation.meanCurve())) {
            files.add(mean);
        }
        if (classes.size() > 1) {
            for (int c = 0; c < classes.size(); c++) {
                Path file = dir.resolve(prefix + "-pr-" + classes.get(c)
                        .replaceAll("[^A-Za-z0-9_-]", "_") + ".png");
                if (draw(file, prefix + ": precision-recall, " + classes.get(c),
                        evaluation.curve(c + 1))) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    /**
     * Draws {@code count} images of a split, evenly spaced in its order, with a model's
     * detections (score at least {@code threshold}) and the ground truth (white, dashed), named
     * after the image files.
     *
     * @param model the detector, or an instance segmenter for its boxes (inference mode)
     * @param loader the split with the evaluation transform, in order
     * @param count how many images
     * @param threshold the lowest score drawn
     * @param dir the folder to write them into
     * @return the files written
     * @throws IOException when an image cannot be read or a file written
     */
    public static List<Path> predictions(FcosModel model, DetectionLoader loader, int count,
            double threshold, Path dir) throws IOException {
        Files.createDirectories(dir);
        DetectionDataset set = loader.dataset();
        int n = Math.min(count, set.size());
        Set<Integer> chosen = new HashSet<>();
        for (int k = 0; k < n; k++) {
            chosen.add((int) ((long) k * set.size() / n));
        }
        BatchDetector detector = new BatchDetector(model,
                BatchDetector.decoder(model.detectionSpec(), threshold));
        List<Path> written = new ArrayList<>();
        try (var epoch = loader.epoch(0, 0)) {
            while (epoch.hasNext()) {
                DetectionBatch batch = epoch.next();
                boolean any = Arrays.stream(batch.indices()).anyMatch(chosen::contains);
                if (!any) {
                    continue;
                }
                List<List<DetectedBox>> found = detector.detect(batch);
                for (int i = 0; i < batch.n(); i++) {
                    int index = batch.indices()[i];
                    if (!chosen.contains(index)) {
                        continue;
                    }
                    List<BoxAnnotation> truth = set.annotations(index).boxes();
                    float[] gt = new float[4 * truth.size()];
                    for (int b = 0; b < truth.size(); b++) {
                        BoxAnnotation t = truth.get(b);
                        gt[4 * b] = t.x1();
                        gt[4 * b + 1] = t.y1();
                        gt[4 * b + 2] = t.x2();
                        gt[4 * b + 3] = t.y2();
                    }
                    String stem = set.image(index).getFileName().toString()
                            .replaceFirst("\\.[^.]*$", "");
                    Path file = dir.resolve(stem + ".png");
                    MaskImages.writePng(BoxPainter.draw(set.load(index).image(), found.get(i),
                            gt, set.classes()), file);
                    written.add(file);
                }
            }
        }
        return written;
    }

    private static boolean draw(Path file, String title, PrecisionRecallCurve curve)
            throws IOException {
        double[][] p = curve.precision();
        double[] iou = curve.iouThresholds();
        List<Charts.Curve> curves = new ArrayList<>();
        for (int t : DRAWN_IOUS) {
            curves.add(new Charts.Curve(String.format(Locale.ROOT, "IoU %.2f", iou[t]), p[t]));
        }
        return Charts.xyCurves(file, title, "recall", "precision", curve.recallThresholds(),
                curves);
    }
}
