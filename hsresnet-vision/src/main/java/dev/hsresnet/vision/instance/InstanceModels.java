package dev.hsresnet.vision.instance;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Registered instance segmenters, {@code yolact_<backbone>}: one for every registered FCOS
 * detector {@code fcos_<backbone>} ({@link DetectionModels}), each the same detector with mask
 * coefficients and a prototype branch, with the twin segmenter on its backbone's twin.
 *
 * <ul>
 *   <li>ImageNet backbones ({@code yolact_hs_resnet50}, {@code yolact_resnet50d}, ...): the
 *       detector's 256 channels, YOLACT's {@value #PAPER_PROTOTYPES} prototypes.
 *   <li>Small backbones ({@code yolact_hs_resnet26_lite}, {@code yolact_resnet26_lite}, {@code
 *       yolact_hs_resnet26_nano}, {@code yolact_resnet26_nano}): the detector's 64 channels and
 *       {@value #SMALL_PROTOTYPES} prototypes (k scales with the width as the rest of the head).
 * </ul>
 *
 * <p>One class by default, as the detectors.
 */
public final class InstanceModels {

    /** The name prefix of the instance segmenters. */
    public static final String PREFIX = "yolact_";

    /** Prototypes of the ImageNet-backbone segmenters (YOLACT's). */
    public static final int PAPER_PROTOTYPES = InstanceSpec.DEFAULT_PROTOTYPES;

    /** Prototypes of the small-backbone segmenters. */
    public static final int SMALL_PROTOTYPES = 16;

    private InstanceModels() {}

    /** @return every registered name, in the detectors' order */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String detector : DetectionModels.names()) {
            names.add(PREFIX + detector.substring(DetectionModels.PREFIX.length()));
        }
        return names;
    }

    /**
     * @param name a registered name, e.g. {@code yolact_hs_resnet26_lite} (case-insensitive)
     * @param numClasses object classes
     * @return its spec
     * @throws IllegalArgumentException naming the unknown model and the known ones
     */
    public static InstanceSpec spec(String name, int numClasses) {
        DetectionSpec detection = DetectionModels.spec(detector(name), numClasses);
        boolean small = detection.neckChannels() == DetectionModels.SMALL_CHANNELS;
        return new InstanceSpec(detection, small ? SMALL_PROTOTYPES : PAPER_PROTOTYPES);
    }

    /**
     * The configuration of a registered segmenter for a dataset's classes, with the detector's
     * preprocessing (ImageNet statistics, nominal size {@value DetectionModels#NOMINAL_SIZE}).
     *
     * @param name a registered name, e.g. {@code yolact_hs_resnet26_lite}
     * @param labels the class names, one per class
     * @return the configuration, without weights
     */
    public static ModelConfig config(String name, List<String> labels) {
        return config(dev.hsresnet.vision.task.Backbones.modelName(name, PREFIX),
                spec(name, labels.size()), labels);
    }

    /**
     * The configuration of any instance segmenter.
     *
     * @param name the model's name
     * @param spec the network
     * @param labels the class names, one per class
     * @return the configuration, without weights
     */
    public static ModelConfig config(String name, InstanceSpec spec, List<String> labels) {
        Preprocessing p = new Preprocessing(DetectionModels.NOMINAL_SIZE, 1.0, "bilinear",
                Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD)
                .forChannels(spec.backbone().inChannels());
        return new ModelConfig(ModelConfig.FORMAT, ModelConfig.FORMAT_VERSION, name,
                InstanceTask.NAME, spec.backbone(), InstanceTask.head(spec), p, labels, null);
    }

    /** @return the registered name of the twin segmenter (HS for plain, plain for HS) */
    public static String twin(String name) {
        String detectorTwin = DetectionModels.twin(detector(name));
        return PREFIX + detectorTwin.substring(DetectionModels.PREFIX.length());
    }

    /**
     * @param name a registered segmenter name
     * @param height input height in pixels
     * @param width input width in pixels
     * @return its cost with {@link DetectionModels#DEFAULT_CLASSES} classes
     */
    public static InstanceComplexity complexity(String name, int height, int width) {
        return InstanceComplexity.of(spec(name, DetectionModels.DEFAULT_CLASSES), height, width);
    }

    /**
     * @param name a model name (any case)
     * @return whether it names an instance segmenter: a registered one, or {@value #PREFIX} and a
     *     spec file that exists
     */
    public static boolean isKnown(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return lower.startsWith(PREFIX)
                && DetectionModels.isKnown(DetectionModels.PREFIX + name.substring(PREFIX.length()));
    }

    /** @return the detector of a segmenter's name */
    private static String detector(String name) {
        if (isKnown(name)) {
            return DetectionModels.PREFIX + name.substring(PREFIX.length());
        }
        throw new IllegalArgumentException("unknown instance segmentation model '" + name
                + "'; known: " + String.join(", ", names())
                + dev.hsresnet.vision.task.Backbones.SPEC_FILE_HINT);
    }
}
