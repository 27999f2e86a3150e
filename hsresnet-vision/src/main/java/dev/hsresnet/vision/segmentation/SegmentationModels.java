package dev.hsresnet.vision.segmentation;

import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Preprocessing;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.vision.task.Backbones;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Registered semantic-segmentation networks, for every ImageNet-family and small ({@code lite})
 * backbone of {@link Models}, each with the twin network on its backbone's twin:
 *
 * <ul>
 *   <li>{@code fpn_<backbone>}: FPN neck and semantic FPN head on the undilated backbone; widths
 *       64 and 64 on the small backbones, mmseg's 256 and 128 on the ImageNet ones.
 *   <li>{@code deeplabv3_<backbone>}: the DeepLabV3 ASPP head on the backbone at output stride 8
 *       (rates 12, 24, 36); 256 channels on the ImageNet backbones (torchvision's), 64 on the
 *       small ones. At 360x480 the ASPP's cost grows with its width times C5's 768 channels at
 *       45x60: 64 channels cost about 3.9 GMACs against 5.9 for the dilated {@code
 *       hs_resnet26_lite}, 256 would cost 17.4 (docs/segmentation.md).
 * </ul>
 *
 * <p>None has the auxiliary head; turn it on with {@code spec(name, classes).withAuxHead(true)}.
 * 11 classes by default (CamVid's).
 */
public final class SegmentationModels {

    /** The name prefix of the semantic FPN networks. */
    public static final String FPN_PREFIX = "fpn_";

    /** The name prefix of the DeepLabV3 networks. */
    public static final String DEEPLABV3_PREFIX = "deeplabv3_";

    /** CamVid's classes: the default number of outputs. */
    public static final int DEFAULT_CLASSES = 11;

    /** The nominal input size recorded in a segmentation model's preprocessing (CamVid's height). */
    public static final int NOMINAL_SIZE = 360;

    /** The output stride of the DeepLabV3 networks' backbones. */
    public static final int DEEPLABV3_OUTPUT_STRIDE = 8;

    private static final List<String> PREFIXES = List.of(FPN_PREFIX, DEEPLABV3_PREFIX);

    private SegmentationModels() {}

    /** @return every registered name: the FPN networks, then the DeepLabV3 ones, each in the
     *     backbone registry's order */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String prefix : PREFIXES) {
            for (ModelEntry e : Models.list()) {
                if (usable(e)) {
                    names.add(prefix + e.name());
                }
            }
        }
        return names;
    }

    /**
     * @param name a registered name, e.g. {@code fpn_hs_resnet26_lite} or {@code
     *     deeplabv3_hs_resnet26_lite} (case-insensitive)
     * @param numClasses output classes
     * @return its spec, without the auxiliary head
     * @throws IllegalArgumentException naming the unknown model and the known ones
     */
    public static SegmentationSpec spec(String name, int numClasses) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String prefix = prefixOf(lower);
        ModelEntry backbone = prefix == null ? null
                : Backbones.find(name.substring(prefix.length())).orElse(null);
        if (backbone == null || !usable(backbone)) {
            throw new IllegalArgumentException("unknown segmentation model '" + name
                    + "'; known: " + String.join(", ", names()) + Backbones.SPEC_FILE_HINT);
        }
        boolean small = backbone.family().equals("lite");
        if (prefix.equals(FPN_PREFIX)) {
            return new SegmentationSpec(backbone.spec(), small ? 64 : 256, small ? 64 : 128,
                    numClasses);
        }
        int channels = small ? 64 : 256;
        // no neck: neckChannels is required but unused, set to the head's width
        return new SegmentationSpec(backbone.spec().withOutputStride(DEEPLABV3_OUTPUT_STRIDE),
                channels, channels, numClasses, DecodeHead.ASPP, false);
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
        String prefix = prefixOf(name.toLowerCase(Locale.ROOT));
        return config(prefix == null ? name : Backbones.modelName(name, prefix),
                spec(name, labels.size()), labels);
    }

    /**
     * The configuration of any segmentation network.
     *
     * @param name the model's name
     * @param spec the network
     * @param labels the class names, one per output
     * @return the configuration, without weights
     */
    public static ModelConfig config(String name, SegmentationSpec spec, List<String> labels) {
        Preprocessing p = new Preprocessing(NOMINAL_SIZE, 1.0, "bilinear",
                Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD)
                .forChannels(spec.backbone().inChannels());
        return new ModelConfig(ModelConfig.FORMAT, ModelConfig.FORMAT_VERSION, name,
                SegmentationTask.NAME, spec.backbone(), SegmentationTask.head(spec), p, labels,
                null);
    }

    /**
     * @param name a model name (any case)
     * @return whether it names a segmentation network: a registered one, or a prefix and a
     *     spec file ({@code fpn_runs/search/best.spec.json}) that exists
     */
    public static boolean isKnown(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String prefix = prefixOf(lower);
        return names().contains(lower)
                || prefix != null && Backbones.isSpecFile(name.substring(prefix.length()));
    }

    /** @return the plain (or HS) twin's name of a registered segmentation model */
    public static String twin(String name) {
        spec(name, DEFAULT_CLASSES);
        String lower = name.toLowerCase(Locale.ROOT);
        String prefix = prefixOf(lower);
        return prefix + Models.get(lower.substring(prefix.length())).twin();
    }

    /**
     * @param name a model name (any case)
     * @return its prefix ({@value #FPN_PREFIX} or {@value #DEEPLABV3_PREFIX}), or null
     */
    public static String prefixOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return PREFIXES.stream().filter(lower::startsWith).findFirst().orElse(null);
    }

    private static boolean usable(ModelEntry e) {
        return (e.family().equals("imagenet") || e.family().equals("lite"))
                && e.spec().stages().size() == 4;
    }
}
