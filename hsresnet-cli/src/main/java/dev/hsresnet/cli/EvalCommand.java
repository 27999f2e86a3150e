package dev.hsresnet.cli;

import dev.hsresnet.train.recipe.DataKind;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.train.data.DataLoader;
import dev.hsresnet.train.data.Dataset;
import dev.hsresnet.train.data.SkippedImages;
import dev.hsresnet.train.loop.DataSetup;
import dev.hsresnet.train.loop.Evaluator;
import dev.hsresnet.train.report.ConfusionMatrix;
import java.io.IOException;
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

/** {@code hsresnet eval}: accuracy of a model directory on a labelled dataset. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on labelled images with the preprocessing saved in the "
                + "model: top-1/top-5, per-class accuracy and the confusion matrix.")
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

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "folder",
            converter = OptionTypes.Kind.class,
            description = "folder, cifar10, cifar10-jpg (its test/ folder) or fashion-mnist (its "
                    + "test files); default ${DEFAULT-VALUE}.")
    private DataKind kind;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            converter = OptionTypes.Positive.class,
            description = "Images per batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            converter = OptionTypes.Positive.class,
            description = "Decoding threads (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write confusion.csv, confusion.png and per-class.csv here.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        try (ResNetModel model = ModelDir.load(modelDir.dir, nonFinite.loadOptions())) {
            int channels = model.config().architecture().inChannels();
            Dataset set = DataSetup.evalSet(kind, data, channels);
            checkClasses(model, set);
            SkippedImages skipped = new SkippedImages();
            DataLoader loader = new DataLoader(set, DataSetup.evalTransform(
                    model.config().preprocessing()), batchSize, false, false, 0, workers, 4, null,
                    skipped);
            Evaluator.Result r = Evaluator.evaluate(model, loader, set.classes());
            var o = spec.commandLine().getOut();
            o.println(String.format(Locale.ROOT, "%s on %s: top-1 %.2f%%, top-5 %.2f%%, loss %.4f "
                    + "(%d images%s)", model.config().name(), data, 100 * r.top1(),
                    100 * r.top5(), r.loss(), r.images(),
                    skipped.count() > 0 ? ", " + skipped.count() + " unreadable skipped" : ""));
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
