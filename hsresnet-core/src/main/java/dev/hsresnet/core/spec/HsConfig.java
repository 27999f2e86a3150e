package dev.hsresnet.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The two knobs of a Hierarchical-Split block: {@code s} groups of {@code w} channels each, so the
 * block works on {@code s * w} channels.
 *
 * @param s number of groups, at least 2
 * @param w channels per group, at least 1
 */
public record HsConfig(int s, int w) {

    /** Validates both knobs. */
    @JsonCreator
    public HsConfig(
            @JsonProperty(value = "s", required = true) int s,
            @JsonProperty(value = "w", required = true) int w) {
        if (s < 2) {
            throw new IllegalArgumentException("HS block s (number of groups) must be >= 2, got " + s);
        }
        if (w < 1) {
            throw new IllegalArgumentException("HS block w (group width) must be >= 1, got " + w);
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
