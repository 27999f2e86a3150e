package dev.hsresnet.train.segmentation;

import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.data.ImageGuard;
import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.segmentation.ClassWeights;
import dev.hsresnet.data.segmentation.ImageOnly;
import dev.hsresnet.data.segmentation.JointHorizontalFlip;
import dev.hsresnet.data.segmentation.JointTransform;
import dev.hsresnet.data.segmentation.JointTransforms;
import dev.hsresnet.data.segmentation.PairMismatchException;
import dev.hsresnet.data.segmentation.PhotometricJitter;
import dev.hsresnet.data.segmentation.RandomCrop;
import dev.hsresnet.data.segmentation.RandomScale;
import dev.hsresnet.data.segmentation.SegmentationDataset;
import dev.hsresnet.data.segmentation.SegmentationLoader;
import dev.hsresnet.train.recipe.SegmentationRecipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The splits and loaders of a segmentation recipe: training with the joint augmentation
 * (random scale, crop with ignore padding, flip, photometric jitter, normalization), validation
 * and test on whole images, normalized only, one image per batch.
 *
 * @param train the training pairs
 * @param val the validation pairs
 * @param test the test pairs, or null
 * @param trainLoader shuffled, augmented, full batches
 * @param valLoader whole validation images
 * @param testLoader whole test images, or null
 */
public record SegmentationData(SegmentationDataset train, SegmentationDataset val,
        SegmentationDataset test, SegmentationLoader trainLoader, SegmentationLoader valLoader,
        SegmentationLoader testLoader) {

    /**
     * Opens the splits a recipe names; checks that they share classes and ignore index.
     *
     * @param recipe the recipe
     * @param preprocessing the model's normalization
     * @param skippedTrain training pairs already known to be unreadable (from a checkpoint)
     * @return the data
     * @throws IllegalArgumentException naming the folder or split when one is missing, empty or
     *     does not agree with the training split
     */
    public static SegmentationData open(SegmentationRecipe recipe, Preprocessing preprocessing,
            SkippedImages skippedTrain) {
        SegmentationRecipe.Data d = recipe.data();
        SegmentationDataset train = split(d, d.train());
        SegmentationDataset val = split(d, d.val());
        SegmentationDataset test = d.test() == null ? null : split(d, d.test());
        for (SegmentationDataset other : new SegmentationDataset[] {val, test}) {
            if (other != null && (!other.classes().equals(train.classes())
                    || other.ignoreIndex() != train.ignoreIndex())) {
                throw new IllegalArgumentException("the splits of " + d.root() + " disagree: "
                        + "training has classes " + train.classes() + " and ignore index "
                        + train.ignoreIndex() + ", another split " + other.classes() + " and "
                        + other.ignoreIndex());
            }
        }
        Normalize normalize = PreprocessingTransforms.normalize(preprocessing);
        SegmentationRecipe.Augment a = recipe.augment();
        List<JointTransform> steps = new ArrayList<>();
        if (a.scaleMin() != 1 || a.scaleMax() != 1) {
            steps.add(new RandomScale(a.scaleMin(), a.scaleMax()));
        }
        steps.add(new RandomCrop(a.cropHeight(), a.cropWidth(), train.ignoreIndex()));
        if (a.flip()) {
            steps.add(new JointHorizontalFlip());
        }
        if (a.brightness() > 0 || a.contrast() > 0 || a.saturation() > 0) {
            steps.add(new PhotometricJitter(a.brightness(), a.contrast(), a.saturation()));
        }
        steps.add(new ImageOnly(normalize));
        JointTransform eval = new ImageOnly(normalize);
        int workers = d.workers();
        SegmentationLoader trainLoader = new SegmentationLoader(train,
                JointTransforms.compose(steps.toArray(JointTransform[]::new)), recipe.batchSize(),
                true, true, recipe.seed(), workers, 2, skippedTrain);
        SegmentationLoader valLoader = new SegmentationLoader(val, eval, 1, false, false,
                recipe.seed(), workers, 2, new SkippedImages());
        SegmentationLoader testLoader = test == null ? null : new SegmentationLoader(test, eval, 1,
                false, false, recipe.seed(), workers, 2, new SkippedImages());
        return new SegmentationData(train, val, test, trainLoader, valLoader, testLoader);
    }

    /**
     * Loads every pair of every split once, before training: a pair whose image and mask do not
     * belong together ({@link PairMismatchException}: different sizes, values outside the
     * classes) is an error; pairs that cannot be read are skipped by the loaders and counted.
     *
     * @return the training split's report (class pixel counts, unreadable pairs)
     * @throws IllegalArgumentException with the first mismatch's message (naming the files)
     */
    public SegmentationDataset.ValidationReport check() {
        SegmentationDataset.ValidationReport report = check(train);
        check(val);
        if (test != null) {
            check(test);
        }
        if (report.valid() == 0) {
            throw new IllegalArgumentException("no training pair of " + train.size()
                    + " could be read; first: " + report.unreadable().get(0).description() + ": "
                    + report.unreadable().get(0).message());
        }
        return report;
    }

    private static SegmentationDataset.ValidationReport check(SegmentationDataset split) {
        SegmentationDataset.ValidationReport report = split.validateAll(ImageGuard.DEFAULT);
        for (SkippedImages.Entry e : report.unreadable()) {
            try {
                split.load(e.index());
            } catch (PairMismatchException mismatch) {
                throw new IllegalArgumentException(mismatch.getMessage(), mismatch);
            } catch (java.io.IOException | RuntimeException unreadable) {
                // skipped and counted by the loader
            }
        }
        return report;
    }

    /**
     * @param report the training split's report
     * @return median-frequency class weights
     */
    public static float[] medianFrequencyWeights(SegmentationDataset.ValidationReport report) {
        return ClassWeights.medianFrequency(report.classPixels(), report.classImagePixels());
    }

    /** @return one line: the splits and their sizes */
    public String description() {
        return String.format(Locale.ROOT, "%d train, %d val%s pairs, %d classes, ignore index %d",
                train.size(), val.size(), test == null ? "" : ", " + test.size() + " test",
                train.numClasses(), train.ignoreIndex());
    }

    private static SegmentationDataset split(SegmentationRecipe.Data d, String split) {
        Path root = Path.of(d.root());
        return d.kind().equals("camvid") ? SegmentationDataset.camvid(root, split)
                : SegmentationDataset.folder(root.resolve(split));
    }
}
