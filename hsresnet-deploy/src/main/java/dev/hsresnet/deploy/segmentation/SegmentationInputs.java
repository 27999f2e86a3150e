package dev.hsresnet.deploy.segmentation;

import ai.djl.ndarray.types.Shape;
import dev.hsresnet.deploy.Inputs;

/** The shape check shared by the segmentation backends. */
final class SegmentationInputs {

    private SegmentationInputs() {}

    /**
     * @return the shape {@code (n, channels, height, width)}
     * @throws IllegalArgumentException when a dimension is below 1 or {@code input} does not hold
     *     exactly that many floats
     */
    static Shape check(float[] input, int n, int channels, int height, int width) {
        Inputs.check(input, n, channels, height, width);
        return new Shape(n, channels, height, width);
    }
}
