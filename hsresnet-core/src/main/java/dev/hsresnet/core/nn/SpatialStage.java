package dev.hsresnet.core.nn;

import ai.djl.nn.Block;
import dev.hsresnet.core.spec.BlockLayout;
import dev.hsresnet.core.spec.HsConfig;
import dev.hsresnet.core.spec.StageSpec;

/**
 * The 3x3 stage of a bottleneck, as a parameter: it maps {@code (N, C, H, W)} to {@code (N, C,
 * H/stride, W/stride)}. This is what makes HS-ResNets and their plain twins come from one builder.
 */
public interface SpatialStage {

    /**
     * @return the child name in the bottleneck's PyTorch namespace ({@code hs}); ignored for
     *     blocks that are {@link InlineChildren}
     */
    String childName();

    /** @return the channels the stage works on, given the stage's planes */
    int channels(int planes);

    /**
     * Creates the block of an undilated network.
     *
     * @param channels channels in and out
     * @param stride 1 or 2
     * @return the block
     */
    default Block create(int channels, int stride) {
        return create(channels, BlockLayout.undilated(stride));
    }

    /**
     * Creates the block.
     *
     * @param channels channels in and out
     * @param layout stride, dilation and form ({@link dev.hsresnet.core.spec.ResNetSpec#layout})
     * @return the block
     */
    Block create(int channels, BlockLayout layout);

    /** @return the HS block with the given knobs (child {@code hs}) */
    static SpatialStage hs(HsConfig config) {
        return new SpatialStage() {
            @Override
            public String childName() {
                return "hs";
            }

            @Override
            public int channels(int planes) {
                return config.channels();
            }

            @Override
            public Block create(int channels, BlockLayout layout) {
                if (channels != config.channels()) {
                    throw new IllegalArgumentException(
                            "HS stage with s=" + config.s() + ", w=" + config.w() + " has "
                                    + config.channels() + " channels, asked for " + channels);
                }
                return new HSBlock(config, layout);
            }
        };
    }

    /** @return the baseline's 3x3 conv + BN + ReLU of width {@code planes} (children conv2, bn2) */
    static SpatialStage plain() {
        return new SpatialStage() {
            @Override
            public String childName() {
                return "conv2";
            }

            @Override
            public int channels(int planes) {
                return planes;
            }

            @Override
            public Block create(int channels, BlockLayout layout) {
                return new PlainConvStage(channels, layout.stride(), layout.dilation());
            }
        };
    }

    /** @return the stage a {@link StageSpec} asks for */
    static SpatialStage of(StageSpec stage) {
        return stage.usesHs() ? hs(stage.hs()) : plain();
    }
}
