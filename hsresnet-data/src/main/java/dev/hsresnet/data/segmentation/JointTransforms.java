package dev.hsresnet.data.segmentation;

import java.util.List;

/** Combinators for {@link JointTransform}s. */
public final class JointTransforms {

    private JointTransforms() {}

    /**
     * Applies the transforms left to right, passing the same generator through.
     *
     * @param transforms the steps, e.g. scale, crop, flip, jitter, normalize
     * @return a transform running every step in order
     * @throws NullPointerException if a step is null
     */
    public static JointTransform compose(JointTransform... transforms) {
        List<JointTransform> steps = List.of(transforms);
        return (sample, rng) -> {
            SegmentationSample out = sample;
            for (JointTransform t : steps) {
                out = t.apply(out, rng);
            }
            return out;
        };
    }

    /** @return the transform that returns its input */
    public static JointTransform identity() {
        return (sample, rng) -> sample;
    }
}
