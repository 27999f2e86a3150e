package dev.hsresnet.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The two knobs of a Hierarchical-Split block: {@code s} groups of {@code w} channels each, so the
 * block works on {@code s * w} channels.
 *
 * @param s number of groups, 2 to {@link SpecLimits#MAX_HS_S}
 * @param w channels per group, 1 to {@link SpecLimits#MAX_HS_W}; {@code s * w} at most {@link
 *     SpecLimits#MAX_CHANNELS}
 */
public record HsConfig(int s, int w) {

    /** Validates both knobs: {@link InvalidFieldException} naming the bad one. */
    @JsonCreator
    public HsConfig(
            @JsonProperty(value = "s", required = true) int s,
            @JsonProperty(value = "w", required = true) int w) {
        SpecLimits.inRange("s", s, 2, SpecLimits.MAX_HS_S);
        SpecLimits.inRange("w", w, 1, SpecLimits.MAX_HS_W);
        if ((long) s * w > SpecLimits.MAX_CHANNELS) {
            throw new InvalidFieldException("w", "s * w must be at most " + SpecLimits.MAX_CHANNELS
                    + " channels, got " + s + " * " + w);
        }
        this.s = s;
        this.w = w;
    }

    /** @return the block's channel count, {@code s * w} */
    public int channels() {
        return s * w;
    }

    /**
     * Channels of the 3x3 conv of group {@code i = j + 2} in the hierarchical (stride 1) form,
     * indexed by {@code j = 0 .. s-2}: {@code c_2 = w}, {@code c_i = w + floor(c_{i-1} / 2)}.
     * Each conv maps {@code c_i} channels to {@code c_i}. (In the stride-2 form every conv is
     * {@code w -> w}.) Example: s=5, w=8 gives 8, 12, 14, 15.
     *
     * @return the conv widths, length {@code s - 1}
     */
    public int[] convChannels() {
        int[] c = new int[s - 1];
        c[0] = w;
        for (int j = 1; j < c.length; j++) {
            c[j] = w + c[j - 1] / 2;
        }
        return c;
    }

    /**
     * Channels of conv group {@code j}'s output that go straight to the block output in the
     * hierarchical form: the first {@code ceil(c_i / 2)} for every group but the last, which goes
     * whole. The rest ({@code floor(c_i / 2)}) is the carry into the next group.
     *
     * @return kept channels per conv group, length {@code s - 1}; together with the identity
     *     group's {@code w} they sum to {@code s * w}
     */
    public int[] keptChannels() {
        int[] c = convChannels();
        int[] kept = new int[c.length];
        for (int j = 0; j < c.length; j++) {
            kept[j] = j == c.length - 1 ? c[j] : (c[j] + 1) / 2;
        }
        return kept;
    }
}
