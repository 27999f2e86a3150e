package dev.hsresnet.train.loop;

import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.data.BatchAugment;
import dev.hsresnet.data.Cifar10Binary;
import dev.hsresnet.data.DataLoader;
import dev.hsresnet.data.Dataset;
import dev.hsresnet.data.FashionMnist;
import dev.hsresnet.data.HorizontalFlip;
import dev.hsresnet.data.ImageFolderDataset;
import dev.hsresnet.data.PadRandomCrop;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.RandomResizedCrop;
import dev.hsresnet.data.ResizeShortCenterCrop;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.Splits;
import dev.hsresnet.data.Transform;
import dev.hsresnet.data.Transforms;
import dev.hsresnet.train.recipe.Augment;
import dev.hsresnet.train.recipe.DataKind;
import dev.hsresnet.train.recipe.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The datasets, transforms and loaders a recipe asks for, and the preprocessing saved with the
 * model so that evaluation and prediction repeat it.
 *
 * @param train the training set
 * @param val the validation set
 * @param channels image channels (3, or 1 for Fashion-MNIST)
 * @param preprocessing input size and normalization (evaluation: resize short side, center crop)
 * @param trainLoader shuffled, augmented, full batches
 * @param valLoader in order, no augmentation
 * @param skippedTrain training images that could not be decoded (indices into {@code train})
 * @param skippedVal validation images that could not be decoded (indices into {@code val})
 * @param description one line naming the data, for logs and the summary
 */
