package dev.hsresnet.spark;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.data.mask.Rle;
import dev.hsresnet.train.report.ConfusionMatrix;
import dev.hsresnet.vision.detection.eval.Box;
import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.CocoEvaluator;
import dev.hsresnet.vision.detection.eval.CocoGroundTruth;
import dev.hsresnet.vision.detection.eval.Detection;
import dev.hsresnet.vision.detection.eval.GroundTruth;
import dev.hsresnet.vision.detection.eval.IouType;
import dev.hsresnet.vision.segmentation.SegmentationMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Distributed evaluation on a labelled table {@code (id, image, label)}: the images run through
 * {@link SparkPredict} with the label kept, then each partition's confusion matrix
 * (classification: images; segmentation: pixels) is merged on the driver, or (detection,
 * instances) every image's detections are gathered on the driver for COCO's evaluation. The
 * numbers are the single-machine {@code eval}'s on the same images.
 *
 * <p>Labels ({@link LabelledTables} writes them): classification, a class name or index;
 * segmentation, the true mask as PNG bytes; detection, an array of {@code (class, x1, y1, x2, y2,
 * crowd)} in the image's pixels, plus {@code rle}, {@code height} and {@code width} (the COCO RLE
 * of the object's mask) for instance segmentation.
 */
public final class SparkEval {

    /** The score threshold of detection evaluations, as COCO evaluations are run. */
    public static final double DETECTION_THRESHOLD = 0.05;

    private SparkEval() {}

    /**
     * @param confusion the merged confusion matrix (rows: true class)
     * @param top1 fraction correct
     * @param top5 fraction with the true class among the best five
     * @param images images scored
     * @param errors rows not scored (unreadable images, unknown labels)
     * @param firstErrors the first few of them, {@code id: reason}
     */
    public record ClassifyResult(ConfusionMatrix confusion, double top1, double top5, long images,
            long errors, List<String> firstErrors) {}

    /**
     * @param metrics mIoU, pixel accuracy, per-class IoU and accuracy
     * @param confusion pixel counts, {@code [true][predicted]}
     * @param errors rows not scored
     * @param firstErrors the first few of them
     */
    public record SegmentResult(SegmentationMetrics.Summary metrics, long[][] confusion,
            long errors, List<String> firstErrors) {}

    /**
     * @param box COCO's box evaluation
     * @param mask COCO's mask evaluation (instance segmentation), else null
     * @param images images in the ground truth
     * @param errors rows whose image could not be run (their objects count as missed, as in the
     *     single-machine evaluation)
     * @param firstErrors the first few of them
     */
    public record DetectResult(CocoEvaluation box, CocoEvaluation mask, long images, long errors,
            List<String> firstErrors) {}

    /**
     * @param spark the session
     * @param table {@code (id, image, label)} ({@link ImageInputs#table} with the label kept)
     * @param model a classifier
     * @param options how to run it (top-k raised to 5)
     * @return accuracy and the confusion matrix
     * @throws IOException when the model cannot be read
     */
    public static ClassifyResult classify(SparkSession spark, Dataset<Row> table, Path model,
            JobOptions options) throws IOException {
        ModelConfig config = ModelDir.readConfig(model);
        List<String> classes = config.labels() != null ? config.labels()
                : IntStream.range(0, config.architecture().numClasses())
                        .mapToObj(Integer::toString).toList();
        Dataset<Row> out = run(spark, table, model, options.withTask(SparkTask.CLASSIFY)
                .withTopK(Math.max(5, options.topK())));
        EvalPartial p = merge(out.toJavaRDD().mapPartitions(rows ->
                List.of(EvalPartial.classify(rows, classes)).iterator()).collect());
        ConfusionMatrix c = p.images();
        long n = c.total();
        return new ClassifyResult(c, n == 0 ? 0 : (double) c.correct() / n,
                n == 0 ? 0 : (double) p.top5() / n, n, p.errors().count(), p.errors().first());
    }

    /**
     * @param spark the session
     * @param table {@code (id, image, label)}, the label a PNG mask
     * @param model a segmentation model
     * @param options how to run it (masks on)
     * @param ignoreIndex the label value not counted (255; CamVid's copy uses 11)
     * @return mIoU and the rest
     * @throws IOException when the model cannot be read
     */
    public static SegmentResult segment(SparkSession spark, Dataset<Row> table, Path model,
            JobOptions options, int ignoreIndex) throws IOException {
        ModelConfig config = ModelDir.readConfig(model);
        List<String> classes = config.labels();
        int numClasses = classes.size();
        Dataset<Row> out = run(spark, table, model, options.withTask(SparkTask.SEGMENT)
                .withMasks(true));
        EvalPartial p = merge(out.toJavaRDD().mapPartitions(rows ->
                List.of(EvalPartial.segment(rows, numClasses, ignoreIndex)).iterator())
                .collect());
        return new SegmentResult(p.pixels().summary(classes), p.pixels().confusion(),
                p.errors().count(), p.errors().first());
    }

