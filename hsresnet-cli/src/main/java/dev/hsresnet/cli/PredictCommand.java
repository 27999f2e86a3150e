package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.ImageFiles;
import dev.hsresnet.deploy.Prediction;
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
 * {@code hsresnet predict}: top-k classes of image files with a saved classifier, or the class
 * masks of a segmentation model ({@link SegmentPredict}).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify images (files or folders of .jpg/.png) with a model directory, "
                + "applying the preprocessing saved with it. With a segmentation model "
                + "(task 'segmentation' in model.json) each image is segmented whole, at its "
                + "own size, one at a time, and gets OUT/<stem>-mask.png (8-bit gray class "
                + "indices, 16-bit beyond 256 classes) and OUT/<stem>.json (the area of every "
                + "class); one line per image names its largest classes. Unreadable images, "
                + "and images refused for their size or aspect ratio, are reported on stderr "
                + "and skipped; the exit status is 1 when none could be processed.",
        footer = {"", "Examples:",
            "  hsresnet predict --model runs/a/best cat.jpg dog.png",
            "  hsresnet predict --model runs/a/best --format json --top-k 3 photos/",
            "  hsresnet predict --model runs/a/best --backend onnx --batch 16 photos/",
            "  hsresnet predict --model runs/camvid/best --out masks/ street.png"})
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
            description = "Classes per image (default: ${DEFAULT-VALUE}).")
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
                    + "measured once and cached; segmentation models are not measured and use "
                    + "djl; HSRESNET_BACKEND=djl|onnx forces one); default ${DEFAULT-VALUE}.")
    private BackendKind backend;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Segmentation models: the folder for the mask and JSON files, "
                    + "created if needed (default: the current folder).")
    private Path out;

    /** One classified or skipped image. */
    private record Row(Path file, List<Prediction> top, String error)
            implements PredictRows.Row {}

    @Override
    public Integer call() throws IOException {
        if (Segmenter.isSegmentationModel(modelDir.dir)) {
            return segment();
        }
        if (out != null) {
            throw OptionTypes.usage(spec, "--out is for segmentation models, which write mask "
                    + "files; a classifier prints its classes");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Row> rows = new ArrayList<>();
        List<Path> files = ImageFiles.expand(inputs, (p, why) -> rows.add(new Row(p, null, why)));
        int measured = Math.max(1, Math.min(batch, files.size()));
        try (Classifier classifier = Classifier.open(modelDir.dir, backend, measured,
                line -> err.println("hsresnet predict: " + line))) {
            for (int start = 0; start < files.size(); start += batch) {
                rows.addAll(classifyBatch(classifier,
                        files.subList(start, Math.min(files.size(), start + batch))));
            }
        }
        long failed = PredictRows.reportSkipped(rows, "classified", err);
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case TABLE -> table(rows);
            case JSON -> json(rows);
            case CSV -> csv(rows);
        });
        out.flush();
        return rows.size() > failed ? 0 : 1;
    }

    private int segment() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (Segmenter segmenter = Segmenter.open(modelDir.dir, backend,
                line -> err.println("hsresnet predict: " + line))) {
            SegmentPredict run = new SegmentPredict(segmenter, out == null ? Path.of(".") : out,
                    topK);
            List<Path> files = ImageFiles.expand(inputs, run::skip);
            return run.run(files, format, spec.commandLine().getOut(), err);
        }
    }

    /**
     * Decodes and preprocesses each file (a file that cannot be read, decoded or preprocessed
     * is skipped with its reason), then classifies the rest in one forward pass.
     */
    private List<Row> classifyBatch(Classifier c, List<Path> files) {
        List<Row> rows = new ArrayList<>();
        List<Path> ok = new ArrayList<>();
        float[] pixels = new float[files.size() * c.imageLength()];
        for (Path f : files) {
            try {
                float[] one = c.preprocess(c.decode(f));
                System.arraycopy(one, 0, pixels, ok.size() * one.length, one.length);
                ok.add(f);
            } catch (IOException | IllegalArgumentException e) { // unreadable, refused, too large
                rows.add(new Row(f, null, ErrorHandler.describe(e)));
            }
        }
        if (!ok.isEmpty()) {
            float[] used = ok.size() == files.size() ? pixels
                    : java.util.Arrays.copyOf(pixels, ok.size() * c.imageLength());
            List<List<Prediction>> top = c.predict(used, ok.size(), topK);
            for (int i = 0; i < ok.size(); i++) {
                rows.add(new Row(ok.get(i), top.get(i), null));
            }
        }
        return rows;
    }

    private static String table(List<Row> rows) {
        TextTable t = new TextTable("image", "rank>", "class", "probability>");
        for (Row r : rows) {
            if (r.top() == null) {
                continue;
            }
            for (int k = 0; k < r.top().size(); k++) {
                Prediction p = r.top().get(k);
                t.row(k == 0 ? r.file().toString() : "", k + 1, p.label(),
                        String.format(Locale.ROOT, "%.4f", p.probability()));
            }
        }
        return t.render();
    }

    private static String json(List<Row> rows) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = all.addObject();
            o.put("file", r.file().toString());
            if (r.error() != null) {
                o.put("error", r.error());
                continue;
            }
            ArrayNode preds = o.putArray("predictions");
            for (Prediction p : r.top()) {
                preds.addObject().put("index", p.index()).put("label", p.label())
                        .put("probability", p.probability());
            }
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n";
    }

    private static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("file,rank,index,label,probability\n");
        for (Row r : rows) {
            if (r.top() == null) {
                continue;
            }
            for (int k = 0; k < r.top().size(); k++) {
                Prediction p = r.top().get(k);
                sb.append(Csv.field(r.file().toString())).append(',').append(k + 1).append(',')
                        .append(p.index()).append(',').append(Csv.field(p.label())).append(',')
                        .append(String.format(Locale.ROOT, "%.6f", p.probability())).append('\n');
            }
        }
        return sb.toString();
    }
}