public record DataSetup(
        Dataset train,
        Dataset val,
        int channels,
        Preprocessing preprocessing,
        DataLoader trainLoader,
        DataLoader valLoader,
        SkippedImages skippedTrain,
        SkippedImages skippedVal,
        String description) {

    /** Fashion-MNIST training-set statistics. */
    static final List<Double> FASHION_MEAN = List.of(0.2860);
    /** Fashion-MNIST training-set statistics. */
    static final List<Double> FASHION_STD = List.of(0.3530);

    private static final int PREFETCH_BATCHES = 4;

    /**
     * Opens the data of {@code recipe}.
     *
     * @param recipe the recipe
     * @param modelDefaults the model's default preprocessing (size and statistics)
     * @return the setup
     * @throws IllegalArgumentException when the data is missing, empty or malformed, or a class
     *     of the training or validation set has no readable image ({@link
     *     DataLoader#requireLoadableClasses}: one decode per class)
     */
    public static DataSetup open(Recipe recipe, Preprocessing modelDefaults) {
        Recipe.Data d = recipe.data();
        Path trainPath = existing(d.train(), "data.train");
        Dataset train;
        Dataset val;
        int channels = 3;
        int nativeSize = 0;
        Preprocessing stats = modelDefaults;
        switch (d.kind()) {
            case FOLDER -> {
                train = ImageFolderDataset.open(trainPath, channels);
                val = d.val() != null ? ImageFolderDataset.open(existing(d.val(), "data.val"), channels)
                        : null;
            }
            case CIFAR10 -> {
                train = Cifar10Binary.open(trainPath, true);
                val = Cifar10Binary.open(d.val() != null ? existing(d.val(), "data.val") : trainPath,
                        false);
                nativeSize = 32;
                stats = Preprocessing.cifar();
            }
            case CIFAR10_JPG -> {
                train = ImageFolderDataset.open(existing(trainPath.resolve("train").toString(),
                        "data.train/train"), channels);
                val = ImageFolderDataset.open(d.val() != null ? existing(d.val(), "data.val")
                        : existing(trainPath.resolve("test").toString(), "data.train/test"), channels);
                nativeSize = 32;
                stats = Preprocessing.cifar();
            }
            case FASHION_MNIST -> {
                channels = 1;
                train = FashionMnist.open(trainPath, true);
                val = FashionMnist.open(d.val() != null ? existing(d.val(), "data.val") : trainPath,
                        false);
                nativeSize = 28;
                stats = new Preprocessing(28, 1.0, "bilinear", FASHION_MEAN, FASHION_STD);
            }
            default -> throw new IllegalArgumentException("unsupported data.kind " + d.kind());
        }
        double fraction = d.effectiveValFraction();
        if (fraction > 0) {
            Splits.Split split = Splits.split(train, fraction, recipe.seed());
            train = split.train();
            val = split.val();
        }
        if (val == null) {
            throw new IllegalArgumentException("no validation data: give data.val or "
                    + "data.valFraction > 0");
        }
        if (d.limitPerClass() != null) {
            train = Splits.firstPerClass(train, d.limitPerClass());
            val = Splits.firstPerClass(val, Math.max(1, d.limitPerClass() / 4));
        }
        if (!val.classes().equals(train.classes())) {
            throw new IllegalArgumentException("validation classes " + val.classes()
                    + " differ from training classes " + train.classes());
        }
        int size = d.imageSize() != null ? d.imageSize()
                : nativeSize > 0 ? nativeSize : modelDefaults.size();
        Preprocessing pre = new Preprocessing(size, nativeSize > 0 ? 1.0 : stats.cropPct(),
                stats.interpolation(), stats.forChannels(channels).mean(),
                stats.forChannels(channels).std());

        SkippedImages skippedTrain = new SkippedImages();
        SkippedImages skippedVal = new SkippedImages();
        BatchAugment augment = batchAugment(recipe, train.classes().size());
        DataLoader trainLoader = new DataLoader(train, trainTransform(d, pre), recipe.batchSize(),
                true, true, recipe.seed(), d.workers(), PREFETCH_BATCHES, augment, skippedTrain);
        DataLoader valLoader = new DataLoader(val, PreprocessingTransforms.eval(pre), recipe.batchSize(), false,
                false, recipe.seed(), d.workers(), PREFETCH_BATCHES, null, skippedVal);
        trainLoader.requireLoadableClasses("training set");
        valLoader.requireLoadableClasses("validation set");
        String description = d.kind().key() + " " + d.train() + " (" + train.size() + " train, "
                + val.size() + " val, " + train.classes().size() + " classes, " + size + "x" + size
                + "x" + channels + ")";
        return new DataSetup(train, val, channels, pre, trainLoader, valLoader, skippedTrain,
                skippedVal, description);
    }

    /**
     * The evaluation split of a dataset: a folder tree as is, the CIFAR-10 test batch, the
     * {@code test/} folder of the CIFAR-10 JPEG copy, the Fashion-MNIST test files.
     *
     * @param kind the dataset kind
     * @param path where it is
     * @param channels the model's input channels (folders are decoded to that many)
     * @return the dataset
     */
    public static Dataset evalSet(DataKind kind, Path path, int channels) {
        Path p = existing(path.toString(), "data");
        return switch (kind) {
            case FOLDER -> ImageFolderDataset.open(p, channels);
            case CIFAR10 -> Cifar10Binary.open(p, false);
            case CIFAR10_JPG -> ImageFolderDataset.open(
                    existing(p.resolve("test").toString(), "data/test"), channels);
            case FASHION_MNIST -> FashionMnist.open(p, false);
        };
    }

    /** @return how many images, training and validation, could not be decoded */
    public int skippedCount() {
        return skippedTrain.count() + skippedVal.count();
    }

    private static Path existing(String path, String field) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(field + ": " + path + " does not exist");
        }
        return p;
    }

    /** @return the training augmentation: crop, flip, normalize */
    static Transform trainTransform(Recipe.Data d, Preprocessing pre) {
        List<Transform> steps = new ArrayList<>();
        int size = pre.size();
        Augment augment = d.effectiveAugment(size);
        switch (augment) {
            case PADCROP -> {
                steps.add(new ResizeShortCenterCrop(size, size));
                steps.add(new PadRandomCrop(size, Math.max(1, size / 8)));
            }
            case RRC -> steps.add(new RandomResizedCrop(size));
            case NONE -> steps.add(new ResizeShortCenterCrop(pre.resizeSize(), size));
            default -> throw new IllegalArgumentException("unsupported augment " + augment);
        }
        if (d.flip()) {
            steps.add(new HorizontalFlip());
        }
        steps.add(PreprocessingTransforms.normalize(pre));
        return Transforms.compose(steps.toArray(Transform[]::new));
    }

    private static BatchAugment batchAugment(Recipe recipe, int classes) {
        if (recipe.labelSmoothing() == 0 && recipe.mixup().alpha() == 0
                && recipe.cutmix().alpha() == 0) {
            return null;
        }
        return BatchAugment.builder(classes)
                .labelSmoothing(recipe.labelSmoothing())
                .mixup(recipe.mixup().alpha())
                .cutmix(recipe.cutmix().alpha())
                .mixProb(recipe.mixProb())
                .switchProb(recipe.switchProb())
                .build();
    }
}
