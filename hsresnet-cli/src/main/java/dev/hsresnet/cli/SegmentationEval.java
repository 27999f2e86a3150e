package dev.hsresnet.cli;

import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.model.LoadOptions;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.segmentation.ImageOnly;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import dev.hsresnet.data.segmentation.SegmentationLoader;
import dev.hsresnet.train.segmentation.SegmentationEvaluator;
import dev.hsresnet.train.segmentation.SegmentationPictures;
import dev.hsresnet.vision.segmentation.SegmentationLoss;
import dev.hsresnet.vision.segmentation.SegmentationMetrics;
import dev.hsresnet.vision.segmentation.SegmentationModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code hsresnet eval} of a segmentation model directory: mIoU and per-class IoU of a split. */
final class SegmentationEval {

    /** Panels (image | truth | prediction) written with --out. */
    private static final int PANELS = 4;

    private SegmentationEval() {}

    static void run(Path dir, LoadOptions options, String kind, Path data, String split,
            int workers, Path out, PrintWriter o) throws IOException {
        if (!List.of("camvid", "folder").contains(kind)) {
            throw new IllegalArgumentException("--kind for a segmentation model must be camvid "
                    + "or folder, got '" + kind + "'");
        }
        SegmentationDataset set = kind.equals("camvid") ? SegmentationDataset.camvid(data, split)
                : SegmentationDataset.folder(data);
        try (NetworkModel loaded = ModelDir.loadAny(dir, options)) {
            SegmentationModel model = (SegmentationModel) loaded;
            List<String> classes = model.config().labels();
            if (classes != null && !classes.equals(set.classes())) {
                throw new IllegalArgumentException("the data's classes " + set.classes()
                        + " do not match the model's " + classes);
            }
            model.block().prepareForInference();
            Normalize normalize = PreprocessingTransforms.normalize(model.config().preprocessing());
            SkippedImages skipped = new SkippedImages();
            SegmentationLoader loader = new SegmentationLoader(set, new ImageOnly(normalize), 1,
                    false, false, 0, workers, 2, skipped);
            SegmentationLoss loss = new SegmentationLoss(set.numClasses(), set.ignoreIndex(),
                    null);
            SegmentationEvaluator.Result r = SegmentationEvaluator.evaluate(model, loader, loss,
                    set.classes(), set.ignoreIndex());
            SegmentationMetrics.Summary m = r.metrics();
            o.println(String.format(Locale.ROOT, "%s on %s%s: mIoU %.2f%%, pixel accuracy %.2f%%, "
                    + "mean class accuracy %.2f%%, loss %.4f (%d images%s)", model.config().name(),
                    data, kind.equals("camvid") ? " (" + split + ")" : "", 100 * m.meanIou(),
                    100 * m.pixelAccuracy(), 100 * m.meanClassAccuracy(), r.loss(), r.images(),
                    skipped.count() > 0 ? ", " + skipped.count() + " unreadable skipped" : ""));
            TextTable t = new TextTable("class", "IoU>", "accuracy>");
            for (int c = 0; c < m.classes().size(); c++) {
                t.row(m.classes().get(c), percent(m.classIou().get(c)),
                        percent(m.classAccuracy().get(c)));
            }
            o.print(t.render());
            if (out != null) {
                Files.createDirectories(out);
                AtomicFiles.write(out.resolve("metrics.json"), (SpecJson.write(m) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                SegmentationPictures.perClassIou(out.resolve("iou.png"), kind.equals("camvid")
                        ? split : data.getFileName().toString(), m);
                SegmentationPictures.panels(model, set, PANELS, out.resolve("predictions"));
                o.println("wrote " + out.resolve("metrics.json") + ", iou.png and " + PANELS
                        + " prediction panels in " + out.resolve("predictions"));
            }
            o.flush();
        }
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
