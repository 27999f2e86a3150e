package dev.hsresnet.data.detection;

import dev.hsresnet.data.Image;
import dev.hsresnet.data.Transform;
import java.util.SplittableRandom;

/**
 * Applies an image {@link Transform} that keeps the size (normalization, {@link
 * dev.hsresnet.data.segmentation.PhotometricJitter}) to a sample's image and keeps its boxes and
 * masks untouched. A transform that changes the height or width is refused when it happens: the
 * boxes and masks would no longer fit; use a {@link DetectionTransform} for geometric changes.
 */
public final class ImageStep implements DetectionTransform {

    private final Transform transform;

    /**
     * @param transform a size-preserving image transform (thread-safe, as every {@link
     *     Transform})
     * @throws NullPointerException if {@code transform} is null
     */
    public ImageStep(Transform transform) {
        if (transform == null) {
            throw new NullPointerException("transform");
        }
        this.transform = transform;
    }

    /**
     * @throws IllegalStateException naming the transform and both sizes when it changed the
     *     image's height or width
     */
    @Override
    public DetectionSample apply(DetectionSample sample, SplittableRandom rng) {
        Image in = sample.image();
        Image out = transform.apply(in, rng);
        if (out == in) {
            return sample;
        }
        if (out.height() != in.height() || out.width() != in.width()) {
            throw new IllegalStateException("ImageStep(" + transform.getClass().getName()
                    + ") changed the image size from " + in.height() + "x" + in.width()
                    + " to " + out.height() + "x" + out.width() + " (height x width), which"
                    + " would misplace the boxes; use a DetectionTransform for geometric changes");
        }
        return sample.with(out, sample.boxes(), 1, 1);
    }
}
