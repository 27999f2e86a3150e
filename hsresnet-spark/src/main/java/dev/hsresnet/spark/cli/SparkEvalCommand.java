package dev.hsresnet.spark.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.io.AtomicFiles;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.spark.JobOptions;
import dev.hsresnet.spark.SparkEval;
import dev.hsresnet.spark.SparkTask;
import dev.hsresnet.vision.detection.eval.CocoSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsresnet spark eval}: accuracy, mIoU or COCO mAP of a labelled table, on Spark. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on a labelled table on Spark: top-1/top-5 "
                + "(classifiers), mIoU and per-class IoU (segmentation: per-partition confusion "
                + "matrices merged), COCO box AP (detectors) or mask and box AP (instance "
                + "segmenters: detections gathered on the driver). Equal to 'hsresnet eval' on "
                + "the same images.",
        footer = {"", "Examples:",
            "  hsresnet spark eval --model runs/a/best --data images/val",
            "  hsresnet spark eval --model runs/camvid/best --data CamVid --kind camvid",
            "  hsresnet spark eval --model runs/raccoon/best --table raccoon-test.parquet"})
public final class SparkEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Mixin
    JobOptionsMixin job;

    @Mixin
    LabelledData labelled;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A model directory.")
    Path model;

    @Option(names = "--ignore-index", paramLabel = "N",
            description = "Segmentation: the label value not counted (default: 11 with --kind "
                    + "camvid, else 255).")
    Integer ignoreIndex;

    @Option(names = "--out", paramLabel = "DIR", description = "Write metrics.json here.")
    Path out;

    @Override
    public Integer call() throws IOException {
        SparkTask task = SparkTask.of(dev.hsresnet.core.model.ModelDir.readConfig(model));
        SparkSession spark = session.session();
        var table = labelled.read(spark, task);
        JobOptions o = job.options(task, 5, Double.NaN, List.of());
        PrintWriter w = spec.commandLine().getOut();
        String what = model + " on " + labelled.describe(task) + ": ";
        ObjectNode metrics = SpecJson.mapper().createObjectNode();
        metrics.put("model", model.toString());
        metrics.put("data", labelled.describe(task));
        switch (task) {
            case CLASSIFY -> {
                SparkEval.ClassifyResult r = SparkEval.classify(spark, table, model, o);
                w.println(what + String.format(Locale.ROOT, "top-1 %.2f%%, top-5 %.2f%% (%d "
                        + "images%s)", 100 * r.top1(), 100 * r.top5(), r.images(),
                        errors(r.errors())));
                metrics.put("top1", r.top1()).put("top5", r.top5()).put("images", r.images());
                metrics.set("confusion", SpecJson.mapper().valueToTree(r.confusion().counts()));
                print(w, r.firstErrors());
                metrics.put("errors", r.errors());
            }
            case SEGMENT -> {
                SparkEval.SegmentResult r = SparkEval.segment(spark, table, model, o,
                        ignoreIndex != null ? ignoreIndex : labelled.defaultIgnoreIndex(task));
                var m = r.metrics();
                w.println(what + String.format(Locale.ROOT, "mIoU %.2f%%, pixel accuracy "
                        + "%.2f%%, mean class accuracy %.2f%% (%d pixels%s)", 100 * m.meanIou(),
                        100 * m.pixelAccuracy(), 100 * m.meanClassAccuracy(), m.pixels(),
                        errors(r.errors())));
                for (int c = 0; c < m.classes().size(); c++) {
                    w.println(String.format(Locale.ROOT, "  %-16s IoU %s", m.classes().get(c),
                            Double.isNaN(m.classIou().get(c)) ? "-" : String.format(Locale.ROOT,
                                    "%.1f%%", 100 * m.classIou().get(c))));
                }
                print(w, r.firstErrors());
                metrics.setAll((ObjectNode) SpecJson.mapper().valueToTree(m));
                metrics.put("errors", r.errors());
            }
            case DETECT, INSTANCES -> {
                SparkEval.DetectResult r = SparkEval.detect(spark, table, model, o);
                CocoSummary b = r.box().summary();
                if (r.mask() != null) {
                    CocoSummary m = r.mask().summary();
                    w.println(what + String.format(Locale.ROOT, "mask AP %.2f%%, mask AP50 "
                            + "%.2f%%, box AP %.2f%%, box AP50 %.2f%% (%d images%s)",
                            100 * m.ap(), 100 * m.ap50(), 100 * b.ap(), 100 * b.ap50(),
                            r.images(), errors(r.errors())));
                    w.println("segm:");
                    w.print(m.format());
                    w.println("bbox:");
                    metrics.set("segm", SpecJson.mapper().valueToTree(m));
                } else {
                    w.println(what + String.format(Locale.ROOT, "AP %.2f%%, AP50 %.2f%%, AP75 "
                            + "%.2f%%, AR100 %.2f%% (%d images%s)", 100 * b.ap(), 100 * b.ap50(),
                            100 * b.ap75(), 100 * b.ar100(), r.images(), errors(r.errors())));
                }
                w.print(b.format());
                print(w, r.firstErrors());
                metrics.set("bbox", SpecJson.mapper().valueToTree(b));
                metrics.put("images", r.images()).put("errors", r.errors());
            }
            case FEATURES -> throw new AssertionError("a model's own task is never features");
        }
        if (out != null) {
            Files.createDirectories(out);
            AtomicFiles.write(out.resolve("metrics.json"), (SpecJson.write(metrics) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            w.println("wrote " + out.resolve("metrics.json"));
        }
        w.flush();
        return 0;
    }

    private static String errors(long n) {
        return n == 0 ? "" : ", " + n + " not scored";
    }

    private static void print(PrintWriter w, List<String> errors) {
        for (String e : errors) {
            w.println("  not scored: " + e);
        }
    }
}
