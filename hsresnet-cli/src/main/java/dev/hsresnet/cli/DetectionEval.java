package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.data.detection.DetectionSets;
import dev.hsresnet.data.detection.DetectionTransforms;
import dev.hsresnet.train.detection.DetectionEvaluator;
import dev.hsresnet.train.detection.DetectionPictures;
import dev.hsresnet.train.instance.InstanceEvaluator;
import dev.hsresnet.train.recipe.InstanceRecipe;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.FcosModel;
import dev.hsresnet.vision.detection.eval.ClassAp;
import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.CocoSummary;
import dev.hsresnet.vision.instance.InstanceModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code hsresnet eval} of an FCOS-family model directory: a detector's COCO box metrics, or an
 * instance segmenter's mask ({@code segm}) and box ({@code bbox}) metrics, of a split (every
 * image at the model's inference size, decoded at a score threshold of {@value
 * DetectionEvaluator#EVAL_SCORE_THRESHOLD} as COCO evaluations are run), printed as pycocotools
 * prints them, with AP and AP50 per class.
 *
 * <p>With {@code --out DIR}: {@code metrics.json} (the 12 numbers and AP, AP50 per class; an
 * instance model's under {@code segm} and {@code bbox}), {@code <split>-pr.png} (precision
 * against recall at six IoU thresholds, the mean over the classes; and {@code
 * <split>-pr-<class>.png} per class when there are several; an instance model's mask curves as
 * {@code <split>-segm-pr.png}), and {@code predictions/} with a few images, their detected boxes
 * (score at least {@value #PICTURE_THRESHOLD}) and their ground truth drawn.
 */
final class DetectionEval {

    /** Images drawn with --out. */
    static final int PICTURES = 4;

    /** The lowest score drawn in the pictures. */
    static final double PICTURE_THRESHOLD = 0.3;

    /** Images per batch when --batch-size is not given (padded to the largest of them). */
    static final int DEFAULT_BATCH = 4;

    /** The default kind of a detector's data. */
    static final String DETECTION_KIND = "raccoon";

    /** The default kind of an instance segmenter's data. */
    static final String INSTANCE_KIND = InstanceRecipe.KINDS.get(0);

    private DetectionEval() {}

    /**
     * @param dir the model directory (task {@code detection} or {@code instance})
     * @param options how to load it
     * @param kind the dataset kind, or null for the task's default ({@value #DETECTION_KIND};
     *     {@code pennfudan-instances})
     * @param data the dataset folder
     * @param split the split
     * @param batch images per forward pass
     * @param workers decoding threads
     * @param out where the files go, or null
     * @param o standard output
     * @throws IOException when the model cannot be loaded or a file cannot be written
     * @throws IllegalArgumentException when the kind, split or data is wrong, or the data's
     *     classes are not the model's
     */
    static void run(Path dir, LoadOptions options, String kind, Path data, String split,
            int batch, int workers, Path out, PrintWriter o) throws IOException {
        try (NetworkModel loaded = ModelDir.loadAny(dir, options)) {
            FcosModel model = (FcosModel) loaded;
            boolean instance = model instanceof InstanceModel;
            String k = kind != null ? kind : instance ? INSTANCE_KIND : DETECTION_KIND;
            List<String> kinds = instance ? InstanceRecipe.KINDS : DetectionSets.KINDS;
            if (!kinds.contains(k)) {
                throw new IllegalArgumentException("--kind for " + (instance
                        ? "an instance segmentation" : "a detection") + " model must be one of "
                        + String.join(", ", kinds) + ", got '" + k + "'");
            }
            DetectionDataset set = DetectionSets.open(k, data, split);
            checkClasses(model, set);
            model.block().prepareForInference();
            DetectionSpec spec = model.detectionSpec();
            SkippedImages skipped = new SkippedImages();
            DetectionLoader loader = new DetectionLoader(set, DetectionTransforms.eval(
                    spec.minSize(), spec.maxSize(), PreprocessingTransforms.normalize(
                            model.config().preprocessing())), batch, false, false, 0, workers, 2,
                    DetectionLoader.DEFAULT_SIZE_DIVISOR, skipped);
            String what = String.format(Locale.ROOT, "%s on %s (%s, %s): ",
                    model.config().name(), data, k, split);
            String sizes = String.format(Locale.ROOT, " (%d images, %d boxes, at %d/%d px%s)",
                    set.size(), set.boxCount(), spec.minSize(), spec.maxSize(),
                    skipped.count() > 0 ? ", " + skipped.count() + " unreadable skipped" : "");
            ObjectNode metrics = SpecJson.mapper().createObjectNode();
            metrics.put("model", model.config().name());
            metrics.put("data", data.toString());
            metrics.put("kind", k);
            metrics.put("split", split);
            metrics.put("images", set.size());
            metrics.put("boxes", set.boxCount());
            metrics.put("unreadableSkipped", skipped.count());
            metrics.put("scoreThreshold", DetectionEvaluator.EVAL_SCORE_THRESHOLD);
            Curves curves = instance
                    ? printInstance((InstanceModel) model, loader, set, what, sizes, metrics, o,
                            split)
                    : printDetection((DetectionModel) model, loader, set, what, sizes, metrics, o,
                            split);
            if (out != null) {
                AtomicFiles.write(out.resolve("metrics.json"), (SpecJson.write(metrics) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                List<Path> charts = DetectionPictures.precisionRecall(curves.evaluation(),
                        set.classes(), out, curves.prefix());
                List<Path> pictures = DetectionPictures.predictions(model, loader, PICTURES,
                        PICTURE_THRESHOLD, out.resolve("predictions"));
                o.println("wrote " + out.resolve("metrics.json") + ", " + charts.size()
                        + " precision-recall chart" + (charts.size() == 1 ? "" : "s") + " and "
                        + pictures.size() + " drawn predictions in " + out.resolve("predictions"));
            }
            o.flush();
        }
    }

    /**
     * The evaluation whose precision-recall curves are drawn.
     *
     * @param evaluation the evaluation
     * @param prefix the charts' file prefix
     */
    private record Curves(CocoEvaluation evaluation, String prefix) {}

    /** Prints a detector's box metrics and puts them into {@code metrics}. */
    private static Curves printDetection(DetectionModel model, DetectionLoader loader,
            DetectionDataset set, String what, String sizes, ObjectNode metrics, PrintWriter o,
            String split) {
        CocoEvaluation e = DetectionEvaluator.evaluate(model, loader);
        CocoSummary s = e.summary();
        o.println(what + String.format(Locale.ROOT, "AP %.2f%%, AP50 %.2f%%, AP75 %.2f%%, "
                + "AR100 %.2f%%", 100 * s.ap(), 100 * s.ap50(), 100 * s.ap75(), 100 * s.ar100())
                + sizes);
        o.print(s.format());
        TextTable t = new TextTable("class", "AP>", "AP50>");
        for (ClassAp c : e.perClass()) {
            t.row(set.classes().get(c.categoryId() - 1), percent(c.ap()), percent(c.ap50()));
        }
        o.print(t.render());
        metrics.setAll(evaluation(e, set));
        return new Curves(e, split);
    }

    /** Prints an instance segmenter's mask and box metrics and puts them into {@code metrics}. */
    private static Curves printInstance(InstanceModel model, DetectionLoader loader,
            DetectionDataset set, String what, String sizes, ObjectNode metrics, PrintWriter o,
            String split) throws IOException {
        InstanceEvaluator.Result r = InstanceEvaluator.evaluate(model, loader);
        CocoSummary m = r.mask().summary();
        CocoSummary b = r.box().summary();
        o.println(what + String.format(Locale.ROOT, "mask AP %.2f%%, mask AP50 %.2f%%, box AP "
                + "%.2f%%, box AP50 %.2f%%", 100 * m.ap(), 100 * m.ap50(), 100 * b.ap(),
                100 * b.ap50()) + sizes);
        o.println("segm:");
        o.print(m.format());
        o.println("bbox:");
        o.print(b.format());
        TextTable t = new TextTable("class", "mask AP>", "mask AP50>", "box AP>", "box AP50>");
        List<ClassAp> boxes = r.box().perClass();
        List<ClassAp> masks = r.mask().perClass();
        for (int c = 0; c < masks.size(); c++) {
            t.row(set.classes().get(masks.get(c).categoryId() - 1), percent(masks.get(c).ap()),
                    percent(masks.get(c).ap50()), percent(boxes.get(c).ap()),
                    percent(boxes.get(c).ap50()));
        }
        o.print(t.render());
        metrics.set("segm", evaluation(r.mask(), set));
        metrics.set("bbox", evaluation(r.box(), set));
        return new Curves(r.mask(), split + "-segm");
    }

    /** The model's labels, or its class count when it has none, must be the data's. */
    private static void checkClasses(FcosModel model, DetectionDataset set) {
        List<String> labels = model.config().labels();
        int classes = model.detectionSpec().numClasses();
        if (labels != null ? !labels.equals(set.classes()) : classes != set.numClasses()) {
            throw new IllegalArgumentException("the data's classes " + set.classes()
                    + " do not match the model's " + (labels != null ? labels
                            : classes + " classes"));
        }
    }

    /** @return an evaluation's {@code summary} and {@code perClass}, as metrics.json holds them */
    private static ObjectNode evaluation(CocoEvaluation e, DetectionDataset set) {
        ObjectNode o = SpecJson.mapper().createObjectNode();
        o.set("summary", SpecJson.mapper().valueToTree(e.summary()));
        ArrayNode perClass = o.putArray("perClass");
        for (ClassAp c : e.perClass()) {
            perClass.addObject().put("name", set.classes().get(c.categoryId() - 1))
                    .put("categoryId", c.categoryId()).put("ap", c.ap()).put("ap50", c.ap50());
        }
        return o;
    }

    private static String percent(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
