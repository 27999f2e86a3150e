package dev.hsresnet.data.detection;

import dev.hsresnet.data.Normalize;
import dev.hsresnet.data.segmentation.PhotometricJitter;
import java.util.List;

/** Combinators and the usual recipes for {@link DetectionTransform}s. */
public final class DetectionTransforms {

    private DetectionTransforms() {}

    /**
     * Applies the transforms left to right, passing the same generator through.
     *
     * @param transforms the steps, e.g. resize, scale, crop, flip, jitter, normalize
     * @return a transform running every step in order
     * @throws NullPointerException if a step is null
     */
    public static DetectionTransform compose(DetectionTransform... transforms) {
        List<DetectionTransform> steps = List.of(transforms);
        return (sample, rng) -> {
            DetectionSample out = sample;
            for (DetectionTransform t : steps) {
                out = t.apply(out, rng);
            }
            return out;
        };
    }

    /** @return the transform that returns its input */
    public static DetectionTransform identity() {
        return (sample, rng) -> sample;
    }

    /**
     * The evaluation transform: {@link ResizeKeepAspect} to a short side of {@code shortSide}
     * (long side at most {@code maxLongSide}), then {@code normalize}. Deterministic; the
     * sample's scale maps predictions back to the file's pixels.
     *
     * @param shortSide target short side in pixels
     * @param maxLongSide cap of the long side in pixels
     * @param normalize the normalization, e.g. {@link Normalize#imagenet()}
     * @return the transform
     */
    public static DetectionTransform eval(int shortSide, int maxLongSide, Normalize normalize) {
        return compose(new ResizeKeepAspect(shortSide, maxLongSide), new ImageStep(normalize));
    }

    /**
     * A training recipe: {@link ResizeKeepAspect} to a short side drawn in {@code [minShort,
     * maxShort]} (long side at most {@code maxLongSide}), {@link HorizontalBoxFlip} with p 0.5,
     * {@link PhotometricJitter} (0.2, 0.2, 0.2), then {@code normalize}; batches are padded by the
     * loader. Multi-scale training as FCOS and torchvision's detection references do it.
     *
     * @param minShort smallest short side
     * @param maxShort largest short side
     * @param maxLongSide cap of the long side
     * @param normalize the normalization
     * @return the transform
     */
    public static DetectionTransform train(int minShort, int maxShort, int maxLongSide,
            Normalize normalize) {
        return compose(new ResizeKeepAspect(minShort, maxShort, maxLongSide),
                new HorizontalBoxFlip(0.5), new ImageStep(new PhotometricJitter(0.2, 0.2, 0.2)),
                new ImageStep(normalize));
    }
}
