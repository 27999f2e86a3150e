package dev.hsresnet.vision.detection;

import ai.djl.nn.Block;
import dev.hsresnet.core.nn.ResNet;

/** The network of an {@link FcosModel}: a backbone, an FPN and FCOS's head (and maybe more). */
public interface FcosBlock extends Block {

    /** @return the backbone (frozen stages and BatchNorm mode are set on it) */
    ResNet backbone();

    /**
     * The feature-map size of each pyramid level for an input size, from the layers' own size
     * arithmetic.
     *
     * @param height input height in pixels
     * @param width input width in pixels
     * @return {@code [levels][2]}: {height, width} of each level, finest first
     */
    int[][] levelSizes(long height, long width);

    /**
     * Makes the network ready to serve: parameters frozen, the backbone's BatchNorms folded. A
     * training forward then throws; the saved weights do not change.
     */
    void prepareForInference();
}
