package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.cli.PredictRows.Row;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.ImageFiles;
import dev.hsresnet.deploy.Prediction;
import dev.hsresnet.deploy.detection.Detector;
import dev.hsresnet.deploy.detection.FcosImageModel;
import dev.hsresnet.deploy.instance.InstanceSegmenter;
import dev.hsresnet.deploy.segmentation.Segmenter;
import dev.hsresnet.train.report.Csv;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hsresnet predict}: top-k classes of image files with a saved classifier, the class
 * masks of a segmentation model ({@link SegmentPredict}), the boxes of a detector or the
 * instances of an instance segmentation model ({@link BoxPredict}).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify images (files or folders of .jpg/.png) with a model directory, "
                + "applying the preprocessing saved with it. With a segmentation model "
                + "(task 'segmentation' in model.json) each image is segmented whole, at its "
                + "own size, one at a time, and gets OUT/<stem>-mask.png (8-bit gray class "
                + "indices, 16-bit beyond 256 classes) and OUT/<stem>.json (the area of every "
                + "class); one line per image names its largest classes. With a detection model "
                + "(task 'detection') each image is resized to the model's inference size and "
                + "gets OUT/<stem>.json (label, class index, score and box in the image's "
                + "pixels of every detection above --threshold) and OUT/<stem>-boxes.png (the "
                + "boxes drawn); one line per image names its best detections. With an instance "
                + "segmentation model (task 'instance') each image is handled as by a detector "
                + "and gets OUT/<stem>.json (the detections, each with its mask as COCO RLE) and "
                + "OUT/<stem>-instances.png (each mask blended in its own colour, with its box "
                + "and label). Unreadable images, "
                + "and images refused for their size or aspect ratio, are reported on stderr "
                + "and skipped; the exit status is 1 when none could be processed.",
        footer = {"", "Examples:",
            "  hsresnet predict --model runs/a/best cat.jpg dog.png",
            "  hsresnet predict --model runs/a/best --format json --top-k 3 photos/",
            "  hsresnet predict --model runs/a/best --backend onnx --batch 16 photos/",
            "  hsresnet predict --model runs/camvid/best --out masks/ street.png",
            "  hsresnet predict --model runs/raccoon/best --threshold 0.3 --out found/ photos/",
            "  hsresnet predict --model runs/pennfudan/best --threshold 0.3 --out found/ street.png"})
