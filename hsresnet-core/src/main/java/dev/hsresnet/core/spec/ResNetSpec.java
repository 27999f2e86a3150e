package dev.hsresnet.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole architecture of a (HS-)ResNet as a value: enough to rebuild the network, count its
 * parameters and MACs, and name its weights. Serializes to JSON (see {@link SpecJson}) so a saved
 * model can be rebuilt from its own files.
 *
 * <p>The network is: stem, then the stages (stage 1 at stride 1, later stages downsample by 2 in
 * their first block), global average pool, and a linear classifier of {@code numClasses} outputs
 * (none when {@code numClasses == 0}: the network then outputs the pooled features).
 *
 * @param stem the stem type
 * @param shortcut the projection shortcut type
 * @param stages the stages, 1 to {@link SpecLimits#MAX_STAGES}, with at most {@link
 *     SpecLimits#MAX_BLOCKS} blocks in all
 * @param expansion bottleneck expansion, 1 to {@link SpecLimits#MAX_EXPANSION}: a stage outputs
 *     {@code planes * expansion} channels, at most {@link SpecLimits#MAX_CHANNELS}
 * @param numClasses classifier outputs, 0 (no classifier) to {@link SpecLimits#MAX_CLASSES}
 * @param inChannels input image channels (3 for RGB, 1 for grayscale), 1 to {@link
 *     SpecLimits#MAX_IN_CHANNELS}
 * @param zeroInitLastBn whether each block's last BN starts with gamma = 0 (affects initialization
 *     only)
 */
@JsonPropertyOrder({
    "stem", "shortcut", "stages", "expansion", "numClasses", "inChannels", "zeroInitLastBn"
})
public record ResNetSpec(
        Stem stem,
        Shortcut shortcut,
        List<StageSpec> stages,
        int expansion,
        int numClasses,
        int inChannels,
        boolean zeroInitLastBn) {

    /** Output channels of the {@code deep} and {@code resnet} stems. */
    public static final int STEM_CHANNELS = 64;

    /** Mid channels of the {@code deep} stem. */
    public static final int DEEP_STEM_MID_CHANNELS = 32;

    /**
     * Validates the whole architecture against {@link SpecLimits}: an {@link
     * InvalidFieldException} names the field and the bad value.
     */
    @JsonCreator
    public ResNetSpec(
            @JsonProperty(value = "stem", required = true) Stem stem,
            @JsonProperty(value = "shortcut", required = true) Shortcut shortcut,
            @JsonProperty(value = "stages", required = true) List<StageSpec> stages,
            @JsonProperty(value = "expansion", required = true) int expansion,
            @JsonProperty(value = "numClasses", required = true) int numClasses,
            @JsonProperty(value = "inChannels", required = true) int inChannels,
            @JsonProperty(value = "zeroInitLastBn", required = true) boolean zeroInitLastBn) {
        if (stem == null) {
            throw new IllegalArgumentException("stem must be given (deep, resnet or cifar)");
        }
        if (shortcut == null) {
            throw new IllegalArgumentException("shortcut must be given (d or b)");
        }
        if (stages == null || stages.isEmpty()) {
            throw new InvalidFieldException("stages", "at least one stage is required, got none");
        }
        SpecLimits.inRange("stages.length", stages.size(), 1, SpecLimits.MAX_STAGES);
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) == null) {
                throw new InvalidFieldException("stages[" + i + "]", "is null");
            }
        }
        SpecLimits.inRange("expansion", expansion, 1, SpecLimits.MAX_EXPANSION);
        SpecLimits.inRange("numClasses", numClasses, 0, SpecLimits.MAX_CLASSES);
        SpecLimits.inRange("inChannels", inChannels, 1, SpecLimits.MAX_IN_CHANNELS);
        long blocks = 0;
        for (int i = 0; i < stages.size(); i++) {
            StageSpec stage = stages.get(i);
            blocks += stage.depth();
            if ((long) stage.planes() * expansion > SpecLimits.MAX_CHANNELS) {
                throw new InvalidFieldException("stages[" + i + "].planes", "planes * expansion "
                        + "must be at most " + SpecLimits.MAX_CHANNELS + " channels, got "
                        + stage.planes() + " * " + expansion);
            }
        }
        if (blocks > SpecLimits.MAX_BLOCKS) {
            throw new InvalidFieldException("stages", "at most " + SpecLimits.MAX_BLOCKS
                    + " blocks in all, got " + blocks);
        }
        this.stem = stem;
        this.shortcut = shortcut;
        this.stages = List.copyOf(stages);
        this.expansion = expansion;
        this.numClasses = numClasses;
        this.inChannels = inChannels;
        this.zeroInitLastBn = zeroInitLastBn;
    }

    /** @return a builder with the spec's defaults: deep stem, avg-down shortcut, expansion 4 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this spec's values, to derive a variant */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.stem = stem;
        b.shortcut = shortcut;
        b.stages = new ArrayList<>(stages);
        b.expansion = expansion;
        b.numClasses = numClasses;
        b.inChannels = inChannels;
        b.zeroInitLastBn = zeroInitLastBn;
        return b;
    }

    /** @return a copy with another classifier size */
    public ResNetSpec withNumClasses(int classes) {
        return toBuilder().numClasses(classes).build();
    }

    /** @return a copy with another number of input channels */
    public ResNetSpec withInChannels(int channels) {
        return toBuilder().inChannels(channels).build();
    }

    /** @return output channels of the stem: 64, or stage 1's planes for the cifar stem */
    public int stemChannels() {
        return stem == Stem.CIFAR ? stages.get(0).planes() : STEM_CHANNELS;
    }

    /** @return output channels of stage {@code index} (0-based): {@code planes * expansion} */
    public int stageChannels(int index) {
        return stages.get(index).planes() * expansion;
    }

    /** @return channels entering the classifier, i.e. those of the last stage */
    public int featureChannels() {
        return stageChannels(stages.size() - 1);
    }

    /** @return the stride of stage {@code index}'s first block: 1 for stage 0, else 2 */
    public static int stageStride(int index) {
        return index == 0 ? 1 : 2;
    }

    /** @return total number of bottleneck blocks */
    public int blockCount() {
        return stages.stream().mapToInt(StageSpec::depth).sum();
    }

    /** @return whether any stage uses HS blocks */
    public boolean hasHsStages() {
        return stages.stream().anyMatch(StageSpec::usesHs);
    }

    /**
     * Builder in the DJL style. Required: the stages (by {@link #stages} or {@link #depths} with
     * {@link #planes} and optionally {@link #hs}); everything else has the spec's default.
     */
    public static final class Builder {
        private Stem stem = Stem.DEEP;
        private Shortcut shortcut = Shortcut.AVG_DOWN;
        private List<StageSpec> stages;
        private int[] depths;
        private int[] planes;
        private int[] hsS;
        private int[] hsW;
        private int expansion = 4;
        private int numClasses = 1000;
        private int inChannels = 3;
        private boolean zeroInitLastBn = true;

        private Builder() {}

        /** Sets the stem (default {@code deep}). */
        public Builder stem(Stem value) {
            this.stem = value;
            return this;
        }

        /** Sets the shortcut (default avg-down {@code d}). */
        public Builder shortcut(Shortcut value) {
            this.shortcut = value;
            return this;
        }

        /** Sets the stages directly (overrides depths/planes/hs). */
        public Builder stages(List<StageSpec> value) {
            this.stages = new ArrayList<>(value);
            return this;
        }

        /** Sets the number of blocks per stage; use with {@link #planes}. */
        public Builder depths(int... value) {
            this.depths = value.clone();
            this.stages = null;
            return this;
        }

        /** Sets the base width per stage; use with {@link #depths}. */
        public Builder planes(int... value) {
            this.planes = value.clone();
            this.stages = null;
            return this;
        }

        /**
         * Makes every stage an HS stage with the same {@code s} and the given group width per stage.
         */
        public Builder hs(int s, int... widths) {
            this.hsW = widths.clone();
            this.hsS = new int[widths.length];
            java.util.Arrays.fill(this.hsS, s);
            this.stages = null;
            return this;
        }

        /** Sets {@code s} and {@code w} per stage (same lengths as the depths). */
        public Builder hs(int[] s, int[] widths) {
            this.hsS = s.clone();
            this.hsW = widths.clone();
            this.stages = null;
            return this;
        }

        /** Makes every stage plain (3x3 conv), removing any HS settings. */
        public Builder plain() {
            this.hsS = null;
            this.hsW = null;
            if (stages != null) {
                stages.replaceAll(st -> StageSpec.plain(st.depth(), st.planes()));
            }
            return this;
        }

        /** Sets the bottleneck expansion (default 4). */
        public Builder expansion(int value) {
            this.expansion = value;
            return this;
        }

        /** Sets the classifier size (default 1000; 0 = no classifier). */
        public Builder numClasses(int value) {
            this.numClasses = value;
            return this;
        }

        /** Sets the input channels (default 3). */
        public Builder inChannels(int value) {
            this.inChannels = value;
            return this;
        }

        /** Sets whether each block's last BN starts at gamma = 0 (default true). */
        public Builder zeroInitLastBn(boolean value) {
            this.zeroInitLastBn = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the spec
         * @throws IllegalArgumentException naming the bad setting and value
         */
        public ResNetSpec build() {
            return new ResNetSpec(
                    stem, shortcut, resolveStages(), expansion, numClasses, inChannels,
                    zeroInitLastBn);
        }

        private List<StageSpec> resolveStages() {
            if (stages != null) {
                return stages;
            }
            if (depths == null || planes == null) {
                throw new IllegalArgumentException("depths and planes must both be set");
            }
            if (depths.length != planes.length) {
                throw new IllegalArgumentException(
                        "depths and planes need one value per stage, got "
                                + depths.length + " depths and " + planes.length + " planes");
            }
            if (hsW != null && hsW.length != depths.length) {
                throw new IllegalArgumentException(
                        "HS widths need one value per stage (" + depths.length + "), got "
                                + hsW.length);
            }
            if (hsS != null && hsS.length != depths.length) {
                throw new IllegalArgumentException(
                        "HS s needs one value per stage (" + depths.length + "), got "
                                + hsS.length);
            }
            List<StageSpec> result = new ArrayList<>();
            for (int i = 0; i < depths.length; i++) {
                result.add(
                        hsW == null
                                ? StageSpec.plain(depths[i], planes[i])
                                : StageSpec.hs(depths[i], planes[i], hsS[i], hsW[i]));
            }
            return result;
        }
    }
}
