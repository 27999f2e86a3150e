package dev.hsresnet.train.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.ResNetModel;
import dev.hsresnet.data.Dataset;
import dev.hsresnet.data.FashionMnist;
import dev.hsresnet.data.Image;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.Splits;
import dev.hsresnet.data.Transform;
import dev.hsresnet.train.loop.Evaluator;
import dev.hsresnet.train.loop.Progress;
import dev.hsresnet.train.loop.TrainRun;
import dev.hsresnet.train.recipe.DataKind;
import dev.hsresnet.train.recipe.Recipe;
import dev.hsresnet.train.recipe.Recipes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo: trains a small HS-ResNet on Fashion-MNIST (200 training images per class; the slice
 * committed in this jar, or Debian's {@code dataset-fashion-mnist} when installed, which holds the
 * same first images), evaluates it, saves it, and classifies a few test images.
 */
public final class Demo {

    /** Where Debian's {@code dataset-fashion-mnist} puts the IDX files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String SLICE = "/dev/hsresnet/train/demo/";
    private static final List<String> SLICE_FILES = List.of("train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz", "LICENSE-fashion-mnist.txt");

    /**
     * @param out the run directory to create
     * @param model the registry model to train
     * @param epochs training epochs
     * @param perClass training images per class (validation: a quarter as many)
     * @param data a Fashion-MNIST IDX folder, or null for Debian's or the built-in slice
     */
    public record Options(Path out, String model, int epochs, int perClass, Path data) {

        /** The defaults: a few minutes on 2 cores. */
        public static Options defaults(Path out) {
            return new Options(out, "hs_resnet29_cifar", 8, 200, null);
        }
    }

    /**
     * One classified test image.
     *
     * @param image what it is (dataset and index)
     * @param actual its label
     * @param predicted the model's top class
     * @param probability the model's probability for it
     */
    public record Prediction(String image, String actual, String predicted, double probability) {}

    /**
     * @param run the training run
     * @param dataSource where the images came from
     * @param data the Fashion-MNIST folder used
     * @param top1 validation top-1 of the best model
     * @param chance the accuracy of guessing
     * @param predictions a few classified test images
     */
    public record Result(TrainRun.Result run, String dataSource, Path data, double top1,
            double chance, List<Prediction> predictions) {}

    private Demo() {}

    /**
     * Runs the demo.
     *
     * @param options what to train, where
     * @param progress where progress goes
     * @return what it reached
     * @throws IOException when files cannot be read or written
     */
    public static Result run(Options options, Progress progress) throws IOException {
        Path data;
        String source;
        if (options.data() != null) {
            data = options.data();
            source = data.toString();
        } else if (Files.isRegularFile(DEBIAN_FASHION_MNIST.resolve(SLICE_FILES.get(0)))) {
            data = DEBIAN_FASHION_MNIST;
            source = "Debian's dataset-fashion-mnist (" + data + ")";
        } else {
            data = extractSlice(options.out().resolve("data"));
            source = "the Fashion-MNIST slice built into hsresnet (MIT, " + data + ")";
        }
        Recipe recipe = Recipes.applyOverrides(
                Recipe.defaults(options.model(), DataKind.FASHION_MNIST, data.toString()),
                List.of("epochs=" + options.epochs(), "batchSize=64",
                        "data.limitPerClass=" + options.perClass(), "data.workers=2",
                        "optimizer.lr=0.1", "optimizer.nesterov=true", "labelSmoothing=0.1",
                        "schedule.warmupEpochs=1", "checkpoint.keepLast=2"));
        progress.message("demo: training " + options.model() + " on " + source);
        TrainRun.Result run = TrainRun.start(recipe, options.out(), progress);
        try (ResNetModel best = ModelDir.load(run.bestModel())) {
            Dataset test = Splits.firstPerClass(FashionMnist.open(data, false),
                    Math.max(1, options.perClass() / 4));
            Transform eval = PreprocessingTransforms.eval(best.config().preprocessing());
            double top1 = run.metrics().best().orElseThrow().valTop1();
            return new Result(run, source, data, top1, 1.0 / test.classes().size(),
                    classify(best, test, eval, 8));
        }
    }

    private static List<Prediction> classify(ResNetModel model, Dataset test, Transform eval,
            int count) throws IOException {
        List<Prediction> out = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(0);
        int step = Math.max(1, test.size() / count);
        for (int i = 0; i < test.size() && out.size() < count; i += step) {
            Image img = eval.apply(test.load(i), rng);
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = m.create(img.pixels(),
                        new Shape(1, img.channels(), img.height(), img.width()));
                float[] p = model.forward(x, false).singletonOrThrow().softmax(1).toFloatArray();
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                out.add(new Prediction(test.describe(i), test.classes().get(test.label(i)),
                        test.classes().get(best), p[best]));
            }
        }
        return out;
    }

    /**
     * Copies the built-in Fashion-MNIST slice (200 training and 100 test images per class, MIT)
     * out of the jar.
     *
     * @param dir the folder to write the IDX files and the licence to
     * @return {@code dir}
     * @throws IOException when writing fails
     */
    public static Path extractSlice(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : SLICE_FILES) {
            try (InputStream in = Demo.class.getResourceAsStream(SLICE + name)) {
                if (in == null) {
                    throw new IOException("the built-in Fashion-MNIST slice is missing " + name);
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
