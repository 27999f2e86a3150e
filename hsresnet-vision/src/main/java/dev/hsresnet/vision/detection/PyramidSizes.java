package dev.hsresnet.vision.detection;

import ai.djl.ndarray.types.Shape;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.vision.neck.Fpn;

/**
 * The feature-map sizes of a backbone and FPN for an input size, from the layers' own size
 * arithmetic (each convolution's and pool's {@code floor((n + 2p - k) / s) + 1}, and the extra
 * levels' {@code ceil(n / 2)}): what a forward of that input gives. Shared by the networks built
 * on the pyramid ({@link FcosNet}, the instance network).
 */
public final class PyramidSizes {

    private PyramidSizes() {}

    /**
     * @param backbone the backbone, with the pyramid's out indices
     * @param neck the feature pyramid on it
     * @param inChannels the input's channels
     * @param height input height in pixels
     * @param width input width in pixels
     * @return {@code [levels][2]}: {height, width} of each level, finest first
     * @throws IllegalArgumentException when the input is not positive
     */
    public static int[][] of(ResNet backbone, Fpn neck, int inChannels, long height, long width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + height + "x"
                    + width);
        }
        Shape input = new Shape(1, inChannels, height, width);
        Shape[] levels = neck.getOutputShapes(backbone.getOutputShapes(new Shape[] {input}));
        int[][] sizes = new int[levels.length][];
        for (int i = 0; i < levels.length; i++) {
            sizes[i] = new int[] {Math.toIntExact(levels[i].get(2)),
                Math.toIntExact(levels[i].get(3))};
        }
        return sizes;
    }
}
