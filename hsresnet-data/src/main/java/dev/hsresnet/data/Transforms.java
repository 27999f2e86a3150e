package dev.hsresnet.data;

import java.util.List;

/** Combinators for {@link Transform}s. */
public final class Transforms {

    private Transforms() {}

    /**
     * Applies the transforms left to right, passing the same generator through.
     *
     * @param transforms the steps, e.g. crop, flip, normalize
     * @return a transform running every step in order
     */
    public static Transform compose(Transform... transforms) {
        List<Transform> steps = List.of(transforms);
        return (image, rng) -> {
            Image out = image;
            for (Transform t : steps) {
                out = t.apply(out, rng);
            }
            return out;
        };
    }

    /** @return the transform that returns its input */
    public static Transform identity() {
        return (image, rng) -> image;
    }
}
