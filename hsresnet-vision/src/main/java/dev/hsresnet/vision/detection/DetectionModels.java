package dev.hsresnet.vision.detection;

import dev.hsresnet.vision.task.Backbones;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.models.Preprocessing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Registered FCOS detectors, {@code fcos_<backbone>}, for every ImageNet-family and small
 * ({@code lite}, {@code nano}) backbone of {@link Models}, each with the twin detector on its
 * backbone's twin. All have P3-P7, towers of 4 conv + GroupNorm + ReLU units and the default
 * inference settings of {@link DetectionSpec}.
 *
 * <ul>
 *   <li>ImageNet backbones ({@code fcos_hs_resnet50}, {@code fcos_resnet50d}, ...): the paper's
 *       256 channels in the FPN and the towers, 32 GroupNorm groups.
 *   <li>Small backbones ({@code fcos_hs_resnet26_lite}, {@code fcos_resnet26_lite}, {@code
 *       fcos_hs_resnet26_nano}, {@code fcos_resnet26_nano}): {@value #SMALL_CHANNELS} channels
 *       and {@value #SMALL_GROUPS} GroupNorm groups. The towers run at every location of every
 *       level, so their cost grows with the square of the width: at 512x512 (5,456 locations)
 *       the eight tower convolutions cost {@code 5456 * 8 * 9 * n^2} MACs, 1.61 GMACs at n = 64,
 *       3.62 at 96 and 6.44 at 128, beside 2.27 GMACs for the whole {@code hs_resnet26_lite}
 *       backbone (1.29 for {@code hs_resnet26_nano}). With 256 channels beside a ResNet-50 the
 *       paper's head costs about 1.1 times its backbone; 96 or 128 channels would cost 1.6 or
 *       2.9 times the small backbones, and training is meant to fit 2 hours on 2 cores. 64
 *       channels (0.7 times, 4.2 GMACs in all for {@code fcos_hs_resnet26_lite}) is also the
 *       width of the small segmentation models' FPN, and a single-class detector needs little
 *       width in its classifier tower. 16 groups keep 4 channels per group, within the range
 *       where the GN paper (Wu and He 2018, its table of channels per group) sees little
 *       difference; 32 groups of 64 channels would leave 2, closer to instance norm (1 per
 *       group), which it finds clearly worse. A wider head is one field of {@code model.json}
 *       away.
 * </ul>
 *
 * <p>One class by default (the raccoon and PennFudan sets' single class).
 */
public final class DetectionModels {

    /** The name prefix of the FCOS detectors. */
    public static final String PREFIX = "fcos_";

    /** The default number of classes (raccoon's and PennFudan's single class). */
    public static final int DEFAULT_CLASSES = 1;

    /** The nominal input size recorded in a detector's preprocessing, and the size of the tables. */
    public static final int NOMINAL_SIZE = 512;

    /** FPN and tower channels of the ImageNet-backbone detectors (the paper's). */
    public static final int PAPER_CHANNELS = 256;

    /** FPN and tower channels of the small-backbone detectors. */
    public static final int SMALL_CHANNELS = 64;

    /** GroupNorm groups of the small-backbone detectors. */
    public static final int SMALL_GROUPS = 16;

    private DetectionModels() {}

    /** @return every registered name, in the backbone registry's order */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ModelEntry e : Models.list()) {
            if (usable(e)) {
                names.add(PREFIX + e.name());
            }
        }
        return names;
    }

    /**
     * @param name a registered name, e.g. {@code fcos_hs_resnet26_lite} (case-insensitive)
     * @param numClasses object classes
     * @return its spec
     * @throws IllegalArgumentException naming the unknown model and the known ones
     */
    public static DetectionSpec spec(String name, int numClasses) {
        ModelEntry backbone = backbone(name);
        boolean small = backbone.family().equals("lite");
        return small
                ? new DetectionSpec(backbone.spec(), SMALL_CHANNELS, numClasses, SMALL_GROUPS)
                : new DetectionSpec(backbone.spec(), PAPER_CHANNELS, numClasses,
                        DetectionSpec.DEFAULT_GROUPS);
    }

    /**
     * The configuration of a registered detector for a dataset's classes: the backbone's
     * preprocessing statistics (ImageNet's), nominal size {@value #NOMINAL_SIZE} (the detector
     * runs on any size; the data pipeline decides the resize).
     *
     * @param name a registered name, e.g. {@code fcos_hs_resnet26_lite}
     * @param labels the class names, one per class
     * @return the configuration, without weights
     */
    public static ModelConfig config(String name, List<String> labels) {
        return config(Backbones.modelName(name, PREFIX), spec(name, labels.size()), labels);
    }

    /**
     * The configuration of any detector.
     *
     * @param name the model's name
     * @param spec the network
     * @param labels the class names, one per class
     * @return the configuration, without weights
     */
    public static ModelConfig config(String name, DetectionSpec spec, List<String> labels) {
        Preprocessing p = new Preprocessing(NOMINAL_SIZE, 1.0, "bilinear",
                Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD)
                .forChannels(spec.backbone().inChannels());
        return new ModelConfig(ModelConfig.FORMAT, ModelConfig.FORMAT_VERSION, name,
                DetectionTask.NAME, spec.backbone(), DetectionTask.head(spec), p, labels, null);
    }

    /**
     * @param name a model name (any case)
     * @return whether it names a detector: a registered one, or {@value #PREFIX} and a spec file
     *     that exists
     */
    public static boolean isKnown(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return names().contains(lower)
                || lower.startsWith(PREFIX) && Backbones.isSpecFile(name.substring(PREFIX.length()));
    }

    /** @return the registered name of the twin detector (HS for plain, plain for HS) */
    public static String twin(String name) {
        return PREFIX + backbone(name).twin();
    }

    /**
     * @param name a registered detector name
     * @param height input height in pixels
     * @param width input width in pixels
     * @return its cost with {@link #DEFAULT_CLASSES} classes
     */
    public static DetectionComplexity complexity(String name, int height, int width) {
        return DetectionComplexity.of(spec(name, DEFAULT_CLASSES), height, width);
    }

    private static ModelEntry backbone(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        ModelEntry backbone = lower.startsWith(PREFIX)
                ? Backbones.find(name.substring(PREFIX.length())).orElse(null) : null;
        if (backbone == null || !usable(backbone)) {
            throw new IllegalArgumentException("unknown detection model '" + name + "'; known: "
                    + String.join(", ", names()) + Backbones.SPEC_FILE_HINT);
        }
        return backbone;
    }

    private static boolean usable(ModelEntry e) {
        return (e.family().equals("imagenet") || e.family().equals("lite"))
                && e.spec().stages().size() == 4;
    }
}
