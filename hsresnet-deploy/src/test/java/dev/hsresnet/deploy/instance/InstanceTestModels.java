package dev.hsresnet.deploy.instance;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.data.mask.MaskIou;
import dev.hsresnet.data.mask.Rle;
import dev.hsresnet.deploy.detection.DetectionTestModels;
import dev.hsresnet.vision.instance.DetectedInstance;
import dev.hsresnet.vision.instance.InstanceModel;
import dev.hsresnet.vision.instance.InstanceModels;
import dev.hsresnet.vision.instance.InstanceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Small instance segmenters for the deploy tests: yolact_resnet26_nano (16 prototypes) with the
 * detection tests' classes at their 64 / 96 px inference size.
 */
public final class InstanceTestModels {

    /** The model's registered name. */
    public static final String NAME = "yolact_resnet26_nano";

    /** The classes: those of the detection tests. */
    public static final List<String> CLASSES = DetectionTestModels.CLASSES;

    private InstanceTestModels() {}

    /** @return the network: yolact_resnet26_nano with 3 classes, resized to 64 / 96 px */
    public static InstanceSpec spec() {
        InstanceSpec s = InstanceModels.spec(NAME, CLASSES.size());
        return new InstanceSpec(s.detection().withInputSize(DetectionTestModels.MIN_SIZE,
                DetectionTestModels.MAX_SIZE), s.prototypes());
    }

    /** @return its configuration, labelled with {@link #CLASSES} */
    public static ModelConfig config() {
        return InstanceModels.config(NAME, spec(), CLASSES);
    }

    /**
     * Saves the network freshly initialized.
     *
     * @return {@code dir}
     */
    public static Path save(Path dir, long seed) throws IOException {
        try (InstanceModel m = InstanceModel.create(config(), seed)) {
            ModelDir.save(m, dir);
        }
        return dir;
    }

    /** @return the masks' IoU (COCO's, on their RLE), 1 when both are empty */
    public static double maskIou(DetectedInstance a, DetectedInstance b) {
        Rle ra = InstanceJson.rle(a.mask());
        Rle rb = InstanceJson.rle(b.mask());
        if (ra.area() == 0 && rb.area() == 0) {
            return 1;
        }
        return MaskIou.iou(ra, rb, false);
    }
}
