package dev.hsresnet.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One stage of bottleneck blocks. Stage 1 runs at stride 1, every later stage halves the
 * resolution in its first block.
 *
 * @param depth number of bottleneck blocks, 1 to {@link SpecLimits#MAX_BLOCKS}
 * @param planes base width, 1 to {@link SpecLimits#MAX_PLANES}: the stage outputs {@code planes * expansion} channels, and a plain 3x3
 *     stage works on {@code planes} channels
 * @param hs the HS block's s and w, or {@code null} for a plain 3x3 conv (the baseline ResNet)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StageSpec(int depth, int planes, HsConfig hs) {

    /** Validates the stage: {@link InvalidFieldException} naming the bad field. */
    @JsonCreator
    public StageSpec(
            @JsonProperty(value = "depth", required = true) int depth,
            @JsonProperty(value = "planes", required = true) int planes,
            @JsonProperty("hs") HsConfig hs) {
        SpecLimits.inRange("depth", depth, 1, SpecLimits.MAX_BLOCKS);
        SpecLimits.inRange("planes", planes, 1, SpecLimits.MAX_PLANES);
        this.depth = depth;
        this.planes = planes;
        this.hs = hs;
    }

    /** A stage of HS bottlenecks. */
    public static StageSpec hs(int depth, int planes, int s, int w) {
        return new StageSpec(depth, planes, new HsConfig(s, w));
    }

    /** A stage of plain bottlenecks (3x3 conv of width {@code planes}). */
    public static StageSpec plain(int depth, int planes) {
        return new StageSpec(depth, planes, null);
    }

    /** @return whether the blocks use the HS block as their 3x3 stage */
    public boolean usesHs() {
        return hs != null;
    }

    /** @return channels of the 3x3 stage: {@code s * w} for HS, {@code planes} for plain */
    public int midChannels() {
        return hs != null ? hs.channels() : planes;
    }
}
