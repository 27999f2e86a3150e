package dev.hsresnet.cli;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.vision.detection.DetectionTask;
import dev.hsresnet.vision.instance.InstanceTask;
import dev.hsresnet.vision.segmentation.SegmentationTask;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.data.DataLoader;
import dev.hsresnet.data.Dataset;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.deploy.Inputs;
import dev.hsresnet.deploy.onnx.OnnxMetadata;
import dev.hsresnet.deploy.onnx.OrtBackend;
import dev.hsresnet.train.loop.DataSetup;
import dev.hsresnet.train.loop.Evaluator;
import dev.hsresnet.train.recipe.DataKind;
import dev.hsresnet.train.report.ConfusionMatrix;
import java.io.IOException;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hsresnet eval}: accuracy of a model directory on a labelled dataset, the mIoU of a
 * segmentation model ({@link SegmentationEval}), the COCO box metrics of a detector or the COCO
 * mask and box metrics of an instance segmenter ({@link DetectionEval}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on labelled images with the preprocessing saved in the "
                + "model: top-1/top-5, per-class accuracy and the confusion matrix. A "
                + "segmentation model gets mIoU and per-class IoU; a detection model COCO's "
                + "box metrics (AP, AP50, AP75, APs/m/l, AR) and AP per class; an instance "
                + "segmentation model COCO's mask (segm) and box (bbox) metrics.",
        footer = {"", "Examples:",
            "  hsresnet eval --model runs/a/best --data images/val",
            "  hsresnet eval --model runs/camvid/best --data CamVid --split test --out eval/",
            "  hsresnet eval --model runs/raccoon/best --data data/raccoon --kind raccoon "
                    + "--split test --out eval/",
            "  hsresnet eval --model runs/inst/best --data data/PennFudanPed "
                    + "--kind pennfudan-instances --split test"})
