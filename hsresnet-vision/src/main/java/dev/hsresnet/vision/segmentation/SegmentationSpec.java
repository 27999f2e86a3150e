package dev.hsresnet.vision.segmentation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecLimits;

/**
 * A semantic-segmentation network as a value: a backbone (any {@link ResNetSpec}, HS or plain,
 * its classifier unused), a decode head, optionally an auxiliary head, logits resized to the
 * input ({@link SegmentationNet}).
 *
 * <p>Decode heads ({@link DecodeHead}):
 *
 * <ul>
 *   <li>{@code fpn}: an {@link dev.hsresnet.vision.neck.Fpn} of {@code neckChannels} on the
 *       backbone's stages 1-4 (C2-C5) and the semantic {@link FpnHead} of {@code headChannels}.
 *   <li>{@code aspp}: no neck ({@code neckChannels} is validated but unused); DeepLabV3's {@link
 *       AsppHead} of {@code headChannels} on the last level (C5) alone. It is meant for a dilated
 *       backbone ({@link ResNetSpec#withOutputStride} 8 or 16: dilation rates 12, 24, 36 or 6,
 *       12, 18, {@link #asppRates()}). An undilated backbone is allowed: the head then runs on
 *       C5 at stride 32 with the rates of stride 16 (6, 12, 18), coarser and cheaper.
 * </ul>
 *
 * <p>With {@code auxHead}, the auxiliary {@link FcnHead} reads the second-to-last level (C4) during
 * training ({@link SegmentationNet}'s training forward returns both logits).
 *
 * <p>JSON: {@code {"backbone", "neckChannels", "headChannels", "numClasses"}} required, {@code
 * "decodeHead"} ({@code "fpn"} when absent) and {@code "auxHead"} ({@code false} when absent)
 * optional; both are always written.
 *
 * @param backbone the backbone; its {@code numClasses} is ignored (the network is built headless)
 * @param neckChannels channels of every FPN level, 1 to {@link SpecLimits#MAX_CHANNELS} (unused
 *     by {@code aspp})
 * @param headChannels channels of the decode head (the FPN head's scale heads, or every ASPP
 *     branch, its projection and the 3x3 conv after it), 1 to {@link SpecLimits#MAX_CHANNELS}
 * @param numClasses output classes, 1 to {@link SpecLimits#MAX_CLASSES}
 * @param decodeHead the decode head; {@code null} in Java means {@link DecodeHead#FPN}
 * @param auxHead whether the auxiliary FCN head on C4 is built (its C4 needs at least 4 channels)
 */
@JsonPropertyOrder({"backbone", "neckChannels", "headChannels", "numClasses", "decodeHead",
    "auxHead"})
