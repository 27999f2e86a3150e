package dev.hsresnet.vision.segmentation;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.models.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Registered semantic-segmentation networks: {@code fpn_<backbone>} for every ImageNet-family and
 * small ({@code lite}) backbone of {@link Models}, each with the FPN twin of its backbone's twin.
 * Neck and head widths: 64 and 64 on the small backbones, mmseg's 256 and 128 on the ImageNet
 * ones. 11 classes by default (CamVid's).
 */
public final class SegmentationModels {

    /** The name prefix of the semantic FPN networks. */
    public static final String FPN_PREFIX = "fpn_";

    /** CamVid's classes: the default number of outputs. */
    public static final int DEFAULT_CLASSES = 11;

    /** The nominal input size recorded in a segmentation model's preprocessing (CamVid's height). */
    public static final int NOMINAL_SIZE = 360;

    private SegmentationModels() {}

    /** @return every registered name, in the backbone registry's order */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ModelEntry e : Models.list()) {
            if (usable(e)) {
                names.add(FPN_PREFIX + e.name());
            }
        }
        return names;
    }

    /**
     * @param name a registered name, e.g. {@code fpn_hs_resnet26_lite}
     * @param numClasses output classes
     * @return its spec
     * @throws IllegalArgumentException naming the unknown model and the known ones
     */
    public static FpnSegmentationSpec spec(String name, int numClasses) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        ModelEntry backbone = null;
        if (lower.startsWith(FPN_PREFIX)) {
            String rest = lower.substring(FPN_PREFIX.length());
            backbone = Models.list().stream().filter(e -> e.name().equals(rest)).findFirst()
                    .orElse(null);
        }
        if (backbone == null || !usable(backbone)) {
            throw new IllegalArgumentException("unknown segmentation model '" + name
                    + "'; known: " + String.join(", ", names()));
        }
        boolean small = backbone.family().equals("lite");
        return new FpnSegmentationSpec(backbone.spec(), small ? 64 : 256, small ? 64 : 128,
                numClasses);
    }

    /**
     * The configuration of a registered network for a dataset's classes: the backbone's
     * preprocessing statistics (ImageNet's), images used whole ({@code size} 360, CamVid's height,
     * is the nominal size only).
     *
     * @param name a registered name, e.g. {@code fpn_hs_resnet26_lite}
     * @param labels the class names, one per output
     * @return the configuration, without weights
     */
    public static ModelConfig config(String name, List<String> labels) {
        return config(name, spec(name, labels.size()), labels);
    }

    /**
     * The configuration of any segmentation network.
     *
     * @param name the model's name
     * @param spec the network
     * @param labels the class names, one per output
     * @return the configuration, without weights
     */
    public static ModelConfig config(String name, FpnSegmentationSpec spec, List<String> labels) {
        Preprocessing p = new Preprocessing(NOMINAL_SIZE, 1.0, "bilinear",
                Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD)
                .forChannels(spec.backbone().inChannels());
        return new ModelConfig(ModelConfig.FORMAT, ModelConfig.FORMAT_VERSION, name,
                SegmentationTask.NAME, spec.backbone(), SegmentationTask.head(spec), p, labels,
                null);
    }

    /** @return the plain (or HS) twin's name of a registered segmentation model */
    public static String twin(String name) {
        spec(name, DEFAULT_CLASSES);
        String backbone = name.toLowerCase(Locale.ROOT).substring(FPN_PREFIX.length());
        return FPN_PREFIX + Models.get(backbone).twin();
    }

    private static boolean usable(ModelEntry e) {
        return (e.family().equals("imagenet") || e.family().equals("lite"))
                && e.spec().stages().size() == 4;
    }
}