final class EvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelDirOption modelDir;

    @Mixin
    private NonFiniteOption nonFinite;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "Images: a class-folder tree, or the dataset given by --kind.")
    private Path data;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "Classifiers: folder (default), cifar10, cifar10-jpg (its test/ "
                    + "folder) or fashion-mnist (its test files). Segmentation models: camvid "
                    + "(default; --data is the folder holding test/, testannot/, ...) or folder "
                    + "(--data holds images/, masks/, classes.txt). Detection models: "
                    + "raccoon (default), pennfudan, voc, coco or csv (see docs/detection.md). "
                    + "Instance segmentation models: pennfudan-instances (default) or "
                    + "coco-instances (COCO JSON with polygons or RLE; docs/instance.md).")
    private String kind;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "test",
            description = "Split of a segmentation model's CamVid (train, val or test) or of a "
                    + "detection model's dataset (e.g. test, val, train, all; default: "
                    + "${DEFAULT-VALUE}).")
    private String split;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            converter = OptionTypes.Positive.class,
            description = "Images per batch (default: ${DEFAULT-VALUE}; 4 for a detection "
                    + "or instance segmentation model, whose batches are padded to their largest "
                    + "image).")
    private int batchSize;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            converter = OptionTypes.Positive.class,
            description = "Decoding threads (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write confusion.csv, confusion.png and per-class.csv here "
                    + "(segmentation: metrics.json, iou.png, predictions/; detection and "
                    + "instance segmentation: metrics.json, precision-recall charts, "
                    + "predictions/).")
    private Path out;

    @Option(names = "--onnx", paramLabel = "FILE",
            description = "Also evaluate this ONNX file of the same model (e.g. written by "
                    + "'export --quantize int8') on ONNX Runtime, on the same images, and report "
                    + "the accuracy change against the model directory.")
    private Path onnx;

    @Override
    public Integer call() throws IOException {
        String task = ModelDir.readConfig(modelDir.dir).task();
        if (DetectionTask.NAME.equals(task) || InstanceTask.NAME.equals(task)) {
            if (onnx != null) {
                throw OptionTypes.usage(spec, "--onnx compares classifiers only");
            }
            boolean batchGiven = spec.commandLine().getParseResult()
                    .hasMatchedOption("--batch-size");
            DetectionEval.run(modelDir.dir, nonFinite.loadOptions(), kind, data, split,
                    batchGiven ? batchSize : DetectionEval.DEFAULT_BATCH, workers, out,
                    spec.commandLine().getOut());
            return 0;
        }
        if (SegmentationTask.NAME.equals(task)) {
            if (onnx != null) {
                throw OptionTypes.usage(spec, "--onnx compares classifiers only");
            }
            SegmentationEval.run(modelDir.dir, nonFinite.loadOptions(), kind == null ? "camvid"
                    : kind, data, split, workers, out, spec.commandLine().getOut());
            return 0;
        }
        DataKind kind = OptionTypes.dataKind(spec, this.kind == null ? "folder" : this.kind);
        try (ResNetModel model = ModelDir.load(modelDir.dir, nonFinite.loadOptions());
                OrtBackend ort = onnx == null ? null : OrtBackend.open(onnx, 0)) {
            if (ort != null) {
                checkSameModel(model.config(), ort.config());
            }
            int channels = model.config().architecture().inChannels();
            Dataset set = DataSetup.evalSet(kind, data, channels);
            checkClasses(model, set);
            SkippedImages skipped = new SkippedImages();
            DataLoader loader = new DataLoader(set, PreprocessingTransforms.eval(
                    model.config().preprocessing()), batchSize, false, false, 0, workers, 4, null,
                    skipped);
            List<Evaluator.Scorer> scorers = new ArrayList<>(List.of(Evaluator.scorer(model)));
            if (ort != null) {
                scorers.add((images, n, shape) -> Inputs.flatten(ort.logits(images, n)));
            }
            List<Evaluator.Result> results = Evaluator.evaluate(loader, set.classes(), scorers);
            Evaluator.Result r = results.get(0);
            var o = spec.commandLine().getOut();
            o.println(String.format(Locale.ROOT, "%s on %s: top-1 %.2f%%, top-5 %.2f%%, loss %.4f "
                    + "(%d images%s)", model.config().name(), data, 100 * r.top1(),
                    100 * r.top5(), r.loss(), r.images(),
                    skipped.count() > 0 ? ", " + skipped.count() + " unreadable skipped" : ""));
            if (ort != null) {
                Evaluator.Result q = results.get(1);
                o.println(String.format(Locale.ROOT, "%s (ONNX Runtime; quantization: %s): "
                        + "top-1 %.2f%% (%+.2f points), top-5 %.2f%% (%+.2f points), loss %.4f",
                        onnx, OnnxMetadata.read(onnx).quantization(), 100 * q.top1(),
                        100 * (q.top1() - r.top1()), 100 * q.top5(),
                        100 * (q.top5() - r.top5()), q.loss()));
            }
            o.print(perClass(r.confusion()));
            if (out != null) {
                Files.createDirectories(out);
                r.confusion().writeCsv(out.resolve("confusion.csv"));
                r.confusion().writePng(out.resolve("confusion.png"));
                r.confusion().perClassCsv(out.resolve("per-class.csv"));
                o.println("wrote " + out.resolve("confusion.csv") + ", confusion.png, "
                        + "per-class.csv");
            }
            o.flush();
        }
        return 0;
    }

    /** The ONNX file must be this model: same architecture, labels and preprocessing. */
    private void checkSameModel(ModelConfig dir, ModelConfig file) {
        String what = !dir.architecture().equals(file.architecture()) ? "architecture"
                : !java.util.Objects.equals(dir.labels(), file.labels()) ? "labels"
                : !dir.preprocessing().equals(file.preprocessing()) ? "preprocessing" : null;
        if (what != null) {
            throw new IllegalArgumentException(onnx + " is not an export of " + modelDir.dir
                    + ": " + what + " mismatch (the file's metadata holds another model.json)");
        }
    }

    private static void checkClasses(ResNetModel model, Dataset set) {
        List<String> labels = model.config().labels();
        int classes = model.config().architecture().numClasses();
        if (labels != null ? !labels.equals(set.classes()) : classes != set.classes().size()) {
            throw new IllegalArgumentException("the data's classes " + set.classes()
                    + " do not match the model's " + (labels != null ? labels
                            : classes + " classes"));
        }
    }

    private static String perClass(ConfusionMatrix c) {
        TextTable t = new TextTable("class", "images>", "correct>", "accuracy>");
        double[] acc = c.perClassAccuracy();
        for (int i = 0; i < c.size(); i++) {
            long support = 0;
            for (int j = 0; j < c.size(); j++) {
                support += c.count(i, j);
            }
            t.row(c.classes().get(i), support, c.count(i, i),
                    support == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * acc[i]));
        }
        return t.render();
    }
}
