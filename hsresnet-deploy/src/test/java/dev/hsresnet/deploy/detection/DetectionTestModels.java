package dev.hsresnet.deploy.detection;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.data.PreprocessingTransforms;
import dev.hsresnet.data.SkippedImages;
import dev.hsresnet.data.SyntheticDetection;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.DetectionLoader;
import dev.hsresnet.data.detection.DetectionTransforms;
import dev.hsresnet.vision.detection.DetectionModel;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Small detectors for the deploy tests: fcos_resnet26_nano at a 64 / 96 px inference size. */
public final class DetectionTestModels {

    /** The classes: those of {@link SyntheticDetection}. */
    public static final List<String> CLASSES = List.of(SyntheticDetection.CLASSES);

    /** The inference short side. */
    public static final int MIN_SIZE = 64;

    /** The inference cap of the long side. */
    public static final int MAX_SIZE = 96;

    private DetectionTestModels() {}

    /** @return the network: fcos_resnet26_nano with 3 classes, resized to 64 / 96 px */
    public static DetectionSpec spec() {
        return DetectionModels.spec("fcos_resnet26_nano", CLASSES.size())
                .withInputSize(MIN_SIZE, MAX_SIZE);
    }

    /** @return its configuration, labelled with {@link #CLASSES} */
    public static ModelConfig config() {
        return DetectionModels.config("fcos_resnet26_nano", spec(), CLASSES);
    }

    /**
     * Writes the test images: 3 synthetic 70 x 50 pictures with 3 objects each, CSV boxes.
     *
     * @return the data set's root, {@code dir}
     */
    public static Path data(Path dir) throws IOException {
        return SyntheticDetection.write(dir, SyntheticDetection.Format.CSV, 3, 50, 70, 3);
    }

    /**
     * @param set the images
     * @param preprocessing the model's
     * @return the evaluation's loader at the test models' inference size: one image a batch,
     *     padded to a multiple of 32, in order
     */
    public static DetectionLoader evalLoader(DetectionDataset set, Preprocessing preprocessing) {
        return new DetectionLoader(set, DetectionTransforms.eval(MIN_SIZE, MAX_SIZE,
                PreprocessingTransforms.normalize(preprocessing)), 1, false, false, 0, 1, 1,
                DetectionLoader.DEFAULT_SIZE_DIVISOR, new SkippedImages());
    }

    /**
     * Saves the network freshly initialized.
     *
     * @return {@code dir}
     */
    public static Path save(Path dir, long seed) throws IOException {
        try (DetectionModel m = DetectionModel.create(config(), seed)) {
            ModelDir.save(m, dir);
        }
        return dir;
    }
}
