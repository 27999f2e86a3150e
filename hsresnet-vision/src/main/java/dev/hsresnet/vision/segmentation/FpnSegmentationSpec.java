package dev.hsresnet.vision.segmentation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecLimits;

/**
 * A semantic-segmentation network as a value: a backbone (any {@link ResNetSpec}, HS or plain,
 * its classifier unused), an {@link dev.hsresnet.vision.neck.Fpn} on its stages 1-4 (C2-C5) and
 * the semantic {@link FpnHead}, logits resized to the input.
 *
 * @param backbone the backbone; its {@code numClasses} is ignored (the network is built headless)
 * @param neckChannels channels of every FPN level, 1 to {@link SpecLimits#MAX_CHANNELS}
 * @param headChannels channels of the head's scale heads, 1 to {@link SpecLimits#MAX_CHANNELS}
 * @param numClasses output classes, 1 to {@link SpecLimits#MAX_CLASSES}
 */
@JsonPropertyOrder({"backbone", "neckChannels", "headChannels", "numClasses"})
public record FpnSegmentationSpec(
        ResNetSpec backbone, int neckChannels, int headChannels, int numClasses) {

    /** Validates: {@link InvalidFieldException} naming the field. */
    @JsonCreator
    public FpnSegmentationSpec(
            @JsonProperty(value = "backbone", required = true) ResNetSpec backbone,
            @JsonProperty(value = "neckChannels", required = true) int neckChannels,
            @JsonProperty(value = "headChannels", required = true) int headChannels,
            @JsonProperty(value = "numClasses", required = true) int numClasses) {
        if (backbone == null) {
            throw new InvalidFieldException("backbone", "must be given");
        }
        if (backbone.stages().size() < 2) {
            throw new InvalidFieldException("backbone.stages", "an FPN needs at least 2 stages, got "
                    + backbone.stages().size());
        }
        SpecLimits.inRange("neckChannels", neckChannels, 1, SpecLimits.MAX_CHANNELS);
        SpecLimits.inRange("headChannels", headChannels, 1, SpecLimits.MAX_CHANNELS);
        SpecLimits.inRange("numClasses", numClasses, 1, SpecLimits.MAX_CLASSES);
        this.backbone = backbone.withNumClasses(0);
        this.neckChannels = neckChannels;
        this.headChannels = headChannels;
        this.numClasses = numClasses;
    }

    /** @return the backbone levels the neck takes: 1 .. number of stages (C2-C5 for 4 stages) */
    public int[] outIndices() {
        int[] levels = new int[backbone.stages().size()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = i + 1;
        }
        return levels;
    }

    /** @return the stride of each level the neck takes, finest first */
    public int[] levelStrides() {
        int[] strides = new int[backbone.stages().size()];
        for (int i = 0; i < strides.length; i++) {
            strides[i] = backbone.stageReduction(i);
        }
        return strides;
    }
}