public record SegmentationSpec(ResNetSpec backbone, int neckChannels, int headChannels,
        int numClasses, DecodeHead decodeHead, boolean auxHead) {

    /** The ASPP's rates at output stride 8 or below (torchvision's for output stride 8). */
    private static final int[] RATES_OS8 = {12, 24, 36};

    /** The ASPP's rates at output stride 16 or above (torchvision's for output stride 16). */
    private static final int[] RATES_OS16 = {6, 12, 18};

    /** Validates: {@link InvalidFieldException} naming the field. */
    public SegmentationSpec {
        if (backbone == null) {
            throw new InvalidFieldException("backbone", "must be given");
        }
        if (decodeHead == null) {
            decodeHead = DecodeHead.FPN;
        }
        int stages = backbone.stages().size();
        if (decodeHead == DecodeHead.FPN && stages < 2) {
            throw new InvalidFieldException("backbone.stages", "an FPN needs at least 2 stages, got "
                    + stages);
        }
        SpecLimits.inRange("neckChannels", neckChannels, 1, SpecLimits.MAX_CHANNELS);
        SpecLimits.inRange("headChannels", headChannels, 1, SpecLimits.MAX_CHANNELS);
        SpecLimits.inRange("numClasses", numClasses, 1, SpecLimits.MAX_CLASSES);
        if (auxHead) {
            if (stages < 2) {
                throw new InvalidFieldException("auxHead", "the auxiliary head reads the "
                        + "second-to-last stage (C4), but the backbone has " + stages + " stage");
            }
            int c4 = backbone.stageChannels(stages - 2);
            if (c4 < 4) {
                throw new InvalidFieldException("auxHead", "the auxiliary head narrows C4 to a "
                        + "quarter of its channels, so C4 needs at least 4, got " + c4);
            }
        }
        backbone = backbone.withNumClasses(0);
    }

    /**
     * An FPN network without an auxiliary head.
     *
     * @param backbone the backbone
     * @param neckChannels channels of every FPN level
     * @param headChannels channels of the head
     * @param numClasses output classes
     */
    public SegmentationSpec(ResNetSpec backbone, int neckChannels, int headChannels,
            int numClasses) {
        this(backbone, neckChannels, headChannels, numClasses, DecodeHead.FPN, false);
    }

    /** Reads the JSON form: absent {@code decodeHead} is {@code fpn}, absent {@code auxHead} false. */
    @JsonCreator
    static SegmentationSpec fromJson(
            @JsonProperty(value = "backbone", required = true) ResNetSpec backbone,
            @JsonProperty(value = "neckChannels", required = true) int neckChannels,
            @JsonProperty(value = "headChannels", required = true) int headChannels,
            @JsonProperty(value = "numClasses", required = true) int numClasses,
            @JsonProperty("decodeHead") DecodeHead decodeHead,
            @JsonProperty("auxHead") Boolean auxHead) {
        return new SegmentationSpec(backbone, neckChannels, headChannels, numClasses, decodeHead,
                auxHead != null && auxHead);
    }

    /** @return this spec with the auxiliary head on or off */
    public SegmentationSpec withAuxHead(boolean value) {
        return new SegmentationSpec(backbone, neckChannels, headChannels, numClasses, decodeHead,
                value);
    }

    /**
     * @return the backbone levels the network reads (1-based stage numbers, 1 = C2), ascending:
     *     every stage for {@code fpn}; the last for {@code aspp}, with the one before it when the
     *     auxiliary head is on. The last entry is always the last stage, and with {@code auxHead}
     *     the entry before it is the auxiliary head's level.
     */
    public int[] outIndices() {
        int stages = backbone.stages().size();
        if (decodeHead == DecodeHead.ASPP) {
            return auxHead ? new int[] {stages - 1, stages} : new int[] {stages};
        }
        int[] levels = new int[stages];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = i + 1;
        }
        return levels;
    }

    /** @return the stride of each backbone stage's output (the FPN's levels), finest first */
    public int[] levelStrides() {
        int[] strides = new int[backbone.stages().size()];
        for (int i = 0; i < strides.length; i++) {
            strides[i] = backbone.stageReduction(i);
        }
        return strides;
    }

    /**
     * @return the ASPP's three dilation rates, from the backbone's output stride: {@code 12, 24,
     *     36} at 8 or below, {@code 6, 12, 18} at 16 and above (32, an undilated backbone,
     *     included), as torchvision's DeepLabV3 at output strides 8 and 16. Only {@code aspp}
     *     uses them.
     */
    public int[] asppRates() {
        return (backbone.effectiveOutputStride() <= 8 ? RATES_OS8 : RATES_OS16).clone();
    }

    /** @return the channels of the last backbone stage (C5), the ASPP's input */
    public int lastStageChannels() {
        return backbone.featureChannels();
    }

    /** @return the channels of the second-to-last backbone stage (C4), the auxiliary head's input */
    public int auxInChannels() {
        return backbone.stageChannels(backbone.stages().size() - 2);
    }

    /** @return the auxiliary head's hidden channels: a quarter of C4's (torchvision's FCNHead) */
    public int auxChannels() {
        return auxInChannels() / 4;
    }
}