    /**
     * @param spark the session
     * @param table {@code (id, image, label)}, the label an array of objects
     * @param model a detector or an instance segmenter
     * @param options how to run it (threshold {@value #DETECTION_THRESHOLD} unless set)
     * @return COCO's box (and mask) evaluation
     * @throws IOException when the model cannot be read
     */
    public static DetectResult detect(SparkSession spark, Dataset<Row> table, Path model,
            JobOptions options) throws IOException {
        SparkTask task = ModelTasks.of(model);
        if (task != SparkTask.DETECT && task != SparkTask.INSTANCES) {
            throw new IllegalArgumentException(model + " is a " + task.id() + " model, not a "
                    + "detector or instance segmenter");
        }
        boolean instances = task == SparkTask.INSTANCES;
        JobOptions o = options.withTask(task).withThreshold(Double.isNaN(options.threshold())
                ? DETECTION_THRESHOLD : options.threshold());
        int numClasses = ModelDir.readConfig(model).labels().size();
        List<Row> rows = new ArrayList<>(run(spark, table, model, o)
                .select("id", "error", "label", "boxes", "width", "height").collectAsList());
        rows.sort(Comparator.comparing(r -> r.getString(0)));
        List<Integer> categories = IntStream.rangeClosed(1, numClasses).boxed().toList();
        CocoGroundTruth.Builder boxTruth = CocoGroundTruth.builder(categories);
        CocoGroundTruth.Builder maskTruth = CocoGroundTruth.builder(categories);
        EvalErrors errors = new EvalErrors();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<GroundTruth> boxes = new ArrayList<>();
            List<GroundTruth> masks = new ArrayList<>();
            for (Object o2 : r.isNullAt(2) ? List.of() : SparkValues.list(r.get(2))) {
                Row g = (Row) o2;
                int category = ((Number) g.getAs("class")).intValue() + 1;
                boolean crowd = g.<Boolean>getAs("crowd");
                boxes.add(new GroundTruth(category, corners(g), crowd));
                if (instances) {
                    masks.add(GroundTruth.ofMask(category, Rle.fromCocoString(g.getAs("rle"),
                            g.<Integer>getAs("height"), g.<Integer>getAs("width")), crowd));
                }
            }
            boxTruth.image(i, boxes);
            maskTruth.image(i, masks);
            if (!r.isNullAt(1)) {
                errors.add(r.getString(0), r.getString(1));
            }
        }
        CocoEvaluator box = new CocoEvaluator(boxTruth.build());
        CocoEvaluator mask = instances ? new CocoEvaluator(maskTruth.build(), IouType.SEGM)
                : null;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (!r.isNullAt(1)) {
                continue;
            }
            List<Detection> found = new ArrayList<>();
            for (Object o2 : SparkValues.list(r.get(3))) {
                Row d = (Row) o2;
                int category = d.<Integer>getAs("class") + 1;
                double score = d.<Float>getAs("score");
                found.add(instances ? new Detection(category, corners(d), score,
                        Rle.fromCocoString(d.getAs("rle"), r.getInt(5), r.getInt(4)))
                        : new Detection(category, corners(d), score));
            }
            box.add(i, found);
            if (instances) {
                mask.add(i, found);
            }
        }
        return new DetectResult(box.evaluate(), mask == null ? null : mask.evaluate(),
                rows.size(), errors.count(), errors.first());
    }

    private static Box corners(Row r) {
        return Box.fromCorners(((Number) r.getAs("x1")).doubleValue(),
                ((Number) r.getAs("y1")).doubleValue(), ((Number) r.getAs("x2")).doubleValue(),
                ((Number) r.getAs("y2")).doubleValue());
    }

    private static Dataset<Row> run(SparkSession spark, Dataset<Row> table, Path model,
            JobOptions options) throws IOException {
        String[] columns = table.schema().fieldNames();
        if (columns.length != 3) {
            throw new IllegalArgumentException("a labelled table has 3 columns (id, image, "
                    + "label), this one " + String.join(", ", columns));
        }
        String label = columns[2];
        Dataset<Row> t = label.equals("label") ? table : table.withColumnRenamed(label, "label");
        return SparkPredict.predict(spark, t, model, options.withKeep(List.of("label")))
                .output();
    }

    private static EvalPartial merge(List<EvalPartial> parts) {
        EvalPartial all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all.merge(parts.get(i));
        }
        return all;
    }
}
