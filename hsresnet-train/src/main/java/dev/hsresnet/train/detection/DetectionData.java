package dev.hsresnet.train.detection;

import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.data.detection.DetectionSets;
import dev.hsresnet.data.detection.DetectionTransform;
import dev.hsresnet.data.detection.DetectionTransforms;
import dev.hsresnet.train.recipe.DetectionRecipe;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The splits of a detection run and their loaders: the training split shuffled with the
 * multi-scale augmentation, validation and test in order at the evaluation size.
 *
 * @param train the training split
 * @param val the validation split
 * @param test the test split, or null when the recipe has none
 * @param trainLoader shuffled, last partial batch dropped
 * @param valLoader in order, the evaluation transform
 * @param testLoader in order, the evaluation transform, or null
 */
public record DetectionData(DetectionDataset train, DetectionDataset val, DetectionDataset test,
        DetectionLoader trainLoader, DetectionLoader valLoader, DetectionLoader testLoader) {

    /** Images per evaluation batch (padded to the largest of them). */
    static final int EVAL_BATCH = 4;

    /**
     * Opens the splits a recipe names; checks that they share the classes.
     *
     * @param recipe the recipe
     * @param preprocessing the model's normalization
     * @param skippedTrain training images already known to be unreadable (from a checkpoint)
     * @return the data
     * @throws IllegalArgumentException naming the file or split when one is missing, empty, holds
     *     a bad annotation or does not agree with the training split
     */
    public static DetectionData open(DetectionRecipe recipe, Preprocessing preprocessing,
            SkippedImages skippedTrain) {
        DetectionRecipe.Data d = recipe.data();
        Path root = Path.of(d.root());
        DetectionDataset train = DetectionSets.open(d.kind(), root, d.train());
        DetectionDataset val = DetectionSets.open(d.kind(), root, d.val());
        DetectionDataset test = d.test() == null ? null : DetectionSets.open(d.kind(), root,
                d.test());
        for (DetectionDataset other : new DetectionDataset[] {val, test}) {
            if (other != null && !other.classes().equals(train.classes())) {
                throw new IllegalArgumentException("the splits of " + d.root() + " disagree: "
                        + "training has classes " + train.classes() + ", split '" + other.name()
                        + "' " + other.classes());
            }
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training split '" + d.train() + "' of "
                    + d.root() + " is empty");
        }
        Normalize normalize = PreprocessingTransforms.normalize(preprocessing);
        DetectionRecipe.Augment a = recipe.augment();
        DetectionTransform trainTransform = DetectionTransforms.train(a.minShort(), a.maxShort(),
                a.maxLongSide(), normalize);
        DetectionTransform eval = DetectionTransforms.eval(a.evalShort(), a.maxLongSide(),
                normalize);
        int workers = d.workers();
        DetectionLoader trainLoader = new DetectionLoader(train, trainTransform,
                recipe.batchSize(), true, true, recipe.seed(), workers, 2,
                DetectionLoader.DEFAULT_SIZE_DIVISOR, skippedTrain);
        return new DetectionData(train, val, test, trainLoader, evalLoader(val, eval, recipe),
                test == null ? null : evalLoader(test, eval, recipe));
    }

    private static DetectionLoader evalLoader(DetectionDataset set, DetectionTransform eval,
            DetectionRecipe recipe) {
        return new DetectionLoader(set, eval, EVAL_BATCH, false, false, recipe.seed(),
                recipe.data().workers(), 2, DetectionLoader.DEFAULT_SIZE_DIVISOR,
                new SkippedImages());
    }

    /** @return one line: the splits and their sizes */
    public String description() {
        return String.format(Locale.ROOT, "%d train (%d boxes), %d val%s images, classes %s",
                train.size(), train.boxCount(), val.size(),
                test == null ? "" : ", " + test.size() + " test", train.classes());
    }
}