final class PredictCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { TABLE, JSON, CSV }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelDirOption modelDir;

    @Parameters(arity = "1..*", paramLabel = "IMAGES_OR_FOLDERS",
            description = "Image files and folders (searched recursively).")
    private List<Path> inputs;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "5",
            converter = OptionTypes.Positive.class,
            description = "Classes per image; for a detector, detections named per image in "
                    + "the table (default: ${DEFAULT-VALUE}).")
    private int topK;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8",
            converter = OptionTypes.Positive.class,
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = OptionTypes.Backend.class,
            description = "djl (libtorch), onnx (or ort: ONNX Runtime on the model exported in "
                    + "memory) or auto (the faster of the two for this model on this machine, "
                    + "measured once and cached; segmentation and detection models are not "
                    + "measured and use djl; HSRESNET_BACKEND=djl|onnx forces one); default ${DEFAULT-VALUE}.")
    private BackendKind backend;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Segmentation, detection and instance models: the folder for the "
                    + "files of each image, created if needed (default: the current folder).")
    private Path out;

    @Option(names = "--threshold", paramLabel = "SCORE",
            converter = OptionTypes.UnitInterval.class,
            description = "Detection and instance models: the lowest score kept, in [0, 1) "
                    + "(default: the "
                    + "model's scoreThreshold, 0.05 unless its model.json says otherwise; "
                    + "0.3 or more for pictures to show).")
    private Double threshold;

    @Override
    public Integer call() throws IOException {
        if (Detector.isDetectionModel(modelDir.dir)) {
            return detect();
        }
        if (InstanceSegmenter.isInstanceModel(modelDir.dir)) {
            return instances();
        }
        if (threshold != null) {
            throw OptionTypes.usage(spec, "--threshold is for detection models and instance "
                    + "segmentation models, which score boxes");
        }
        if (Segmenter.isSegmentationModel(modelDir.dir)) {
            return segment();
        }
        if (out != null) {
            throw OptionTypes.usage(spec, "--out is for segmentation models and detectors "
                    + "(and instance segmenters), which write files per image; a classifier "
                    + "prints its classes");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Row<List<Prediction>>> rows = new ArrayList<>();
        List<Path> files = ImageFiles.expand(inputs, (p, why) -> rows.add(Row.skipped(p, why)));
        int measured = Math.max(1, Math.min(batch, files.size()));
        try (Classifier classifier = Classifier.open(modelDir.dir, backend, measured,
                line -> err.println("hsresnet predict: " + line))) {
            for (int start = 0; start < files.size(); start += batch) {
                rows.addAll(classifyBatch(classifier,
                        files.subList(start, Math.min(files.size(), start + batch))));
            }
        }
        return PredictRows.finish(rows, "classified", format, new TopClasses(),
                spec.commandLine().getOut(), err);
    }

    private int segment() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (Segmenter segmenter = Segmenter.open(modelDir.dir, backend,
                line -> err.println("hsresnet predict: " + line))) {
            return run(new SegmentPredict(segmenter, outDir(), topK), err);
        }
    }

    private int detect() throws IOException {
        try (Detector d = Detector.open(modelDir.dir, backend, backendLog())) {
            return run(BoxPredict.of(d, outDir(), threshold(d), topK), errors());
        }
    }

    private int instances() throws IOException {
        try (InstanceSegmenter s = InstanceSegmenter.open(modelDir.dir, backend, backendLog())) {
            return run(BoxPredict.of(s, outDir(), threshold(s), topK), errors());
        }
    }

    /** @return {@code --threshold}, else the model's own */
    private double threshold(FcosImageModel<?, ?> model) {
        return threshold == null ? model.scoreThreshold() : threshold;
    }

    private PrintWriter errors() {
        return spec.commandLine().getErr();
    }

    private java.util.function.Consumer<String> backendLog() {
        return line -> errors().println("hsresnet predict: " + line);
    }

    private int run(PerImagePredict<?> task, PrintWriter err) {
        List<Path> files = ImageFiles.expand(inputs, task::skip);
        return task.run(files, format, spec.commandLine().getOut(), err);
    }

    private Path outDir() {
        return out == null ? Path.of(".") : out;
    }

    /**
     * Decodes and preprocesses each file (a file that cannot be read, decoded or preprocessed
     * is skipped with its reason), then classifies the rest in one forward pass.
     */
    private List<Row<List<Prediction>>> classifyBatch(Classifier c, List<Path> files) {
        List<Row<List<Prediction>>> rows = new ArrayList<>();
        List<Path> ok = new ArrayList<>();
        float[] pixels = new float[files.size() * c.imageLength()];
        for (Path f : files) {
            try {
                float[] one = c.preprocess(c.decode(f));
                System.arraycopy(one, 0, pixels, ok.size() * one.length, one.length);
                ok.add(f);
            } catch (IOException | IllegalArgumentException e) { // unreadable, refused, too large
                rows.add(Row.skipped(f, ErrorHandler.describe(e)));
            }
        }
        if (!ok.isEmpty()) {
            float[] used = ok.size() == files.size() ? pixels
                    : java.util.Arrays.copyOf(pixels, ok.size() * c.imageLength());
            List<List<Prediction>> top = c.predict(used, ok.size(), topK);
            for (int i = 0; i < ok.size(); i++) {
                rows.add(Row.done(ok.get(i), top.get(i)));
            }
        }
        return rows;
    }

    /** The classifier's rows: the top classes of each image. */
    private static final class TopClasses implements PredictRows.Printer<List<Prediction>> {

        @Override
        public String table(List<Row<List<Prediction>>> done) {
            TextTable t = new TextTable("image", "rank>", "class", "probability>");
            for (Row<List<Prediction>> r : done) {
                for (int k = 0; k < r.value().size(); k++) {
                    Prediction p = r.value().get(k);
                    t.row(k == 0 ? r.file().toString() : "", k + 1, p.label(),
                            String.format(Locale.ROOT, "%.4f", p.probability()));
                }
            }
            return t.render();
        }

        @Override
        public String csvHeader() {
            return "file,rank,index,label,probability";
        }

        @Override
        public void csv(Row<List<Prediction>> r, StringBuilder sb) {
            for (int k = 0; k < r.value().size(); k++) {
                Prediction p = r.value().get(k);
                sb.append(Csv.field(r.file().toString())).append(',').append(k + 1).append(',')
                        .append(p.index()).append(',').append(Csv.field(p.label())).append(',')
                        .append(String.format(Locale.ROOT, "%.6f", p.probability()))
                        .append('\n');
            }
        }

        @Override
        public void json(Row<List<Prediction>> r, ObjectNode o) {
            ArrayNode preds = o.putArray("predictions");
            for (Prediction p : r.value()) {
                preds.addObject().put("index", p.index()).put("label", p.label())
                        .put("probability", p.probability());
            }
        }
    }
}
