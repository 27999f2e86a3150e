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
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.eval.ClassAp;
import dev.hsresnet.vision.detection.eval.CocoEvaluation;
import dev.hsresnet.vision.detection.eval.CocoSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code hsresnet eval} of a detection model directory: COCO's box metrics of a split (every
 * image at the model's inference size, decoded at a score threshold of {@value
 * DetectionEvaluator#EVAL_SCORE_THRESHOLD} as COCO evaluations are run), printed as pycocotools
 * prints them, with AP and AP50 per class.
 *
 * <p>With {@code --out DIR}: {@code metrics.json} (the 12 numbers and AP, AP50 per class),
 * {@code <split>-pr.png} (precision against recall at six IoU thresholds, the mean over the
 * classes; and {@code <split>-pr-<class>.png} per class when there are several), and {@code
 * predictions/} with a few images, their detections (score at least {@value #PICTURE_THRESHOLD})
 * and their ground truth drawn.
 */
final class DetectionEval {

    /** Images drawn with --out. */
    static final int PICTURES = 4;

    /** The lowest score drawn in the pictures. */
    static final double PICTURE_THRESHOLD = 0.3;

    /** Images per batch when --batch-size is not given (padded to the largest of them). */
    static final int DEFAULT_BATCH = 4;

    private DetectionEval() {}

    /**
     * @param dir the model directory
     * @param options how to load it
     * @param kind the dataset kind, one of {@link DetectionSets#KINDS}
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
        if (!DetectionSets.KINDS.contains(kind)) {
            throw new IllegalArgumentException("--kind for a detection model must be one of "
                    + String.join(", ", DetectionSets.KINDS) + ", got '" + kind + "'");
        }
        DetectionDataset set = DetectionSets.open(kind, data, split);
        try (NetworkModel loaded = ModelDir.loadAny(dir, options)) {
            DetectionModel model = (DetectionModel) loaded;
            checkClasses(model, set);
            model.block().prepareForInference();
            DetectionSpec spec = model.spec();
            SkippedImages skipped = new SkippedImages();
            DetectionLoader loader = new DetectionLoader(set, DetectionTransforms.eval(
                    spec.minSize(), spec.maxSize(), PreprocessingTransforms.normalize(
                            model.config().preprocessing())), batch, false, false, 0, workers, 2,
                    DetectionLoader.DEFAULT_SIZE_DIVISOR, skipped);
            CocoEvaluation e = DetectionEvaluator.evaluate(model, loader);
            CocoSummary s = e.summary();
            o.println(String.format(Locale.ROOT, "%s on %s (%s, %s): AP %.2f%%, AP50 %.2f%%, "
                    + "AP75 %.2f%%, AR100 %.2f%% (%d images, %d boxes, at %d/%d px%s)",
                    model.config().name(), data, kind, split, 100 * s.ap(), 100 * s.ap50(),
                    100 * s.ap75(), 100 * s.ar100(), set.size(), set.boxCount(), spec.minSize(),
                    spec.maxSize(), skipped.count() > 0 ? ", " + skipped.count()
                            + " unreadable skipped" : ""));
            o.print(s.format());
            TextTable t = new TextTable("class", "AP>", "AP50>");
            for (ClassAp c : e.perClass()) {
                t.row(set.classes().get(c.categoryId() - 1), percent(c.ap()), percent(c.ap50()));
            }
            o.print(t.render());
            if (out != null) {
                AtomicFiles.write(out.resolve("metrics.json"), (SpecJson.write(metrics(
                        model.config().name(), data, kind, split, set, skipped, e)) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                List<Path> curves = DetectionPictures.precisionRecall(e, set.classes(), out,
                        split);
                List<Path> pictures = DetectionPictures.predictions(model, loader, PICTURES,
                        PICTURE_THRESHOLD, out.resolve("predictions"));
                o.println("wrote " + out.resolve("metrics.json") + ", " + curves.size()
                        + " precision-recall chart" + (curves.size() == 1 ? "" : "s") + " and "
                        + pictures.size() + " drawn predictions in " + out.resolve("predictions"));
            }
            o.flush();
        }
    }

    /** The model's labels, or its class count when it has none, must be the data's. */
    private static void checkClasses(DetectionModel model, DetectionDataset set) {
        List<String> labels = model.config().labels();
        int classes = model.spec().numClasses();
        if (labels != null ? !labels.equals(set.classes()) : classes != set.numClasses()) {
            throw new IllegalArgumentException("the data's classes " + set.classes()
                    + " do not match the model's " + (labels != null ? labels
                            : classes + " classes"));
        }
    }

    /** @return what {@code metrics.json} holds */
    private static ObjectNode metrics(String model, Path data, String kind, String split,
            DetectionDataset set, SkippedImages skipped, CocoEvaluation e) {
        ObjectNode o = SpecJson.mapper().createObjectNode();
        o.put("model", model);
        o.put("data", data.toString());
        o.put("kind", kind);
        o.put("split", split);
        o.put("images", set.size());
        o.put("boxes", set.boxCount());
        o.put("unreadableSkipped", skipped.count());
        o.put("scoreThreshold", DetectionEvaluator.EVAL_SCORE_THRESHOLD);
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
