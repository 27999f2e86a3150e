package dev.hsresnet.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param outputStride the network's total stride, or {@code null} for its natural one ({@link
 *     #naturalStride()}: 32 for the ImageNet stems with 4 stages): a smaller power of two replaces
 *     the stride 2 of the last stages by dilation, as torchvision's {@code
 *     replace_stride_with_dilation} and timm's {@code output_stride} do ({@link #layout}); the
 *     weights do not change, so a classifier's weights load into its dilated backbone. At least
 *     the stem's reduction (4 for the ImageNet stems, 1 for the cifar stem)
 * @param stemWidth output channels of the {@code deep} or {@code resnet} stem, or {@code null}
 *     for {@value #STEM_CHANNELS}; the deep stem's first two convolutions get half of it. Even, 8
 *     to {@link SpecLimits#MAX_CHANNELS}; not allowed with the {@code cifar} stem (whose width is
 *     stage 1's planes)
 */
@JsonPropertyOrder({
    "stem", "shortcut", "stages", "expansion", "numClasses", "inChannels", "zeroInitLastBn",
    "outputStride", "stemWidth"
})
public record ResNetSpec(
        Stem stem,
        Shortcut shortcut,
        List<StageSpec> stages,
        int expansion,
        int numClasses,
        int inChannels,
        boolean zeroInitLastBn,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer outputStride,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer stemWidth) {

    /** Output channels of the {@code deep} and {@code resnet} stems by default. */
    public static final int STEM_CHANNELS = 64;

    /** Mid channels of the {@code deep} stem at the default width. */
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
            @JsonProperty(value = "zeroInitLastBn", required = true) boolean zeroInitLastBn,
            @JsonProperty("outputStride") Integer outputStride,
            @JsonProperty("stemWidth") Integer stemWidth) {
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
        this.outputStride = outputStride;
        this.stemWidth = stemWidth;
        if (stemWidth != null) {
            if (stem == Stem.CIFAR) {
                throw new InvalidFieldException("stemWidth", "the cifar stem's width is stage 1's "
                        + "planes; stemWidth is for the deep and resnet stems, got " + stemWidth);
            }
            SpecLimits.inRange("stemWidth", stemWidth, 8, SpecLimits.MAX_CHANNELS);
            if (stemWidth % 2 != 0) {
                throw new InvalidFieldException("stemWidth", "must be even (the deep stem's "
                        + "middle convolutions get half), got " + stemWidth);
            }
        }
        if (outputStride != null) {
            int natural = naturalStride();
            int least = stem.reduction();
            if (Integer.bitCount(outputStride) != 1 || outputStride < least
                    || outputStride > natural) {
                throw new InvalidFieldException("outputStride", "must be a power of two from "
                        + least + " (the stem's reduction) to " + natural + " (this network's "
                        + "natural stride), got " + outputStride);
            }
        }
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
        b.outputStride = outputStride;
        b.stemWidth = stemWidth;
        return b;
    }

    /** @return a copy with another classifier size */
    public ResNetSpec withNumClasses(int classes) {
        return toBuilder().numClasses(classes).build();
    }

    /**
     * @param stride the total stride wanted, or {@code null} for the natural one
     * @return a copy with that output stride (the same weights; see {@link #layout})
     */
    public ResNetSpec withOutputStride(Integer stride) {
        return toBuilder().outputStride(stride).build();
    }

    /** @return a copy with another number of input channels */
    public ResNetSpec withInChannels(int channels) {
        return toBuilder().inChannels(channels).build();
    }

    /**
     * @return output channels of the stem: {@link #stemWidth} or 64, or stage 1's planes for the
     *     cifar stem
     */
    public int stemChannels() {
        if (stem == Stem.CIFAR) {
            return stages.get(0).planes();
        }
        return stemWidth != null ? stemWidth : STEM_CHANNELS;
    }

    /** @return channels of the deep stem's first two convolutions: half the stem's (32 by default) */
    public int deepStemMidChannels() {
        return stemChannels() / 2;
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

    /** @return the total stride without dilation: the stem's reduction times 2 per later stage */
    public int naturalStride() {
        return stem.reduction() << (stages.size() - 1);
    }

    /** @return {@link #outputStride} when set, else {@link #naturalStride()} */
    public int effectiveOutputStride() {
        return outputStride != null ? outputStride : naturalStride();
    }

    /** @return whether some stage trades its stride for dilation */
    public boolean isDilated() {
        return effectiveOutputStride() < naturalStride();
    }

    /**
     * Where block {@code block} of stage {@code stage} sits: its stride, its 3x3 dilation and its
     * form. Without dilation the first block of every stage but the first has stride 2 and the
     * stage form, all others stride 1, dilation 1. Once the total stride would pass {@link
     * #effectiveOutputStride()}, a stage's stride 2 becomes stride 1 and the dilation doubles; as
     * in torchvision and timm, that stage's first block still uses the dilation before the
     * doubling, and it keeps the stage form (so its weights keep their shapes).
     *
     * @param stage 0-based stage index
     * @param block 0-based block index within the stage
     * @return the block's layout
     */
    public BlockLayout layout(int stage, int block) {
        int target = effectiveOutputStride();
        int reduction = stem.reduction();
        int dilation = 1;
        for (int i = 0; i <= stage; i++) {
            int stride = stageStride(i);
            int previous = dilation;
            if (stride > 1 && reduction * stride > target) {
                dilation *= stride;
                stride = 1;
            } else {
                reduction *= stride;
            }
            if (i == stage) {
                boolean first = block == 0;
                return new BlockLayout(first ? stride : 1, first ? previous : dilation,
                        first && i > 0);
            }
        }
        throw new IllegalArgumentException("no stage " + stage);
    }

    /** @return the reduction of stage {@code stage}'s output relative to the input */
    public int stageReduction(int stage) {
        int reduction = stem.reduction();
        for (int i = 0; i <= stage; i++) {
            reduction *= layout(i, 0).stride();
        }
        return reduction;
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
        private Integer outputStride;
        private Integer stemWidth;

        private Builder() {}

        /** Sets the deep or resnet stem's output channels (default {@code null}: 64). */
        public Builder stemWidth(Integer value) {
            this.stemWidth = value;
            return this;
        }

        /** Sets the total stride (default {@code null}: natural, no dilation). */
        public Builder outputStride(Integer value) {
            this.outputStride = value;
            return this;
        }

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
                    zeroInitLastBn, outputStride, stemWidth);
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
